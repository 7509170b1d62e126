"""The CI gate: check scored results against a policy (pure; the CLI prints).

:func:`check` gives one :class:`Outcome` per target per answers file, with the
level required, the level reached, a status and what to do about it. Files
that could not be read or scored are passed in as problems and come out as
:class:`FileError` entries, so one bad file never hides the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import msgspec

from maturity_cli.ci.central import govern
from maturity_cli.ci.diff import level_text
from maturity_cli.ci.outcome import (
    FAILING,
    CheckEnd,
    CheckReport,
    FileError,
    Outcome,
    Status,
    WaiverInfo,
    Where,
)
from maturity_cli.ci.policy import Policy, Severity, Target, Waiver
from maturity_cli.ci.regress import Baselines, regressions
from maturity_cli.ci.resolve import Scope, check_waiver, resolve_all, scope_of_result
from maturity_cli.errors import Problem, ProblemList
from maturity_cli.scoring.result import CriterionResult, FrameworkResult, Result

__all__ = [
    "FAILING",
    "CheckEnd",
    "CheckReport",
    "FileError",
    "Gate",
    "Outcome",
    "WaiverInfo",
    "check",
]


def check(
    results: Iterable[Result],
    policy: Policy,
    today: dt.date,
    baseline: Iterable[Result] = (),
    errors: Sequence[Problem] = (),
) -> CheckReport:
    """Check every result against every target; raise ``InvalidFile`` for unknown ids.

    ``errors`` are problems of files that could not be scored (read after
    ``results``, so a generator may add to it): they are reported, and the other
    files are still checked. The whole report is kept: use :class:`Gate` to
    stream the outcomes instead.
    """
    gate = Gate(policy, today, baseline)
    outcomes = [o for result in results for o in gate.outcomes(result)]
    return gate.finish(errors).report(outcomes)


class Gate:
    """The gate one result at a time: its outcomes at once, the rest of the report at the end.

    No result is kept. What grows with the number of files is the baseline
    warnings (one per file without a baseline) and nothing else: waivers that
    name a subject only need to know whether that subject was seen.
    """

    def __init__(self, policy: Policy, today: dt.date, baseline: Iterable[Result] = ()) -> None:
        govern(policy, today)
        self.policy, self.today = policy, today
        self.problems = ProblemList()
        self.resolver = _Resolver(policy, self.problems)
        self.index = Baselines(baseline)
        self.warnings = list(self.index.warnings)
        self.used: set[int] = set()
        self.named = {w.subject for w in policy.waivers if w.subject is not None}
        self.subjects: set[str] = set()
        self.seen = False

    def outcomes(self, result: Result) -> list[Outcome]:
        """The outcomes of one result, waivers applied."""
        self.seen = True
        if result.subject in self.named:
            self.subjects.add(result.subject)
        warn_only = self.policy.warn_only
        found = [_outcome(t, result, self.today, warn_only) for t in self.resolver.targets(result)]
        old, warning = self.index.match(result)
        if warning:
            self.warnings.append(warning)
        if old is not None:
            found += regressions(old, result, "warning" if warn_only else "error")
        return [_waive(o, self.policy.waivers, result, self.today, self.used) for o in found]

    def finish(self, errors: Sequence[Problem] = ()) -> CheckEnd:
        """Errors, expired waivers and warnings; raise ``InvalidFile`` for unknown ids."""
        self.resolver.check_waivers()
        self.problems.raise_if_any()
        warnings = self.warnings + self.index.unmatched()
        if self.seen:
            warnings += _waiver_warnings(self.policy.waivers, self.subjects, self.used, self.today)
        return CheckEnd(
            today=self.today.isoformat(),
            policy=self.policy.source,
            errors=[FileError.from_problem(p, p.file or "<input>") for p in errors],
            expired_waivers=[_info(w) for w in self.policy.waivers if not w.active(self.today)],
            warnings=warnings,
        )


class _Resolver:
    """The policy's targets resolved once per questionnaire version."""

    def __init__(self, policy: Policy, problems: ProblemList) -> None:
        self.policy = policy
        self.problems = problems
        self.scopes: dict[tuple[str, str], tuple[Scope, list[Target]]] = {}

    def targets(self, result: Result) -> list[Target]:
        key = (result.questionnaire.id, result.questionnaire.version)
        found = self.scopes.get(key)
        if found is None:
            scope = scope_of_result(result)
            found = self.scopes[key] = (
                scope,
                resolve_all(self.policy.targets, scope, self.problems),
            )
        return found[1]

    def check_waivers(self) -> None:
        if not self.scopes:
            return
        known = list(dict.fromkeys(k for s, _ in self.scopes.values() for k in s.keys()))  # noqa: SIM118
        for w in self.policy.waivers:
            check_waiver(w, known, self.problems)


