"""Resolve policy target ids against what a questionnaire rates.

A :class:`Scope` lists a questionnaire's frameworks, the dimensions each one
*rates* (gives a level), its criteria and its range of levels. It is built from
a scored result (``maturity check``) or from the questionnaire itself
(``maturity validate`` on a policy), so both commands apply the same rules:

* a framework id must exist; ``min_level`` must be one of its levels;
* ``FRAMEWORK/DIMENSION`` must be a dimension that framework rates;
* a bare ``DIMENSION`` must be rated by exactly one framework, else it is
  ambiguous and the error names the frameworks that rate it;
* a criterion id must belong to one of the frameworks.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from maturity_cli.ci.policy import MAX_AGE_KEY, Policy, Target, Waiver
from maturity_cli.errors import Problem, ProblemList
from maturity_cli.questionnaire.definitions import FrameworkDef, Questionnaire
from maturity_cli.scoring.result import FrameworkResult, Result


@dataclass(frozen=True)
class FrameworkScope:
    """What one framework can be asked for."""

    id: str
    min_level: int
    max_level: int
    dimensions: tuple[str, ...]
    rated: tuple[str, ...]
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class Scope:
    """Frameworks of one questionnaire; ``name`` says which, for messages."""

    name: str
    frameworks: dict[str, FrameworkScope]

    def keys(self) -> list[str]:
        """Every key a waiver may name."""
        keys = [MAX_AGE_KEY]
        for fw in self.frameworks.values():
            keys.append(fw.id)
            keys += [f"{fw.id}/{d}" for d in fw.rated]
            keys += list(fw.criteria)
        return keys


def scope_of_result(result: Result) -> Scope:
    """The scope of the questionnaire that scored ``result``."""
    return Scope(
        f"the questionnaire that scored {result.source}",
        {
            fw.id: FrameworkScope(
                fw.id,
                fw.min_level,
                fw.max_level,
                tuple(d.id for d in fw.dimensions),
                _rated_in_result(fw),
                tuple(c.id for c in fw.criteria),
            )
            for fw in result.frameworks
        },
    )


def _rated_in_result(fw: FrameworkResult) -> tuple[str, ...]:
    # A gated framework rates the dimensions its criteria name (a level, always).
    # A percentage framework rates each dimension, though one whose questions were
    # all skipped has no level this time; a points framework rates them only when
    # its levels are banded per dimension (then some dimension has a level).
    if fw.style == "gated":
        return tuple(d.id for d in fw.dimensions if d.level is not None)
    if fw.style == "percentage" or any(d.level is not None for d in fw.dimensions):
        return tuple(d.id for d in fw.dimensions)
    return ()


def _rated(fw: FrameworkDef, q: Questionnaire) -> tuple[str, ...]:
    if fw.spec.style == "gated":
        return tuple(d for d in fw.dimensions if any(c.spec.dimension == d for c in fw.criteria))
    if fw.spec.style != "percentage" and fw.spec.aggregate == "total":
        return ()  # a points total rates the framework, not its dimensions
    return tuple(
        d for d in fw.dimensions if any(q.question_map[x].spec.dimension == d for x in fw.questions)
    )


def scope_of_questionnaire(q: Questionnaire) -> Scope:
    """The scope of a questionnaire, without answers (for ``validate``)."""
    return Scope(
        f"questionnaire {q.spec.id!r}",
        {
            fw.id: FrameworkScope(
                fw.id,
                min(lv.level for lv in fw.levels),
                max(lv.level for lv in fw.levels),
                fw.dimensions,
                _rated(fw, q),
                tuple(c.id for c in fw.criteria),
            )
            for fw in q.frameworks
        },
    )


def located(target: Target | Waiver, message: str, hint: str | None) -> Problem:
    """A problem at the place the target or waiver was written."""
    o = target.origin
    if o is None:
        return Problem(message, hint=hint)
    return Problem(message, file=o.file, line=o.line, column=o.column, hint=hint)


def _unknown(what: str, name: str, valid: Sequence[str], scope: Scope) -> tuple[str, str]:
    match = difflib.get_close_matches(name, list(valid), n=1)
    hint = f"did you mean {match[0]!r}? " if match else ""
    plural = "criteria" if what == "criterion" else f"{what}s"
    hint += f"valid {plural}: {', '.join(valid) or 'none'}"
    return f"unknown {what} {name!r} (not in {scope.name})", hint


class Unresolved(Exception):
    """A target that names something the questionnaire does not have."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def resolve(target: Target, scope: Scope) -> Target:
    """The target with its framework filled in; raise :class:`Unresolved` if invalid."""
    if target.kind == "max_age":
        return target
    if target.kind == "criterion":
        crits = [c for fw in scope.frameworks.values() for c in fw.criteria]
        if target.criterion not in crits:
            raise Unresolved(
                located(target, *_unknown("criterion", str(target.criterion), crits, scope))
            )
        return target
    if target.framework is None:
        target = replace(target, framework=_owner(target, scope))
    fw = scope.frameworks.get(str(target.framework))
    if fw is None:
        names = list(scope.frameworks)
        raise Unresolved(
            located(target, *_unknown("framework", str(target.framework), names, scope))
        )
    if target.kind == "dimension" and target.dimension not in fw.rated:
        if target.dimension in fw.dimensions:
            others = [f.id for f in scope.frameworks.values() if target.dimension in f.rated]
            raise Unresolved(
                located(
                    target,
                    f"framework {fw.id!r} does not rate dimension {target.dimension!r} "
                    "(it has no level there)",
                    f"frameworks that rate it: {', '.join(others) or 'none'}",
                )
            )
        message, hint = _unknown("dimension", str(target.dimension), fw.rated, scope)
        raise Unresolved(located(target, f"{message} of framework {fw.id!r}", hint))
    level = target.min_level
    if level is None or not fw.min_level <= level <= fw.max_level:
        raise Unresolved(
            located(
                target,
                f"min_level {level} is outside framework {fw.id!r}'s levels",
                f"{fw.id} has levels {fw.min_level} to {fw.max_level}",
            )
        )
    return target


