"""Score a checked answers file: answer statuses, framework levels, recommendations."""

from __future__ import annotations

from maturity_cli.answers.loader import NOT_APPLICABLE, UNKNOWN, Answers, value_for_file
from maturity_cli.questionnaire.loader import FrameworkDef, Questionnaire
from maturity_cli.rules.types import Env
from maturity_cli.scoring.recommend import choose_recommendations
from maturity_cli.scoring.result import (
    SCHEMA_VERSION,
    Answer,
    Completeness,
    CriterionResult,
    DimensionResult,
    FrameworkResult,
    LevelInfo,
    NextLevel,
    QuestionnaireRef,
    Result,
)
from maturity_cli.vocabulary import status_label

_EPSILON = 1e-9


def score(answers: Answers) -> Result:
    """Rate one answers file on every framework of its questionnaire."""
    q = answers.questionnaire
    env, warnings = build_env(q, answers)
    frameworks = [_score_framework(q, fw, env) for fw in q.frameworks]
    recommendations = choose_recommendations(q, env, frameworks)
    counts = {"answered": 0, "unknown": 0, "not_applicable": 0, "unanswered": 0, "not_asked": 0}
    for status in env.status.values():
        counts[status] += 1
    return Result(
        schema_version=SCHEMA_VERSION,
        questionnaire=QuestionnaireRef(id=q.id, version=q.version, title=q.title),
        source=answers.source,
        subject=answers.subject,
        assessor=answers.assessor,
        assessed_on=answers.assessed_on,
        frameworks=frameworks,
        recommendations=recommendations,
        completeness=Completeness(total=len(q.questions), **counts),
        answers=_answer_records(q, answers, env),
        warnings=[*answers.warnings, *warnings],
    )


def build_env(q: Questionnaire, answers: Answers) -> tuple[Env, list[str]]:
    """Work out each question's status, in order, re-evaluating ``when`` as answers accrue."""
    env = Env({}, {})
    status, values = env.status, env.values
    warnings: list[str] = []
    given = answers.answers
    for question in q.questions:
        qid = question.spec.id
        answer = given.get(qid)
        when = question.when
        if when is not None and not when.holds(env):
            status[qid] = "not_asked"
            if answer is not None and answer.value is not None:
                warnings.append(
                    f"answer to {qid!r} ignored: the question is not asked "
                    f"because its condition does not hold ({question.spec.when})"
                )
            continue
        value = None if answer is None else answer.value
        if value is None:
            status[qid] = "unanswered"
        elif value == UNKNOWN:
            status[qid] = "unknown"
        elif value == NOT_APPLICABLE:
            status[qid] = "not_applicable"
        else:
            status[qid] = "answered"
            values[qid] = value
    return env, warnings


def _answer_records(q: Questionnaire, answers: Answers, env: Env) -> list[Answer]:
    cache = q.memo("answer records")  # frozen: one per (question, status, value) is enough
    records = []
    statuses, values, given_all = env.status, env.values, answers.answers
    for question in q.questions:
        qid = question.spec.id
        status = statuses[qid]
        raw = values.get(qid) if status == "answered" else None
        given = given_all.get(qid)
        noted = given is not None and (given.note or given.evidence)
        key = (qid, status, raw, type(raw))  # 1 == 1.0, but they print differently
        record = None if noted else cache.get(key)
        if record is None:
            spec = question.spec
            record = Answer(
                question=qid,
                text=spec.text,
                title=question.title,
                dimension=spec.dimension,
                context=spec.context,
                status=status,  # type: ignore[arg-type]
                value=None if raw is None else value_for_file(question, raw),
                display=question.label(raw) if status == "answered" else status_label(status),
                note=given.note if given else "",
                evidence=given.evidence if given else "",
            )
            if not noted and len(cache) < 20_000:
                cache[key] = record
        records.append(record)
    return records


def _levels(fw: FrameworkDef) -> list[LevelInfo]:
    return [LevelInfo(level=lv.level, name=lv.name, meaning=lv.meaning) for lv in fw.levels]


def _score_framework(q: Questionnaire, fw: FrameworkDef, env: Env) -> FrameworkResult:
    result = _gated(q, fw, env) if fw.spec.style == "gated" else _banded(q, fw, env)
    env.levels[(fw.id, None)] = result.level
    env.scores[(fw.id, None)] = result.score
    for dim in result.dimensions:
        env.levels[(fw.id, dim.id)] = dim.level
        env.scores[(fw.id, dim.id)] = dim.score
    return result