# -- evaluating ------------------------------------------------------------------------------


def _miss(severity: Severity) -> Status:
    return "fail" if severity == "error" else "warn"


def _outcome(target: Target, result: Result, today: dt.date, warn_only: bool) -> Outcome:
    base = _base(target, result)
    if target.kind == "max_age":
        return _age_outcome(target, result, today, base, warn_only)
    if target.kind == "criterion":
        crit = next(c for fw in result.frameworks for c in fw.criteria if c.id == target.criterion)
        if crit.met:
            return msgspec.structs.replace(base, required="met", actual="met")
        return msgspec.structs.replace(
            base,
            required="met",
            actual="not met",
            status=_miss(target.severity),
            advice=_advise([crit], result, crit.dimension, f"meet: {crit.text.rstrip('.')}"),
            criteria=[crit.id],
            questions=_questions(result, {crit.dimension}),
        )
    fw = result.framework(str(target.framework))
    required = int(target.min_level or 0)
    names = {lv.level: lv.name for lv in fw.levels}
    if target.kind == "framework":
        level: int | None = fw.level
        actual = level_text(fw.level, fw.level_name)
    else:
        dim = next(d for d in fw.dimensions if d.id == target.dimension)
        level, actual = dim.level, level_text(dim.level, dim.level_name)
    base = msgspec.structs.replace(
        base, required=level_text(required, names.get(required)), actual=actual
    )
    if level is not None and level >= required:
        return base
    unmet = _unmet(fw, target.dimension, level, required)
    dims: set[str | None] = {target.dimension} if target.dimension else {c.dimension for c in unmet}
    return msgspec.structs.replace(
        base,
        status=_miss(target.severity),
        advice=_level_advice(fw, target.dimension, unmet, required, result),
        criteria=[c.id for c in unmet],
        questions=_questions(result, dims),
    )


def _questions(result: Result, dimensions: set[str | None]) -> list[str]:
    """Answered questions of these dimensions (the answers a reader should look at)."""
    return [
        a.question
        for a in result.answers
        if a.dimension in dimensions and a.status != "not_asked" and not a.context
    ]


def _base(target: Target, result: Result) -> Outcome:
    o = target.origin
    return Outcome(
        source=result.source,
        subject=result.subject,
        target=target.key,
        label=target.label,
        kind=target.kind,
        severity=target.severity,
        required="",
        actual="",
        status="pass",
        defined_at=Where(file=o.file, line=o.line, column=o.column) if o and o.file else None,
    )


