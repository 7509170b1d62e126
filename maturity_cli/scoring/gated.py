"""Score a gated framework: levels reached by criteria, and dimensions ahead of them.

A criterion whose ``applies`` rule is false (or whose dimension's ``applies`` rule
in the framework is false) is *not applicable*: it is never counted as met, and it
neither holds a level back nor counts in a dimension's score. A rule that ends
unknown leaves the criterion applicable.
"""

from __future__ import annotations

import msgspec

from maturity_cli.questionnaire.definitions import CriterionDef, FrameworkDef, Memo, Questionnaire
from maturity_cli.rules.types import Env, ResultRef
from maturity_cli.scoring.recommend import shortfall
from maturity_cli.scoring.result import (
    CriterionResult,
    DimensionResult,
    FrameworkResult,
    LevelInfo,
    NextLevel,
)


def level_infos(fw: FrameworkDef) -> list[LevelInfo]:
    """The framework's ladder, as result records."""
    return [LevelInfo(level=lv.level, name=lv.name, meaning=lv.meaning) for lv in fw.levels]


class GatedPlan:
    """What scoring a gated framework needs, worked out once per framework."""

    def __init__(self, q: Questionnaire, fw: FrameworkDef) -> None:
        levels = fw.levels
        index_of = {lv.level: i for i, lv in enumerate(levels)}
        self.q = q
        self.criteria = fw.criteria
        self.rules = [c.rule.compiled.fn for c in fw.criteria]  # holds: gives True
        self.ids = [c.id for c in fw.criteria]
        self.applies = [c.applies for c in fw.criteria]
        self.dim_applies = fw.applies
        self.crit_dims = [c.spec.dimension for c in fw.criteria]
        groups = [
            [
                r
                for r in c.rule.compiled.refs
                if isinstance(r, ResultRef) and r.kind in ("all_yes", "share_yes")
            ]
            for c in fw.criteria
        ]
        self.grouped = [(k, refs) for k, refs in enumerate(groups) if refs]
        self.any_applies = bool(fw.applies) or any(a is not None for a in self.applies)
        # Results are frozen, so each criterion's possible outcomes are built once.
        self.outcomes: dict[tuple[int, bool, bool], CriterionResult] = {}
        self.by_level: list[list[int]] = [[] for _ in levels]
        for k, c in enumerate(fw.criteria):
            self.by_level[index_of[c.level]].append(k)
        self.dims: list[tuple[str, str, list[int], list[tuple[int, list[int]]]]] = []
        for dim in fw.dimensions:
            own = [k for k, c in enumerate(fw.criteria) if c.spec.dimension == dim]
            steps = [
                (i, [k for k in own if index_of[fw.criteria[k].level] == i])
                for i in range(1, len(levels))
            ]
            self.dims.append((dim, q.dimension_titles[dim], own, [x for x in steps if x[1]]))
        self.levels = level_infos(fw)
        self.dimension_results = Memo()

    def outcome(self, k: int, met: bool, applies: bool) -> CriterionResult:
        key = (k, met, applies)
        found = self.outcomes.get(key)
        if found is None:
            c: CriterionDef = self.criteria[k]
            found = self.outcomes[key] = CriterionResult(
                id=c.id,
                text=c.spec.text,
                level=c.level,
                dimension=c.spec.dimension,
                met=met,
                sources=self.q.citations(c.spec.sources),
                applies=applies,
            )
        return found

    def evaluate(self, env: Env, applies: list[bool]) -> tuple[list[bool], list[CriterionResult]]:
        """Which criteria are met (every rule runs: some leave facts for the wording),
        and their outcomes; records in ``env`` which are met (None: not applicable)."""
        rules, ids, outcomes, env_met = self.rules, self.ids, self.outcomes, env.met
        met: list[bool] = []
        criteria: list[CriterionResult] = []
        for k, ok in enumerate(applies):
            m = rules[k](env) is True and ok
            met.append(m)
            env_met[ids[k]] = m if ok else None
            found = outcomes.get((k, m, ok))
            criteria.append(found if found is not None else self.outcome(k, m, ok))
        return met, criteria

    def applicable(self, env: Env) -> tuple[list[bool], set[str]]:
        """Which criteria apply to these answers (unknown counts as applying), and the
        dimensions that do not."""
        if not self.any_applies:
            return [True] * len(self.ids), set()
        off_dims = {d for d, rule in self.dim_applies.items() if rule.evaluate(env) is False}
        return [
            self.crit_dims[k] not in off_dims and (a is None or a.evaluate(env) is not False)
            for k, a in enumerate(self.applies)
        ], off_dims


