"""Join a compact result with its questionnaire's catalog: the full result again.

This is what a consumer of ``maturity score --compact`` does with the output of
``maturity questions ID --format json --full``; :func:`expand` is the reference
implementation (and the tests prove it gives back the full record).
"""

from __future__ import annotations

from typing import Any

import msgspec

from maturity_cli.errors import Problem, UsageError
from maturity_cli.scoring.compact import (
    Catalog,
    CatalogFramework,
    CatalogQuestion,
    CatalogRecommendation,
    CompactAnswer,
    CompactFramework,
    CompactRecommendation,
    CompactResult,
    implied_ratio,
)
from maturity_cli.scoring.result import (
    Answer,
    AppliedRecommendation,
    CriterionResult,
    DimensionResult,
    FrameworkResult,
    NextLevel,
    Result,
    SetAsideRecommendation,
    Unlock,
)


def expand(record: CompactResult, cat: Catalog) -> Result:
    """The full result a compact record stands for; the catalog must be of its questionnaire."""
    want, have = record.questionnaire, cat.questionnaire
    if (want.id, want.version) != (have.id, have.version):
        raise UsageError(
            Problem(
                f"the record is of {want.id} {want.version}, the catalog of {have.id} {have.version}",
                hint="print the catalog of the record's questionnaire version",
            )
        )
    questions = {q.id: q for q in cat.questions}
    frameworks = {fw.id: fw for fw in cat.frameworks}
    advice = {r.id: r for r in cat.recommendations}
    return Result(
        schema_version=record.schema_version,
        questionnaire=record.questionnaire,
        source=record.source,
        subject=record.subject,
        assessor=record.assessor,
        assessed_on=record.assessed_on,
        frameworks=[_framework(fw, frameworks[fw.id], cat) for fw in record.frameworks],
        recommendations=[_advice(r, advice[r.id], frameworks) for r in record.recommendations],
        completeness=record.completeness,
        answers=[_answer(qid, a, questions[qid]) for qid, a in record.answers.items()],
        warnings=record.warnings,
        set_aside=[
            SetAsideRecommendation(
                id=s.id,
                title=advice[s.id].title,
                kind=advice[s.id].kind,
                topic=advice[s.id].topic,
                reason=s.reason,
            )
            for s in record.set_aside
        ],
        group=record.group,
    )


def _answer(qid: str, given: Any, spec: CatalogQuestion) -> Answer:
    if isinstance(given, dict):
        a = msgspec.convert(given, CompactAnswer)
    elif isinstance(given, CompactAnswer):
        a = given
    else:  # the value alone: answered, shown as its choice's label
        a = CompactAnswer(value=given)
    display = a.display
    if not display:  # left out: the label of the chosen value
        display = next(
            (
                c.label
                for c in spec.choices
                if c.value == a.value and type(c.value) is type(a.value)
            ),
            "",
        )
    return Answer(
        question=qid,
        text=spec.text,
        title=spec.title,
        dimension=spec.dimension,
        context=spec.context,
        status=a.status,
        value=a.value,
        display=display,
        note=a.note,
        evidence=a.evidence,
        tags=list(spec.tags),
    )


def _advice(
    r: CompactRecommendation, spec: CatalogRecommendation, fws: dict[str, CatalogFramework]
) -> AppliedRecommendation:
    return AppliedRecommendation(
        id=r.id,
        title=spec.title,
        kind=spec.kind,
        priority=r.priority,
        why=spec.why,
        reason=r.reason,
        actions=list(spec.actions),
        impact=spec.impact,
        effort=spec.effort,
        dimension=spec.dimension,
        topic=spec.topic,
        prerequisites=list(spec.prerequisites),
        addresses=list(spec.addresses),
        sources=list(spec.sources),
        unlocks=[
            Unlock(
                framework=u.framework,
                framework_title=fws[u.framework].title,
                level=u.level,
                level_name=next(lv.name for lv in fws[u.framework].levels if lv.level == u.level),
            )
            for u in r.unlocks
        ],
    )


def _criteria(fw: CompactFramework, spec: CatalogFramework) -> dict[str, CriterionResult]:
    """Every criterion of a gated framework, in the catalog's order."""
    if spec.style != "gated":
        return {}
    met, off = set(fw.met), set(fw.not_applying)
    return {
        c.id: CriterionResult(
            id=c.id,
            text=c.text,
            level=c.level,
            dimension=c.dimension,
            met=c.id in met,
            sources=list(c.sources),
            applies=c.id not in off,
            short=fw.short.get(c.id, []),
        )
        for c in spec.criteria
    }


def _framework(fw: CompactFramework, spec: CatalogFramework, cat: Catalog) -> FrameworkResult:
    titles = {d.id: d.title for d in cat.dimensions}
    names = {lv.level: lv for lv in spec.levels}
    criteria = _criteria(fw, spec)
    nxt = fw.next_level
    return FrameworkResult(
        id=fw.id,
        title=spec.title,
        style=spec.style,
        level=fw.level,
        level_name=names[fw.level].name,
        level_meaning=names[fw.level].meaning,
        min_level=spec.levels[0].level,
        max_level=spec.levels[-1].level,
        score=fw.score,
        progress=fw.progress,
        next_level=None
        if nxt is None
        else NextLevel(
            level=nxt.level,
            name=names[nxt.level].name,
            met=[c for c in criteria.values() if c.level == nxt.level and c.applies and c.met],
            unmet=[
                c for c in criteria.values() if c.level == nxt.level and c.applies and not c.met
            ],
            requirement=nxt.requirement,
            summary=nxt.summary,
            unlocked_by=nxt.unlocked_by,
            reachable=nxt.reachable,
        ),
        dimensions=[
            DimensionResult(
                id=d.id,
                title=titles[d.id],
                level=d.level,
                level_name=None if d.level is None else names[d.level].name,
                score=d.score,
                max_score=d.max_score,
                ratio=d.ratio if d.ratio is not None else implied_ratio(d.score, d.max_score),
                applies=d.applies,
            )
            for d in fw.dimensions
        ],
        criteria=list(criteria.values()),
        levels=list(spec.levels),
    )
