"""Score a gated framework: levels reached by criteria, and dimensions ahead of them.

A criterion whose ``applies`` rule is false (or whose dimension's ``applies`` rule
in the framework is false) is *not applicable*: it is never counted as met, and it
neither holds a level back nor counts in a dimension's score. A rule that ends
unknown leaves the criterion applicable.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import compress

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
        # Compiled conditions, called directly (None: the criterion always applies).
        self.applies = [None if c.applies is None else c.applies.compiled.fn for c in fw.criteria]
        self.dim_applies = [(d, rule.compiled.fn) for d, rule in fw.applies.items()]
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
        # Results are frozen, so each criterion's three possible outcomes are built once:
        # indexed by applies + met (0: does not apply, 1: not met, 2: met).
        self.outcomes = [
            (
                self._outcome(c, False, False),
                self._outcome(c, False, True),
                self._outcome(c, True, True),
            )
            for c in fw.criteria
        ]
        self.by_level: list[list[int]] = [[] for _ in levels]
        for k, c in enumerate(fw.criteria):
            self.by_level[index_of[c.level]].append(k)
        # Sets of criteria are also kept as bit masks (bit k: criterion k), so that a
        # level's or a dimension's tallies are a few integer operations per file.
        self.bits = [1 << k for k in range(len(fw.criteria))]
        self.level_masks = [_mask(ks) for ks in self.by_level]
        self.dims: list[tuple[str, str, int, list[tuple[int, int]]]] = []
        for dim in fw.dimensions:
            own = [k for k, c in enumerate(fw.criteria) if c.spec.dimension == dim]
            steps = [
                (i, _mask(k for k in own if index_of[fw.criteria[k].level] == i))
                for i in range(1, len(levels))
            ]
            self.dims.append((dim, q.dimension_titles[dim], _mask(own), [x for x in steps if x[1]]))
        self.levels = level_infos(fw)
        self.dimension_results = Memo()

    def _outcome(self, c: CriterionDef, met: bool, applies: bool) -> CriterionResult:
        return CriterionResult(
            id=c.id,
            text=c.spec.text,
            level=c.level,
            dimension=c.spec.dimension,
            met=met,
            sources=self.q.citations(c.spec.sources),
            applies=applies,
        )

    def evaluate(self, env: Env, applies: list[bool]) -> tuple[list[bool], list[CriterionResult]]:
        """Which criteria are met (every rule runs: some leave facts for the wording),
        and their outcomes; records in ``env`` which are met (None: not applicable)."""
        env_met = env.met
        met: list[bool] = []
        criteria: list[CriterionResult] = []
        for rule, cid, outcomes, ok in zip(
            self.rules, self.ids, self.outcomes, applies, strict=True
        ):
            m = rule(env) is True and ok
            met.append(m)
            env_met[cid] = m if ok else None
            criteria.append(outcomes[ok + m])
        return met, criteria

    def applicable(self, env: Env) -> tuple[list[bool], set[str]]:
        """Which criteria apply to these answers (unknown counts as applying), and the
        dimensions that do not."""
        if not self.any_applies:
            return [True] * len(self.ids), set()
        off_dims = {d for d, fn in self.dim_applies if fn(env) is False}
        return [
            dim not in off_dims and (fn is None or fn(env) is not False)
            for dim, fn in zip(self.crit_dims, self.applies, strict=True)
        ], off_dims


def _mask(ks: Iterable[int]) -> int:
    return sum(1 << k for k in ks)


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
    met_mask, applies_mask = sum(compress(plan.bits, met)), sum(compress(plan.bits, applies))
    passed = met_mask | ~applies_mask  # met, or does not apply
    reached = 0
    for i in range(1, len(levels)):
        need = plan.level_masks[i]
        if (passed & need) != need:
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
        dimensions=_dimensions(plan, fw, reached, met_mask, applies_mask, off_dims),
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
    met: int,
    applies: int,
    off_dims: set[str],
) -> list[DimensionResult]:
    """Each dimension's rating; ``met`` and ``applies`` are masks of criteria."""
    levels = fw.levels
    out = []
    for dim, title, all_own, steps in plan.dims:
        own = all_own & applies
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
                live = ks & applies
                if not live:
                    continue
                if (met & live) != live:
                    break
                index = i
            level = levels[index].level
        met_count, own_count = (met & own).bit_count(), own.bit_count()
        rated = dim not in off_dims and (bool(own) or not all_own)
        key = (dim, level, met_count, own_count, rated)
        found = plan.dimension_results.get(key)  # frozen, so equal ones are shared
        if found is None:
            found = plan.dimension_results[key] = DimensionResult(
                id=dim,
                title=title,
                level=level,
                level_name=None if level is None else levels[index].name,
                score=float(met_count) if own else None,
                max_score=float(own_count) if own else None,
                ratio=met_count / own_count if own else None,
                applies=rated,
            )
        out.append(found)
    return out
