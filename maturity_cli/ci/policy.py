"""CI policy files: which levels an assessment must reach, waivers, and staleness.

A policy is YAML (default ``.maturity.yml``); see ``docs/ci.md`` for the format::

    max_age_days: 180
    targets:
      - framework: some-framework
        min_level: 2
      - framework: some-framework
        dimension: monitoring
        min_level: 3
        severity: warning
      - criterion: ms-2-tracking
    waivers:
      - target: some-framework/monitoring
        reason: Monitoring platform migration in Q1
        owner: jane@example.com
        expires: 2027-03-31

Command-line flags become extra targets (:func:`parse_level_flag`,
:func:`with_overrides`) that replace file targets with the same key.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from maturity_cli.errors import Problem, ProblemList, UsageError
from maturity_cli.load.convert import convert
from maturity_cli.load.reader import Locator, PathItem, parse_document, read_text

DEFAULT_POLICY = ".maturity.yml"
MAX_AGE_KEY = "max_age"

Severity = Literal["error", "warning"]
TargetKind = Literal["framework", "dimension", "criterion", "max_age"]
_Text = Annotated[str, msgspec.Meta(min_length=1)]
_Days = Annotated[int, msgspec.Meta(ge=0, description="Days; 0 means assessed today.")]
_Level = Annotated[int, msgspec.Meta(ge=0)]


class _Strict(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class TargetSpec(_Strict, frozen=True):
    """One requirement: a framework level, a dimension level, or a criterion to meet."""

    framework: str | None = None
    dimension: str | None = None
    criterion: str | None = None
    min_level: _Level | None = None
    severity: Severity = "error"
    #: In a base policy: teams that extend it cannot lower, replace or waive this target.
    locked: bool = False


class WaiverSpec(_Strict, frozen=True):
    """Accept a missed target for a while, with a reason and (ideally) an owner."""

    target: _Text
    reason: _Text
    owner: str = ""
    expires: dt.date | None = None
    #: Only waive for answers files with this subject (default: every subject).
    subject: str | None = None


class EvidenceRules(_Strict, frozen=True):
    """What the check asks of a repository's evidence (with ``--scan`` or ``--evidence``)."""

    contradictions: Severity = "error"
    min_confidence: Literal["low", "medium", "high"] = "low"
    backed_above: _Level | None = None


class PolicyFile(_Strict, frozen=True):
    """A whole policy file."""

    #: Base policies (paths relative to this file, or ``package:NAME/PATH``), applied first.
    extends: list[_Text] | _Text | None = None
    max_age_days: _Days | None = None
    max_age_severity: Severity = "error"
    #: Lock ``max_age_days`` for policies that extend this one.
    max_age_locked: bool = False
    #: Waiver governance: every waiver needs an expiry date / an owner; at most N days ahead.
    require_expiry: bool = False
    require_owner: bool = False
    max_waiver_days: _Days | None = None
    targets: list[TargetSpec] = []
    waivers: list[WaiverSpec] = []
    #: Rules for answers set against a repository scan (docs/evidence.md).
    evidence: EvidenceRules | None = None


@dataclass(frozen=True)
class Target:
    """A checked target; ``framework`` may be ``None`` for a dimension until resolved."""

    kind: TargetKind
    severity: Severity = "error"
    framework: str | None = None
    dimension: str | None = None
    criterion: str | None = None
    min_level: int | None = None
    max_age_days: int | None = None
    from_flag: bool = False
    #: Set in a base policy: cannot be lowered, replaced or waived by what extends it.
    locked: bool = False
    #: Where the target was written (file, line, column), for error messages.
    origin: Problem | None = None

    @property
    def key(self) -> str:
        """What waivers name: ``fw``, ``fw/dim`` (or ``dim``), ``criterion`` or ``max_age``."""
        if self.kind == "framework":
            return str(self.framework)
        if self.kind == "dimension":
            return f"{self.framework}/{self.dimension}" if self.framework else str(self.dimension)
        if self.kind == "criterion":
            return str(self.criterion)
        return MAX_AGE_KEY

    @property
    def label(self) -> str:
        """Human name of the target, e.g. ``gate/dev >= 2``."""
        if self.kind == "criterion":
            return f"criterion {self.criterion}"
        if self.kind == "max_age":
            return f"assessed within {self.max_age_days} days"
        return f"{self.key} >= {self.min_level}"


