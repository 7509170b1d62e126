"""Compact results: what was answered and decided, with the questionnaire's text left out.

A full :class:`~maturity_cli.scoring.result.Result` repeats every question,
criterion and recommendation text in every record (tens of kilobytes for a
large questionnaire). A :class:`CompactResult` keeps only what depends on the
answers and refers to everything else by id, with the questionnaire's id and
version; the texts are in the questionnaire's :class:`Catalog` (printed by
``maturity questions ID --format json --full``). :func:`~maturity_cli.scoring.join.expand`
joins the two
back into the full result, field for field.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from maturity_cli.questionnaire.definitions import QuestionDef, Questionnaire
from maturity_cli.scoring.result import (
    Answer,
    Completeness,
    FrameworkResult,
    LevelInfo,
    QuestionnaireRef,
    Result,
)
from maturity_cli.vocabulary import AnswerStatus


class _Compact(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    pass


# --- the compact record ---


class CompactAnswer(_Compact, frozen=True):
    """What was given for one question (keyed by its id; its text is in the catalog).

    ``display`` is left out when it is the label of the chosen value among the
    question's ``choices`` in the catalog.
    """

    status: AnswerStatus = AnswerStatus.ANSWERED
    value: Any = None
    display: str = ""
    note: str = ""
    evidence: str = ""


class CompactDimension(_Compact, frozen=True):
    """A dimension's rating (its title and level name are in the catalog).

    ``ratio`` is left out when it is exactly ``score / max_score``.
    """

    id: str
    level: int | None
    score: float | None
    max_score: float | None
    ratio: float | None = None
    applies: bool = True


class CompactNextLevel(_Compact, frozen=True):
    """The next level up.

    Its criteria met and unmet are those of that level (in the catalog) that
    apply, split by whether they are met.
    """

    level: int
    requirement: str = ""
    summary: str = ""
    unlocked_by: str | None = None
    reachable: bool = True


class CompactFramework(_Compact, frozen=True):
    """A framework's rating (title, style and ladder are in the catalog)."""

    id: str
    level: int
    score: float
    progress: float
    next_level: CompactNextLevel | None = None
    dimensions: list[CompactDimension] = []
    #: Every criterion of the framework is in the result, in the catalog's order:
    #: these are the ones met, those that do not apply, and the questions that
    #: fall short for criteria over a group of questions.
    met: list[str] = []
    not_applying: list[str] = []
    short: dict[str, list[str]] = {}


class CompactUnlock(_Compact, frozen=True):
    """A framework's next level that a recommendation helps reach."""

    framework: str
    level: int


class CompactRecommendation(_Compact, frozen=True):
    """Advice that applies (by id), its priority and why it applies to these answers."""

    id: str
    priority: int
    reason: str
    unlocks: list[CompactUnlock] = []


class CompactSetAside(_Compact, frozen=True):
    """Advice that gave way (by id), and why."""

    id: str
    reason: str


class CompactResult(_Compact, frozen=True):
    """A result without the questionnaire's text: join it with the catalog to expand."""

    schema_version: int
    #: Always ``compact``: tells this form from the full one.
    form: Literal["compact"]
    questionnaire: QuestionnaireRef
    source: str
    subject: str
    assessor: str
    assessed_on: str | None
    frameworks: list[CompactFramework]
    recommendations: list[CompactRecommendation]
    completeness: Completeness
    #: Every question, in the questionnaire's order, by id: the value alone when
    #: it was answered with one of the question's choices and carries no note or
    #: evidence (its display is that choice's label), else a :class:`CompactAnswer`.
    answers: dict[str, Any]
    warnings: list[str] = []
    set_aside: list[CompactSetAside] = []
    group: str = ""


# --- the catalog: the questionnaire's text, keyed by id ---


class CatalogChoice(_Compact, frozen=True):
    """An allowed answer and its wording."""

    value: Any
    label: str


class CatalogQuestion(_Compact, frozen=True):
    """A question's text as results show it, and the wording of its choices."""

    id: str
    text: str
    title: str
    dimension: str | None = None
    context: bool = False
    tags: list[str] = []
    choices: list[CatalogChoice] = []


class CatalogCriterion(_Compact, frozen=True):
    """A criterion's text, level, dimension and sources."""

    id: str
    text: str
    level: int
    dimension: str | None
    sources: list[str]


class CatalogFramework(_Compact, frozen=True):
    """A framework's title, style, ladder, dimensions and criteria."""

    id: str
    title: str
    style: str
    levels: list[LevelInfo]
    dimensions: list[str]
    criteria: list[CatalogCriterion] = []


class CatalogRecommendation(_Compact, frozen=True):
    """A recommendation's fixed text and attributes."""

    id: str
    title: str
    kind: Literal["do", "hold_off"]
    why: str
    actions: list[str]
    impact: str
    effort: str
    dimension: str | None
    topic: str
    prerequisites: list[str]
    addresses: list[str]
    sources: list[str]


class CatalogDimension(_Compact, frozen=True):
    """A dimension's id and title."""

    id: str
    title: str


class Catalog(_Compact, frozen=True):
    """Everything a compact record refers to by id."""

    questionnaire: QuestionnaireRef
    questions: list[CatalogQuestion]
    dimensions: list[CatalogDimension]
    frameworks: list[CatalogFramework]
    recommendations: list[CatalogRecommendation]


