"""User-facing errors, each carrying where the problem is and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One located problem in a file the user gave us."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    excerpt: str | None = None

    def location(self) -> str:
        """``file:line:column`` as far as it is known."""
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def render(self) -> str:
        """The problem as a few plain lines of text."""
        text = f"{self.location()}: {self.message}" if self.file else self.message
        if self.excerpt:
            text += "\n" + self.excerpt
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class MaturityError(Exception):
    """Base class of every error caused by what the user gave us (exit code 2)."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = problems
        super().__init__("\n".join(p.render() for p in problems))

    def __reduce__(self) -> tuple[type[MaturityError], tuple[list[Problem]]]:
        # Keep the located problems when the error crosses to another process.
        return (type(self), (self.problems,))


class InvalidFile(MaturityError):
    """A questionnaire, answers, policy or template file is malformed or inconsistent."""


class UsageError(MaturityError):
    """The command line asks for something that cannot be done."""


@dataclass
class ProblemList:
    """Collects problems so a file reports all of them at once, not just the first."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        """Record one problem."""
        self.problems.append(problem)

    def raise_if_any(self) -> None:
        """Raise :class:`InvalidFile` with every problem collected so far."""
        if self.problems:
            raise InvalidFile(list(self.problems))
