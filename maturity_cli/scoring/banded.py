"""Score a points or percentage framework: earned points read against named bands.

A dimension whose ``applies`` rule in the framework is false is not rated: its
questions neither earn nor could have earned, and it is left out of the overall
score. A rule that ends unknown leaves the dimension rated.
"""

from __future__ import annotations

from maturity_cli.questionnaire.definitions import FrameworkDef, Questionnaire
from maturity_cli.rules.types import Env
from maturity_cli.scoring.gated import level_infos
from maturity_cli.scoring.result import DimensionResult, FrameworkResult, NextLevel

_EPSILON = 1e-9


def _level_name(fw: FrameworkDef, level: int | None) -> str | None:
    if level is None:
        return None
    return next(lv.name for lv in fw.levels if lv.level == level)


def band_index(fw: FrameworkDef, value: float) -> int:
    """Index of the highest level whose threshold the value passes."""
    value = round(value, 6)
    for i in range(len(fw.levels) - 1, 0, -1):
        lv = fw.levels[i]
        if lv.above is not None and value > lv.above + _EPSILON:
            return i
        if lv.at_least is not None and value >= lv.at_least - _EPSILON:
            return i
    return 0


def _tally(
    q: Questionnaire, fw: FrameworkDef, env: Env, off: set[str]
) -> tuple[dict[str, float], dict[str, float]]:
    """Points earned and points possible, per dimension."""
    percent = fw.spec.style == "percentage"
    weights = fw.spec.weights
    earned: dict[str, float] = dict.fromkeys(fw.dimensions, 0.0)
    possible: dict[str, float] = dict.fromkeys(fw.dimensions, 0.0)
    for qid in fw.questions:
        question = q.question_map[qid]
        status = env.status[qid]
        dim = question.spec.dimension or ""
        if status in ("not_applicable", "not_asked") or dim in off:
            continue
        weight = weights.get(qid, 1.0)
        most = question.max_points
        if percent:  # every question counts by its weight, whatever its point range
            if most <= 0:
                continue
            possible[dim] += weight
            if status == "answered":
                earned[dim] += weight * question.points(env.values[qid]) / most
            continue
        possible[dim] += weight * most
        if status == "answered":
            earned[dim] += weight * question.points(env.values[qid])
    return earned, possible


def score_banded(q: Questionnaire, fw: FrameworkDef, env: Env) -> FrameworkResult:
    """Rate one points or percentage framework."""
    percent = fw.spec.style == "percentage"
    off = {d for d, rule in fw.applies.items() if rule.evaluate(env) is False}
    earned, possible = _tally(q, fw, env, off)

    def value(dims: list[str]) -> float | None:
        got, most = sum(earned[d] for d in dims), sum(possible[d] for d in dims)
        if percent:
            return round(100 * got / most, 4) if most > 0 else None
        return round(got, 4)

    rated = [
        d
        for d in fw.dimensions
        if d not in off and any(q.question_map[x].spec.dimension == d for x in fw.questions)
    ]
    per_dim = {d: value([d]) for d in rated}
    present = [v for v in per_dim.values() if v is not None]
    aggregate = fw.spec.aggregate
    if aggregate == "min":
        overall = min(present, default=0.0)
    elif aggregate == "mean":
        overall = round(sum(present) / len(present), 4) if present else 0.0
    else:
        overall = value(rated) or 0.0
    dims_have_bands = percent or aggregate != "total"
    dimensions = []
    for dim in fw.dimensions:
        v = per_dim.get(dim)
        level = fw.levels[band_index(fw, v)].level if v is not None and dims_have_bands else None
        most = 100.0 if percent else round(possible.get(dim, 0.0), 4)
        dimensions.append(
            DimensionResult(
                id=dim,
                title=q.dimension_titles[dim],
                level=level,
                level_name=_level_name(fw, level),
                score=v,
                max_score=most if v is not None else None,
                ratio=round(v / most, 4) if v is not None and most else None,
                applies=dim not in off,
            )
        )
    return _framework_result(fw, overall, dimensions)


def _framework_result(
    fw: FrameworkDef, overall: float, dimensions: list[DimensionResult]
) -> FrameworkResult:
    percent = fw.spec.style == "percentage"
    index = band_index(fw, overall)
    current = fw.levels[index]
    next_level = None
    progress = 0.0
    if index + 1 < len(fw.levels):
        nxt = fw.levels[index + 1]
        target = nxt.above if nxt.above is not None else nxt.at_least
        assert target is not None
        floor = current.above if current.above is not None else current.at_least
        start = floor if floor is not None else 0.0
        if target > start:
            # Sitting exactly on an "above" threshold is not yet past it.
            progress = max(0.0, min(0.99, (overall - start) / (target - start)))
        words = "above" if nxt.above is not None else "at least"
        unit = "%" if percent else ""
        next_level = NextLevel(
            level=nxt.level,
            name=nxt.name,
            met=[],
            unmet=[],
            requirement=f"score {words} {target:g}{unit}",
        )
    return FrameworkResult(
        id=fw.id,
        title=fw.spec.title,
        style=fw.spec.style,
        level=current.level,
        level_name=current.name,
        level_meaning=current.meaning,
        min_level=fw.levels[0].level,
        max_level=fw.levels[-1].level,
        score=overall,
        progress=round(progress, 4),
        next_level=next_level,
        dimensions=dimensions,
        levels=level_infos(fw),
    )