class _GatedPlan:
    """What scoring a gated framework needs, worked out once per framework."""

    def __init__(self, q: Questionnaire, fw: FrameworkDef) -> None:
        levels = fw.levels
        index_of = {lv.level: i for i, lv in enumerate(levels)}
        self.rules = [c.rule.holds for c in fw.criteria]
        self.ids = [c.id for c in fw.criteria]
        # Results are frozen, so each criterion's two possible outcomes are built once.
        self.outcomes = [
            tuple(
                CriterionResult(
                    id=c.id,
                    text=c.spec.text,
                    level=c.level,
                    dimension=c.spec.dimension,
                    met=met,
                    sources=q.citations(c.spec.sources),
                )
                for met in (False, True)
            )
            for c in fw.criteria
        ]
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
        self.levels = _levels(fw)


def _plan(q: Questionnaire, fw: FrameworkDef) -> _GatedPlan:
    plans = q.memo("gated plans")
    plan = plans.get(fw.id)
    if plan is None:
        plan = plans[fw.id] = _GatedPlan(q, fw)
    return plan


def _gated(q: Questionnaire, fw: FrameworkDef, env: Env) -> FrameworkResult:
    plan = _plan(q, fw)
    levels = fw.levels
    met = [rule(env) for rule in plan.rules]
    env.met.update(zip(plan.ids, met, strict=True))
    criteria = [plan.outcomes[k][m] for k, m in enumerate(met)]

    reached = 0
    for i in range(1, len(levels)):
        if all(met[k] for k in plan.by_level[i]):
            reached = i
        else:
            break
    next_level = None
    progress = 0.0
    if reached + 1 < len(levels):
        ks = plan.by_level[reached + 1]
        done = [criteria[k] for k in ks if met[k]]
        progress = len(done) / len(ks) if ks else 0.0
        nxt = levels[reached + 1]
        next_level = NextLevel(
            level=nxt.level,
            name=nxt.name,
            met=done,
            unmet=[criteria[k] for k in ks if not met[k]],
        )

    dimensions = []
    for dim, title, own, steps in plan.dims:
        level: int | None = None
        if own:
            # A dimension stands at least where the whole framework stands (every
            # criterion up to there is met). Above that it climbs through each level
            # whose criteria of this dimension are all met; a level that asks nothing
            # of it is crossed only on the way to a higher level it does meet.
            index = reached
            for i, ks in steps:
                if i <= reached:
                    continue
                if not all(met[k] for k in ks):
                    break
                index = i
            level = levels[index].level
        met_count = sum(met[k] for k in own)
        dimensions.append(
            DimensionResult(
                id=dim,
                title=title,
                level=level,
                level_name=None if level is None else levels[index].name,
                score=float(met_count) if own else None,
                max_score=float(len(own)) if own else None,
                ratio=met_count / len(own) if own else None,
            )
        )
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
        dimensions=dimensions,
        criteria=criteria,
        levels=plan.levels,
    )


def _level_name(fw: FrameworkDef, level: int | None) -> str | None:
    if level is None:
        return None
    return next(lv.name for lv in fw.levels if lv.level == level)


def _band(fw: FrameworkDef, value: float) -> int:
    """Index of the highest level whose threshold the value passes."""
    value = round(value, 6)
    for i in range(len(fw.levels) - 1, 0, -1):
        lv = fw.levels[i]
        if lv.above is not None and value > lv.above + _EPSILON:
            return i
        if lv.at_least is not None and value >= lv.at_least - _EPSILON:
            return i
    return 0


def _banded(q: Questionnaire, fw: FrameworkDef, env: Env) -> FrameworkResult:
    percent = fw.spec.style == "percentage"
    weights = fw.spec.weights
    earned: dict[str, float] = dict.fromkeys(fw.dimensions, 0.0)
    possible: dict[str, float] = dict.fromkeys(fw.dimensions, 0.0)
    for qid in fw.questions:
        question = q.question_map[qid]
        status = env.status[qid]
        if status in ("not_applicable", "not_asked"):
            continue
        weight = weights.get(qid, 1.0)
        dim = question.spec.dimension or ""
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

    def value(dims: list[str]) -> float | None:
        got, most = sum(earned[d] for d in dims), sum(possible[d] for d in dims)
        if percent:
            return round(100 * got / most, 4) if most > 0 else None
        return round(got, 4)

    rated = [
        d for d in fw.dimensions if any(q.question_map[x].spec.dimension == d for x in fw.questions)
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
        level = fw.levels[_band(fw, v)].level if v is not None and dims_have_bands else None
        most = 100.0 if percent else round(possible.get(dim, 0.0), 4)
        ratio = None
        if v is not None and most:
            ratio = round(v / most, 4)
        dimensions.append(
            DimensionResult(
                id=dim,
                title=q.dimension_titles[dim],
                level=level,
                level_name=_level_name(fw, level),
                score=v,
                max_score=most if v is not None else None,
                ratio=ratio,
            )
        )
    index = _band(fw, overall)
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
        levels=_levels(fw),
    )
