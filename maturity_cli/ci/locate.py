"""Where a check outcome points in the repository: answers-file lines, relative paths.

Annotations and SARIF results point at the line of the first answer that bears on
a missed target, else at the target's line in the policy, else at the file.
Paths are made relative to the repository root (``GITHUB_WORKSPACE`` under GitHub
Actions, else the nearest folder above the working directory holding ``.git``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from maturity_cli.ci.outcome import Outcome
from maturity_cli.errors import MaturityError
from maturity_cli.load.reader import Locator, read_text


def repository_root(start: Path | None = None) -> Path | None:
    """The repository the run is in: ``$GITHUB_WORKSPACE`` or the nearest ``.git`` above."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        return Path(workspace).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


@dataclass(frozen=True)
class Spot:
    """A repository-relative file with an optional 1-based line and column."""

    file: str
    line: int | None = None
    column: int | None = None


_KEEP = 4
"""Answers files whose lines are remembered: a file's outcomes come together."""


class Locations:
    """Finds answer lines and relative paths.

    An answers file is read when one of its outcomes is first located and kept
    while its outcomes come; only the last few files are kept, so memory does
    not grow with the number of files.
    """

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self._locators: dict[str, Locator | None] = {}

    def relative(self, path: str) -> str:
        """``path`` relative to the repository root, with forward slashes."""
        if self.root is None:
            return Path(path).as_posix()
        absolute = Path(path).resolve()
        try:
            return absolute.relative_to(self.root).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def _locator(self, source: str) -> Locator | None:
        if source in self._locators:
            return self._locators[source]
        if len(self._locators) >= _KEEP:
            del self._locators[next(iter(self._locators))]
        try:
            found: Locator | None = Locator(read_text(Path(source)), source)
        except (MaturityError, OSError):
            found = None
        self._locators[source] = found
        return found

    def answer(self, source: str, question: str) -> tuple[int, int] | None:
        """Line and column of ``question``'s key under ``answers:`` in the file."""
        locator = self._locator(source)
        node = locator.node(["answers", question], key=True) if locator else None
        if isinstance(node, yaml.ScalarNode) and str(node.value) == question:
            return node.start_mark.line + 1, node.start_mark.column + 1
        return None

    def outcome(self, o: Outcome) -> Spot:
        """Where to show ``o``: its first located answer, else its policy line, else its file."""
        for question in o.questions:
            found = self.answer(o.source, question)
            if found is not None:
                return Spot(self.relative(o.source), *found)
        if o.defined_at is not None and o.defined_at.line is not None:
            return Spot(self.relative(o.defined_at.file), o.defined_at.line, o.defined_at.column)
        return Spot(self.relative(o.source))