def _owner(target: Target, scope: Scope) -> str:
    """The one framework that rates a bare dimension."""
    owners = [fw.id for fw in scope.frameworks.values() if target.dimension in fw.rated]
    if len(owners) == 1:
        return owners[0]
    if owners:
        raise Unresolved(
            located(
                target,
                f"dimension {target.dimension!r} is ambiguous: frameworks {', '.join(owners)} "
                "all rate it",
                f"name the framework, e.g. {owners[0]}/{target.dimension}",
            )
        )
    dims = sorted({d for fw in scope.frameworks.values() for d in fw.rated})
    raise Unresolved(located(target, *_unknown("dimension", str(target.dimension), dims, scope)))


def resolve_all(targets: Sequence[Target], scope: Scope, problems: ProblemList) -> list[Target]:
    """Resolve every target; flag targets replace file targets with the same key."""
    out: list[Target] = []
    for target in targets:
        try:
            out.append(resolve(target, scope))
        except Unresolved as exc:
            problems.add(exc.problem)
    flagged = {t.key for t in out if t.from_flag}
    return [t for t in out if t.from_flag or t.locked or t.key not in flagged]


def check_waiver(waiver: Waiver, known: Sequence[str], problems: ProblemList) -> None:
    """A waiver must name a key of the questionnaire(s) in ``known``."""
    if waiver.target in known:
        return
    match = difflib.get_close_matches(waiver.target, list(known), n=1)
    problems.add(
        located(
            waiver,
            f"waiver target {waiver.target!r} names no framework, FRAMEWORK/DIMENSION, "
            f"criterion or {MAX_AGE_KEY!r}",
            (f"did you mean {match[0]!r}? " if match else "")
            + f"valid: {', '.join(known[:20])}{', ...' if len(known) > 20 else ''}",
        )
    )


def validate_policy(policy: Policy, scopes: Sequence[Scope]) -> None:
    """Raise ``InvalidFile`` for targets or waivers that no questionnaire in ``scopes`` has.

    Only the questionnaires that have a framework the policy names are used (all
    of them if it names none). A target is valid when it resolves in one of them;
    otherwise the problem is reported as the one with its framework sees it.
    """
    problems = ProblemList()
    named = {t.framework for t in policy.targets} | {w.target.split("/")[0] for w in policy.waivers}
    scopes = [s for s in scopes if named & set(s.frameworks)] or list(scopes)
    for target in policy.targets:
        found: list[Problem] = []
        for scope in scopes:
            try:
                resolve(target, scope)
                break
            except Unresolved as exc:
                found.append(exc.problem)
        else:
            owner = next((i for i, s in enumerate(scopes) if target.framework in s.frameworks), 0)
            if found:
                problems.add(found[owner])
    known = list(dict.fromkeys(k for s in scopes for k in s.keys()))  # noqa: SIM118
    for waiver in policy.waivers:
        check_waiver(waiver, known, problems)
    problems.raise_if_any()