def _age_outcome(
    target: Target, result: Result, today: dt.date, base: Outcome, warn_only: bool
) -> Outcome:
    days = int(target.max_age_days or 0)
    required = f"≤ {days} days old"
    stale: Status = "error-stale" if target.severity == "error" else "warn"
    try:
        assessed = dt.date.fromisoformat(result.assessed_on) if result.assessed_on else None
    except ValueError:
        assessed = None
    if assessed is None:
        return msgspec.structs.replace(
            base,
            required=required,
            actual="no assessed_on date",
            status=stale,
            advice="add 'assessed_on: YYYY-MM-DD' to the answers file (the day it was answered)",
        )
    age = (today - assessed).days
    if age < 0:  # never "fresh": a date in the future is a mistake, whatever the severity
        return msgspec.structs.replace(
            base,
            required=required,
            actual=f"assessed in the future ({assessed.isoformat()})",
            status="warn" if warn_only else "error-stale",
            advice=f"set assessed_on to the day the questions were answered (on or before "
            f"{today.isoformat()})",
        )
    ok = age <= days
    return msgspec.structs.replace(
        base,
        required=required,
        actual=f"{age} days old ({assessed.isoformat()})",
        status="pass" if ok else stale,
        advice="" if ok else "re-assess: answer the questions again and update assessed_on",
    )


def _unmet(
    fw: FrameworkResult, dimension: str | None, level: int | None, required: int
) -> list[CriterionResult]:
    floor = -1 if level is None else level
    return [
        c
        for c in fw.criteria
        if not c.met
        and floor < c.level <= required
        and (dimension is None or c.dimension == dimension)
    ]


def _level_advice(
    fw: FrameworkResult,
    dimension: str | None,
    unmet: list[CriterionResult],
    required: int,
    result: Result,
) -> str:
    if len(unmet) == 1:
        lead = f"meet {unmet[0].id} ({unmet[0].text.rstrip('.')})"
    elif unmet:
        lead = f"meet {', '.join(c.id for c in unmet)}"
    elif fw.next_level is not None and fw.next_level.requirement and dimension is None:
        lead = f"reach {fw.next_level.requirement}"
    else:
        lead = f"raise {fw.id + '/' + dimension if dimension else fw.id} to level {required}"
    return _advise(unmet, result, dimension, lead)


def _advise(
    unmet: Sequence[CriterionResult], result: Result, dimension: str | None, lead: str
) -> str:
    ids = {c.id for c in unmet}
    recs = [r for r in result.recommendations if r.kind == "do"]
    pick = next((r for r in recs if ids & set(r.addresses)), None)
    if pick is None and dimension is not None:
        pick = next((r for r in recs if r.dimension == dimension), None)
    if pick is None and not ids and dimension is None:
        pick = next(iter(recs), None)
    return f"{lead}; start with: {pick.title}" if pick else lead


# -- waivers ---------------------------------------------------------------------------------


def _info(w: Waiver) -> WaiverInfo:
    return WaiverInfo(
        target=w.target,
        reason=w.reason,
        owner=w.owner,
        expires=w.expires.isoformat() if w.expires else None,
    )


def _waive(
    o: Outcome, waivers: Sequence[Waiver], result: Result, today: dt.date, used: set[int]
) -> Outcome:
    if o.status == "pass":
        return o
    matching = [
        (i, w)
        for i, w in enumerate(waivers)
        if w.target == o.target and (w.subject is None or w.subject == result.subject)
    ]
    active = next(((i, w) for i, w in matching if w.active(today)), None)
    if active is not None:
        used.add(active[0])
        return msgspec.structs.replace(o, status="waived", waiver=_info(active[1]))
    if matching:
        w = matching[0][1]
        used.add(matching[0][0])
        note = f"waiver expired on {w.expires}"
        return msgspec.structs.replace(
            o, waiver=_info(w), advice=f"{note}; {o.advice}" if o.advice else note
        )
    return o


def _waiver_warnings(
    waivers: Sequence[Waiver], subjects: set[str], used: set[int], today: dt.date
) -> list[str]:
    """Waivers for a subject no checked file has, and active waivers that waived nothing."""
    out: list[str] = []
    for i, w in enumerate(waivers):
        where = w.origin.location() + ": " if w.origin is not None else ""
        if w.subject is not None and w.subject not in subjects:
            out.append(
                f"{where}waiver for {w.target} names subject {w.subject!r}, "
                "which no checked file has"
            )
        elif i not in used and w.active(today):
            out.append(
                f"{where}unused waiver for {w.target}: it waived nothing "
                "(its target was met or not checked)"
            )
    return out
