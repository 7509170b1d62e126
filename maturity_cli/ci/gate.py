"""The CI gate: check scored results against a policy (pure; the CLI prints).

:func:`check` gives one :class:`Outcome` per target per answers file, with the
level required, the level reached, a status and what to do about it.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

import msgspec

from maturity_cli.ci.diff import diff_results, level_text
from maturity_cli.ci.policy import MAX_AGE_KEY, Policy, Severity, Target, Waiver
from maturity_cli.errors import Problem, ProblemList
from maturity_cli.scoring.result import CriterionResult, FrameworkResult, Result

Status = Literal["pass", "fail", "warn", "waived", "error-stale"]
FAILING: frozenset[str] = frozenset({"fail", "error-stale"})


class _Frozen(msgspec.Struct, frozen=True, kw_only=True):
    pass


class WaiverInfo(_Frozen, frozen=True):
    """A waiver as shown in reports."""

    target: str
    reason: str
    owner: str
    expires: str | None


class Outcome(_Frozen, frozen=True):
    """One target checked against one answers file."""

    source: str
    subject: str
    target: str
    label: str
    kind: Literal["framework", "dimension", "criterion", "max_age", "regression"]
    severity: Severity
    required: str
    actual: str
    status: Status
    advice: str = ""
    waiver: WaiverInfo | None = None


class CheckReport(_Frozen, frozen=True):
    """All outcomes, plus waivers that have expired."""

    today: str
    policy: str | None
    outcomes: list[Outcome]
    expired_waivers: list[WaiverInfo] = []

    @property
    def failed(self) -> bool:
        """Whether any error-level target was missed (exit code 1)."""
        return any(o.status in FAILING for o in self.outcomes)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def check(
    results: Sequence[Result],
    policy: Policy,
    today: dt.date,
    baseline: Sequence[Result] = (),
) -> CheckReport:
    """Check every result against every target; raise ``InvalidFile`` for unknown ids."""
    problems = ProblemList()
    resolved = [_resolve_all(policy.targets, r, problems) for r in results]
    for w in policy.waivers:
        _check_waiver(w, results, problems)
    problems.raise_if_any()
    outcomes: list[Outcome] = []
    for result, targets in zip(results, resolved, strict=True):
        for target in targets:
            outcomes.append(_waive(_outcome(target, result, today), policy.waivers, result, today))
        old = _match_baseline(result, baseline)
        if old is not None:
            severity: Severity = "warning" if policy.warn_only else "error"
            for o in _regressions(old, result, severity):
                outcomes.append(_waive(o, policy.waivers, result, today))
    expired = [_info(w) for w in policy.waivers if not w.active(today)]
    return CheckReport(
        today=today.isoformat(), policy=policy.source, outcomes=outcomes, expired_waivers=expired
    )


# -- resolving target ids against the questionnaire that scored each result ---------------


def _problem(target: Target | Waiver, message: str, hint: str | None) -> Problem:
    o = target.origin
    if o is None:
        return Problem(message, hint=hint)
    return Problem(message, file=o.file, line=o.line, column=o.column, hint=hint)


def _unknown(what: str, name: str, valid: list[str], source: str) -> tuple[str, str]:
    match = difflib.get_close_matches(name, valid, n=1)
    hint = f"did you mean {match[0]!r}? " if match else ""
    hint += f"valid {what}s: {', '.join(valid) or 'none'}"
    return f"unknown {what} {name!r} (not in the questionnaire that scored {source})", hint


def _resolve_all(targets: Sequence[Target], result: Result, problems: ProblemList) -> list[Target]:
    out: list[Target] = []
    for target in targets:
        try:
            out.append(_resolve(target, result))
        except _Unresolved as exc:
            problems.add(exc.problem)
    flagged = {t.key for t in out if t.from_flag}
    return [t for t in out if t.from_flag or t.key not in flagged]


class _Unresolved(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _resolve(target: Target, result: Result) -> Target:
    fws = {fw.id: fw for fw in result.frameworks}
    src = result.source
    if target.kind == "max_age":
        return target
    if target.kind == "criterion":
        crits = [c.id for fw in result.frameworks for c in fw.criteria]
        if target.criterion not in crits:
            raise _Unresolved(
                _problem(target, *_unknown("criterion", str(target.criterion), crits, src))
            )
        return target
    if target.framework is None:  # a bare dimension: must belong to exactly one framework
        owners = [
            fw.id
            for fw in result.frameworks
            if any(d.id == target.dimension for d in fw.dimensions)
        ]
        if len(owners) == 1:
            return replace(target, framework=owners[0])
        if owners:
            raise _Unresolved(
                _problem(
                    target,
                    f"dimension {target.dimension!r} is ambiguous: frameworks {', '.join(owners)} "
                    "all rate it",
                    f"name the framework, e.g. {owners[0]}/{target.dimension}",
                )
            )
        dims = sorted({d.id for fw in result.frameworks for d in fw.dimensions})
        raise _Unresolved(
            _problem(target, *_unknown("dimension", str(target.dimension), dims, src))
        )
    fw = fws.get(target.framework)
    if fw is None:
        raise _Unresolved(
            _problem(target, *_unknown("framework", target.framework, list(fws), src))
        )
    if target.kind == "dimension":
        dims = [d.id for d in fw.dimensions]
        if target.dimension not in dims:
            message, hint = _unknown("dimension", str(target.dimension), dims, src)
            raise _Unresolved(_problem(target, f"{message} of framework {fw.id!r}", hint))
    assert target.min_level is not None
    if not fw.min_level <= target.min_level <= fw.max_level:
        raise _Unresolved(
            _problem(
                target,
                f"min_level {target.min_level} is outside framework {fw.id!r}'s levels",
                f"{fw.id} has levels {fw.min_level} to {fw.max_level}",
            )
        )
    return target


def _keys(result: Result) -> list[str]:
    keys = [MAX_AGE_KEY]
    for fw in result.frameworks:
        keys.append(fw.id)
        keys += [f"{fw.id}/{d.id}" for d in fw.dimensions]
        keys += [c.id for c in fw.criteria]
    return keys


def _check_waiver(waiver: Waiver, results: Sequence[Result], problems: ProblemList) -> None:
    known = list(dict.fromkeys(k for r in results for k in _keys(r)))
    if results and waiver.target not in known:
        match = difflib.get_close_matches(waiver.target, known, n=1)
        problems.add(
            _problem(
                waiver,
                f"waiver target {waiver.target!r} names no framework, FRAMEWORK/DIMENSION, "
                f"criterion or {MAX_AGE_KEY!r}",
                (f"did you mean {match[0]!r}? " if match else "")
                + f"valid: {', '.join(known[:20])}{', …' if len(known) > 20 else ''}",
            )
        )


# -- evaluating ------------------------------------------------------------------------------


def _miss(severity: Severity) -> Status:
    return "fail" if severity == "error" else "warn"


def _outcome(target: Target, result: Result, today: dt.date) -> Outcome:
    base = _base(target, result)
    if target.kind == "max_age":
        return _age_outcome(target, result, today, base)
    if target.kind == "criterion":
        crit = next(c for fw in result.frameworks for c in fw.criteria if c.id == target.criterion)
        advice = (
            ""
            if crit.met
            else _advise([crit], result, crit.dimension, f"meet: {crit.text.rstrip('.')}")
        )
        return msgspec.structs.replace(
            base,
            required="met",
            actual="met" if crit.met else "not met",
            status="pass" if crit.met else _miss(target.severity),
            advice=advice,
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
    met = level is not None and level >= required
    advice = "" if met else _level_advice(fw, target.dimension, level, required, result)
    return msgspec.structs.replace(
        base,
        required=level_text(required, names.get(required)),
        actual=actual,
        status="pass" if met else _miss(target.severity),
        advice=advice,
    )


def _base(target: Target, result: Result) -> Outcome:
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
    )


def _age_outcome(target: Target, result: Result, today: dt.date, base: Outcome) -> Outcome:
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
    ok = age <= days
    return msgspec.structs.replace(
        base,
        required=required,
        actual=f"{age} days old ({assessed.isoformat()})",
        status="pass" if ok else stale,
        advice="" if ok else "re-assess: answer the questions again and update assessed_on",
    )


def _level_advice(
    fw: FrameworkResult, dimension: str | None, level: int | None, required: int, result: Result
) -> str:
    floor = -1 if level is None else level
    unmet = [
        c
        for c in fw.criteria
        if not c.met
        and floor < c.level <= required
        and (dimension is None or c.dimension == dimension)
    ]
    if len(unmet) == 1:
        lead = f"meet {unmet[0].id} ({unmet[0].text.rstrip('.')})"
    elif unmet:
        shown = ", ".join(c.id for c in unmet[:4])
        more = f" and {len(unmet) - 4} more" if len(unmet) > 4 else ""
        lead = f"meet {shown}{more}"
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


# -- waivers and baselines -------------------------------------------------------------------


def _info(w: Waiver) -> WaiverInfo:
    return WaiverInfo(
        target=w.target,
        reason=w.reason,
        owner=w.owner,
        expires=w.expires.isoformat() if w.expires else None,
    )


def _waive(o: Outcome, waivers: Sequence[Waiver], result: Result, today: dt.date) -> Outcome:
    if o.status == "pass":
        return o
    matching = [
        w
        for w in waivers
        if w.target == o.target and (w.subject is None or w.subject == result.subject)
    ]
    active = next((w for w in matching if w.active(today)), None)
    if active is not None:
        return msgspec.structs.replace(o, status="waived", waiver=_info(active))
    if matching:
        w = matching[0]
        return msgspec.structs.replace(
            o,
            waiver=_info(w),
            advice=f"waiver expired on {w.expires}; " + o.advice
            if o.advice
            else f"waiver expired on {w.expires}",
        )
    return o


def _match_baseline(result: Result, baseline: Sequence[Result]) -> Result | None:
    same = [b for b in baseline if b.questionnaire.id == result.questionnaire.id]
    by_subject = [b for b in same if b.subject == result.subject]
    if by_subject:
        return by_subject[0]
    return same[0] if len(same) == 1 and len(baseline) == 1 else None


def _regressions(old: Result, new: Result, severity: Severity) -> list[Outcome]:
    d = diff_results(old, new)
    base = {
        "source": new.source,
        "subject": new.subject,
        "kind": "regression",
        "severity": severity,
    }
    out = [
        Outcome(
            **base,  # type: ignore[arg-type]
            target=c.key,
            label=f"no regression: {c.key} level",
            required=f"≥ {level_text(c.old, c.old_name)} (baseline)",
            actual=level_text(c.new, c.new_name),
            status=_miss(severity),
            advice=f"level dropped since {old.source}; check the answers that changed "
            "(maturity diff)",
        )
        for c in d.levels_down
    ]
    out += [
        Outcome(
            **base,  # type: ignore[arg-type]
            target=c.id,
            label=f"no regression: criterion {c.id}",
            required="met (baseline)",
            actual="not met",
            status=_miss(severity),
            advice=f"criterion lost since {old.source}: {c.text}",
        )
        for c in d.criteria_lost
    ]
    if not out:
        out.append(
            Outcome(
                **base,  # type: ignore[arg-type]
                target="baseline",
                label=f"no regression since {old.source}",
                required="no level or criterion lost",
                actual="none lost",
                status="pass",
            )
        )
    return out