@dataclass(frozen=True)
class Waiver:
    """A checked waiver."""

    target: str
    reason: str
    owner: str = ""
    expires: dt.date | None = None
    subject: str | None = None
    origin: Problem | None = None
    #: Written in a base policy (an organisation's), not in the team's own.
    from_base: bool = False

    def active(self, today: dt.date) -> bool:
        """Whether the waiver still holds on ``today`` (it holds through its expiry day)."""
        return self.expires is None or today <= self.expires


@dataclass(frozen=True)
class Governance:
    """Rules every waiver must follow (the strictest of a policy and its bases)."""

    require_expiry: bool = False
    require_owner: bool = False
    max_waiver_days: int | None = None


@dataclass(frozen=True)
class Policy:
    """Targets and waivers to check results against."""

    targets: tuple[Target, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    source: str | None = None
    #: Report missed targets (and regressions) as warnings only: never fail.
    warn_only: bool = False
    governance: Governance = Governance()
    #: Base policy files named by ``extends`` (resolved), for ``load_policy``.
    extends: tuple[str, ...] = ()
    #: Rules for answers set against a repository scan, if the policy has them.
    evidence: EvidenceRules | None = None

    @property
    def max_age_days(self) -> int | None:
        for target in self.targets:
            if target.kind == "max_age":
                return target.max_age_days
        return None


def load_policy(path: Path) -> Policy:
    """Read, validate and check one policy file, without its bases (see ``ci.central``)."""
    text = read_text(path)
    return parse_policy(text, str(path))


def parse_policy(text: str, filename: str) -> Policy:
    """Validate policy text; every problem is reported with its line and column."""
    data = parse_document(text, filename)
    locator = Locator(text, filename)
    spec: PolicyFile = convert({} if data is None else data, PolicyFile, locator, "policy")
    problems = ProblemList()
    targets: list[Target] = []
    if spec.max_age_days is not None:
        targets.append(
            Target(
                "max_age",
                severity=spec.max_age_severity,
                max_age_days=spec.max_age_days,
                locked=spec.max_age_locked,
                origin=locator.problem("", ["max_age_days"]),
            )
        )
    for i, t in enumerate(spec.targets):
        target = _target(t, ["targets", i], locator, problems)
        if target is not None:
            targets.append(target)
    waivers = [
        w for i, spec_w in enumerate(spec.waivers) if (w := _waiver(spec_w, i, locator, problems))
    ]
    problems.raise_if_any()
    extends = [spec.extends] if isinstance(spec.extends, str) else list(spec.extends or [])
    rules = Governance(spec.require_expiry, spec.require_owner, spec.max_waiver_days)
    return Policy(
        tuple(targets), tuple(waivers), filename, False, rules, tuple(extends), spec.evidence
    )


def _target(
    t: TargetSpec, where: list[PathItem], locator: Locator, problems: ProblemList
) -> Target | None:
    origin = locator.problem("", where)
    name = f"targets[{where[1]}]"
    if t.criterion is not None:
        if t.framework is not None or t.dimension is not None or t.min_level is not None:
            problems.add(
                locator.problem(
                    f"{name}: a criterion target takes no framework, dimension or min_level",
                    where,
                    hint="write either 'criterion: ID' or 'framework: ID' + 'min_level: N'",
                )
            )
            return None
        return Target(
            "criterion", t.severity, criterion=t.criterion, locked=t.locked, origin=origin
        )
    if t.framework is None and t.dimension is None:
        problems.add(
            locator.problem(
                f"{name}: a target needs 'framework', 'dimension' or 'criterion'",
                where,
                hint="e.g. '- framework: FRAMEWORK_ID' with 'min_level: 2' (ids: maturity list)",
            )
        )
        return None
    if t.min_level is None:
        problems.add(
            locator.problem(
                f"{name}: missing required key 'min_level'",
                where,
                hint="the lowest level that passes, e.g. 'min_level: 2'",
            )
        )
        return None
    kind: TargetKind = "framework" if t.dimension is None else "dimension"
    return Target(
        kind,
        t.severity,
        framework=t.framework,
        dimension=t.dimension,
        min_level=t.min_level,
        locked=t.locked,
        origin=origin,
    )


def _waiver(w: WaiverSpec, i: int, locator: Locator, problems: ProblemList) -> Waiver | None:
    if not w.reason.strip():
        problems.add(
            locator.problem(
                f"waivers[{i}].reason: a waiver needs a reason",
                ["waivers", i, "reason"],
                hint="say why the target is accepted as missed, and until when",
            )
        )
        return None
    return Waiver(
        target=w.target,
        reason=w.reason.strip(),
        owner=w.owner,
        expires=w.expires,
        subject=w.subject,
        origin=locator.problem("", ["waivers", i, "target"]),
    )


_LEVEL_FLAG = re.compile(r"^\s*([^=\s]+)\s*=\s*(\d+)\s*$")


def parse_level_flag(raw: str, option: str) -> Target:
    """``FRAMEWORK=N`` (``--min-level``) or ``[FRAMEWORK/]DIMENSION=N`` (``--min-dimension``)."""
    match = _LEVEL_FLAG.match(raw)
    example = "FRAMEWORK=2" if option == "--min-level" else "FRAMEWORK/DIMENSION=3"
    if not match:
        raise UsageError(
            Problem(
                f"{option} {raw!r}: expected NAME=LEVEL",
                hint=f"e.g. {option} {example} (LEVEL is a whole number)",
            )
        )
    name, level = match.group(1), int(match.group(2))
    if option == "--min-level":
        if "/" in name:
            raise UsageError(
                Problem(
                    f"{option} {raw!r}: a framework id has no '/'",
                    hint=f"for a dimension use --min-dimension {raw}",
                )
            )
        return Target("framework", framework=name, min_level=level, from_flag=True)
    framework, _, dimension = name.rpartition("/")
    if not dimension or (not framework and "/" in name):
        raise UsageError(
            Problem(f"{option} {raw!r}: expected FRAMEWORK/DIMENSION=LEVEL", hint=f"e.g. {example}")
        )
    return Target(
        "dimension",
        framework=framework or None,
        dimension=dimension,
        min_level=level,
        from_flag=True,
    )


def with_overrides(
    policy: Policy,
    extra: list[Target],
    *,
    max_age_days: int | None = None,
    warn_only: bool = False,
) -> Policy:
    """Add command-line targets (they win over file targets with the same key).

    A locked target cannot be loosened by a flag: a lower level, or a longer
    ``--max-age``, is a usage error; ``--warn-only`` leaves locked targets errors.
    """
    targets = list(policy.targets)
    if max_age_days is not None:
        if max_age_days < 0:
            raise UsageError(Problem("--max-age must be 0 or more days"))
        _refuse_to_loosen(targets, Target("max_age", max_age_days=max_age_days))
        targets = [t for t in targets if t.kind != "max_age" or t.locked]
        targets.insert(0, Target("max_age", max_age_days=max_age_days, from_flag=True))
    for flag in extra:
        _refuse_to_loosen(targets, flag)
    targets.extend(extra)
    if warn_only:  # locked targets keep failing the build
        targets = [t if t.locked else replace(t, severity="warning") for t in targets]
    return replace(policy, targets=tuple(targets), warn_only=policy.warn_only or warn_only)


def loosens(new: Target, old: Target) -> bool:
    """Whether ``new`` asks less than ``old`` (same key): a lower level or a longer age."""
    if new.kind == "max_age":
        return (new.max_age_days or 0) > (old.max_age_days or 0) or new.severity != old.severity
    if new.kind == "criterion":
        return new.severity != old.severity
    return (new.min_level or 0) < (old.min_level or 0) or new.severity != old.severity


def _refuse_to_loosen(targets: list[Target], flag: Target) -> None:
    for t in targets:
        if t.locked and t.key == flag.key and loosens(replace(flag, severity=t.severity), t):
            where = f" ({t.origin.location()})" if t.origin else ""
            raise UsageError(
                Problem(
                    f"target {t.label} is locked by the central policy{where}; "
                    "a flag cannot lower it",
                    hint="raise it instead, or ask the policy's owners",
                )
            )