# --- conversions ---


def compact(result: Result, q: Questionnaire) -> CompactResult:
    """The compact form of a full result of questionnaire ``q``."""
    labels = _choice_labels(q)
    return CompactResult(
        schema_version=result.schema_version,
        form="compact",
        questionnaire=result.questionnaire,
        source=result.source,
        subject=result.subject,
        assessor=result.assessor,
        assessed_on=result.assessed_on,
        frameworks=[_compact_framework(fw) for fw in result.frameworks],
        recommendations=[
            CompactRecommendation(
                id=r.id,
                priority=r.priority,
                reason=r.reason,
                unlocks=[CompactUnlock(framework=u.framework, level=u.level) for u in r.unlocks],
            )
            for r in result.recommendations
        ],
        completeness=result.completeness,
        answers={a.question: _answer(a, labels) for a in result.answers},
        warnings=result.warnings,
        set_aside=[CompactSetAside(id=s.id, reason=s.reason) for s in result.set_aside],
        group=result.group,
    )


def _compact_framework(fw: FrameworkResult) -> CompactFramework:
    nxt = fw.next_level
    return CompactFramework(
        id=fw.id,
        level=fw.level,
        score=fw.score,
        progress=fw.progress,
        next_level=None
        if nxt is None
        else CompactNextLevel(
            level=nxt.level,
            requirement=nxt.requirement,
            summary=nxt.summary,
            unlocked_by=nxt.unlocked_by,
            reachable=nxt.reachable,
        ),
        dimensions=[
            CompactDimension(
                id=d.id,
                level=d.level,
                score=d.score,
                max_score=d.max_score,
                ratio=None if d.ratio == implied_ratio(d.score, d.max_score) else d.ratio,
                applies=d.applies,
            )
            for d in fw.dimensions
        ],
        met=[c.id for c in fw.criteria if c.met],
        not_applying=[c.id for c in fw.criteria if not c.applies],
        short={c.id: c.short for c in fw.criteria if c.short},
    )


def _answer(a: Answer, labels: dict[tuple[str, type, Any], str]) -> Any:
    """The value alone when that says everything, else a :class:`CompactAnswer`."""
    labelled = (
        a.status == "answered"
        and labels.get((a.question, type(a.value), _hashable(a.value))) == a.display
    )
    if labelled and not a.note and not a.evidence:
        return a.value
    return CompactAnswer(
        status=AnswerStatus(a.status),
        value=a.value,
        display="" if labelled else a.display,
        note=a.note,
        evidence=a.evidence,
    )


def implied_ratio(score: float | None, most: float | None) -> float | None:
    """The ratio a compact dimension leaves out."""
    return None if score is None or not most else score / most


def _hashable(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool)) else None


def _choices(qd: QuestionDef) -> list[CatalogChoice]:
    if qd.type == "yes_no":
        return [
            CatalogChoice(value=True, label=qd.label(True)),
            CatalogChoice(value=False, label=qd.label(False)),
        ]
    if qd.type in ("single_choice", "scale", "multiple_choice"):
        return [CatalogChoice(value=c.value, label=c.label) for c in qd.choices]
    return []


def _choice_labels(q: Questionnaire) -> dict[tuple[str, type, Any], str]:
    """(question, type of value, value) -> the label shown for a single chosen value."""
    memo = q.memo("compact labels")
    found = memo.get("labels")
    if found is None:
        found = memo["labels"] = {
            (qd.id, type(c.value), _hashable(c.value)): c.label
            for qd in q.questions
            if qd.type != "multiple_choice"
            for c in _choices(qd)
        }
    return found


def catalog(q: Questionnaire) -> Catalog:
    """The questionnaire's text that compact records refer to, keyed by id."""
    return Catalog(
        questionnaire=QuestionnaireRef(id=q.id, version=q.version, title=q.spec.title),
        questions=[
            CatalogQuestion(
                id=qd.id,
                text=qd.spec.text,
                title=qd.title,
                dimension=qd.spec.dimension,
                context=qd.spec.context,
                tags=list(qd.spec.tags),
                choices=_choices(qd),
            )
            for qd in q.questions
        ],
        dimensions=[CatalogDimension(id=k, title=v) for k, v in q.dimension_titles.items()],
        frameworks=[
            CatalogFramework(
                id=fw.id,
                title=fw.spec.title,
                style=fw.spec.style,
                levels=[
                    LevelInfo(level=lv.level, name=lv.name, meaning=lv.meaning) for lv in fw.levels
                ],
                dimensions=list(fw.dimensions),
                criteria=[
                    CatalogCriterion(
                        id=c.id,
                        text=c.spec.text,
                        level=c.level,
                        dimension=c.spec.dimension,
                        sources=q.citations(c.spec.sources),
                    )
                    for c in fw.criteria
                ],
            )
            for fw in q.frameworks
        ],
        recommendations=[
            CatalogRecommendation(
                id=r.id,
                title=r.spec.title,
                kind=r.spec.kind,
                why=r.spec.why.strip(),
                actions=list(r.spec.actions),
                impact=r.spec.impact,
                effort=r.spec.effort,
                dimension=r.spec.dimension,
                topic=r.spec.topic,
                prerequisites=list(r.spec.prerequisites),
                addresses=list(r.spec.addresses),
                sources=q.citations(r.spec.sources),
            )
            for r in q.recommendations
        ],
    )
