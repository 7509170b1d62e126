"""What ``maturity check`` reports: outcomes per target and file, file errors, warnings.

These frozen structs are the JSON output of ``maturity check --format json``
(``schema_version`` :data:`SCHEMA_VERSION`; ``maturity schema check``). A check
streams: its outcomes come one file at a time, and :class:`CheckEnd` holds the
rest of the report once every file is checked.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from maturity_cli.ci.policy import Severity
from maturity_cli.errors import Problem

#: Version of the check and diff JSON documents; raised on incompatible changes.
SCHEMA_VERSION = 1

Status = Literal["pass", "fail", "warn", "waived", "error-stale"]
OutcomeKind = Literal["framework", "dimension", "criterion", "max_age", "regression"]
FAILING: frozenset[str] = frozenset({"fail", "error-stale"})


class _Frozen(msgspec.Struct, frozen=True, kw_only=True):
    pass


class Where(_Frozen, frozen=True):
    """A place in a file (1-based line and column)."""

    file: str
    line: int | None = None
    column: int | None = None


class WaiverInfo(_Frozen, frozen=True):
    """A waiver as shown in reports."""

    target: str
    reason: str
    owner: str
    expires: str | None


class FileError(_Frozen, frozen=True):
    """A file that could not be checked, and why."""

    source: str
    message: str
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    @classmethod
    def from_problem(cls, problem: Problem, source: str) -> FileError:
        return cls(
            source=problem.file or source,
            message=problem.message,
            line=problem.line,
            column=problem.column,
            hint=problem.hint,
        )

    def render(self) -> str:
        """``file:line:column: message`` plus the hint."""
        where = ":".join(
            [self.source, *(str(n) for n in (self.line, self.column) if n is not None)]
        )
        return f"{where}: {self.message}" + (f"\n  hint: {self.hint}" if self.hint else "")


class Outcome(_Frozen, frozen=True):
    """One target checked against one answers file."""

    source: str
    subject: str
    target: str
    label: str
    kind: OutcomeKind
    severity: Severity
    required: str
    actual: str
    status: Status
    advice: str = ""
    waiver: WaiverInfo | None = None
    #: Criteria behind a miss (unmet, or lost since the baseline), all of them.
    criteria: list[str] = []
    #: Questions whose answers bear on a miss (changed ones for a regression).
    questions: list[str] = []
    #: Where the target was written (a policy file), if it came from one.
    defined_at: Where | None = None


class CheckEnd(_Frozen, frozen=True):
    """What a check knows once every file is checked: all of its report but the outcomes."""

    today: str
    policy: str | None
    errors: list[FileError] = []
    expired_waivers: list[WaiverInfo] = []
    warnings: list[str] = []

    def report(self, outcomes: list[Outcome]) -> CheckReport:
        """The whole report, with these outcomes."""
        return CheckReport(
            schema_version=SCHEMA_VERSION,
            today=self.today,
            policy=self.policy,
            outcomes=outcomes,
            errors=self.errors,
            expired_waivers=self.expired_waivers,
            warnings=self.warnings,
        )


class CheckReport(_Frozen, frozen=True):
    """All outcomes, files that could not be checked, expired waivers and warnings."""

    schema_version: int
    today: str
    policy: str | None
    outcomes: list[Outcome]
    errors: list[FileError] = []
    expired_waivers: list[WaiverInfo] = []
    warnings: list[str] = []

    @property
    def failed(self) -> bool:
        """Whether any error-level target was missed (exit code 1)."""
        return any(o.status in FAILING for o in self.outcomes)

    @property
    def missed(self) -> list[Outcome]:
        """The missed error-level targets."""
        return [o for o in self.outcomes if o.status in FAILING]

    @property
    def sources(self) -> list[str]:
        """Every file checked or that could not be checked, in order, each once."""
        return list(
            dict.fromkeys([*(o.source for o in self.outcomes), *(e.source for e in self.errors)])
        )

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)