def plan_for(q: Questionnaire, fw: FrameworkDef) -> GatedPlan:
    """The framework's plan, kept with the questionnaire."""
    plans = q.memo("gated plans")
    plan = plans.get(fw.id)
    if plan is None:
        plan = plans[fw.id] = GatedPlan(q, fw)
    return plan


def score_gated(q: Questionnaire, fw: FrameworkDef, env: Env) -> FrameworkResult:
    """Rate one gated framework."""
    plan = plan_for(q, fw)
    levels = fw.levels
    applies, off_dims = plan.applicable(env)
    met, criteria = plan.evaluate(env, applies)
    for k, refs in plan.grouped:
        short = [w for ref in refs for w in shortfall(q, env, ref)] if applies[k] else []
        if short:
            criteria[k] = msgspec.structs.replace(criteria[k], short=short)
    passed = [m or not ok for m, ok in zip(met, applies, strict=True)]
    reached = 0
    for i in range(1, len(levels)):
        if not all(passed[k] for k in plan.by_level[i]):
            break
        reached = i
    next_level, progress = _next_level(plan, fw, reached, criteria, applies)
    current = levels[reached]
    return FrameworkResult(
        id=fw.id,
        title=fw.spec.title,
        style=fw.spec.style,
        level=current.level,
        level_name=current.name,
        level_meaning=current.meaning,
        min_level=levels[0].level,
        max_level=levels[-1].level,
        score=round(current.level + progress, 4),
        progress=round(progress, 4),
        next_level=next_level,
        dimensions=_dimensions(plan, fw, reached, met, applies, off_dims),
        criteria=criteria,
        levels=plan.levels,
    )


def _next_level(
    plan: GatedPlan,
    fw: FrameworkDef,
    reached: int,
    criteria: list[CriterionResult],
    applies: list[bool],
) -> tuple[NextLevel | None, float]:
    levels = fw.levels
    if reached + 1 >= len(levels):
        return None, 0.0
    ks = [k for k in plan.by_level[reached + 1] if applies[k]]
    done = [criteria[k] for k in ks if criteria[k].met]
    nxt = levels[reached + 1]
    next_level = NextLevel(
        level=nxt.level,
        name=nxt.name,
        met=done,
        unmet=[criteria[k] for k in ks if not criteria[k].met],
    )
    return next_level, (len(done) / len(ks) if ks else 0.0)


def _dimensions(
    plan: GatedPlan,
    fw: FrameworkDef,
    reached: int,
    met: list[bool],
    applies: list[bool],
    off_dims: set[str],
) -> list[DimensionResult]:
    levels = fw.levels
    out = []
    for dim, title, all_own, steps in plan.dims:
        own = [k for k in all_own if applies[k]]
        level: int | None = None
        index = reached
        if own:
            # A dimension stands at least where the whole framework stands (every
            # criterion up to there is met). Above that it climbs through each level
            # whose applicable criteria of this dimension are all met; a level that
            # asks nothing of it is crossed only on the way to a higher level it meets.
            for i, ks in steps:
                if i <= reached:
                    continue
                live = [k for k in ks if applies[k]]
                if not live:
                    continue
                if not all(met[k] for k in live):
                    break
                index = i
            level = levels[index].level
        met_count = sum([met[k] for k in own])
        rated = dim not in off_dims and (bool(own) or not all_own)
        key = (dim, level, met_count, len(own), rated)
        found = plan.dimension_results.get(key)  # frozen, so equal ones are shared
        if found is None:
            found = plan.dimension_results[key] = DimensionResult(
                id=dim,
                title=title,
                level=level,
                level_name=None if level is None else levels[index].name,
                score=float(met_count) if own else None,
                max_score=float(len(own)) if own else None,
                ratio=met_count / len(own) if own else None,
                applies=rated,
            )
        out.append(found)
    return out
