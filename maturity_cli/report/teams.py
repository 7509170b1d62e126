"""One team reduced to what an organisation report needs.

Organisation reports stream: each result is reduced to a :class:`TeamSummary`
where it is scored (in a batch worker when there are many files), and only the
summaries reach the roll-up, so full results are never all held at once. A
summary keeps the team's name, group, folder, levels and dimension cells, the
criteria it has not met and the advice it was given; everything else in the
result (answers, criteria met, texts shown only in a team report) is dropped.
"""

from __future__ import annotations

from pathlib import PurePath

import msgspec

from maturity_cli.scoring.result import (
    Completeness,
    CriterionResult,
    FrameworkResult,
    LevelInfo,
    QuestionnaireRef,
    Result,
)
from maturity_cli.vocabulary import FOLLOW_UP


class _Small(msgspec.Struct, frozen=True, kw_only=True):
    pass


class Cell(_Small, frozen=True):
    """A team's rating of one dimension of a framework."""

    id: str
    title: str
    level: int | None
    ratio: float | None


class Gap(_Small, frozen=True):
    """A criterion of the next level that the team has not met."""

    id: str
    text: str
    level: int
    dimension: str | None
    sources: list[str]


class FrameworkSummary(_Small, frozen=True):
    """A team's rating on one framework, with what stands before its next level."""

    id: str
    title: str
    style: str
    level: int
    level_name: str
    level_meaning: str
    min_level: int
    max_level: int
    levels: list[LevelInfo]
    cells: list[Cell]
    next_level: int | None
    next_name: str
    requirement: str
    unmet: list[Gap]


class Advice(_Small, frozen=True):
    """A recommendation given to the team (``do`` or ``hold_off``)."""

    id: str
    kind: str
    title: str
    why: str
    reason: str
    priority: int
    impact: str
    effort: str
    dimension: str | None
    topic: str
    actions: list[str]
    addresses: list[str]
    sources: list[str]


class TeamSummary(_Small, frozen=True):
    """What the organisation roll-up and its templates need of one team."""

    questionnaire: QuestionnaireRef
    subject: str
    source: str
    #: The group the answers file gives ("" when it gives none).
    group: str
    #: The folder the answers file is in, as given ("." when there is none).
    folder: str
    assessor: str
    assessed_on: str | None
    completeness: Completeness
    frameworks: list[FrameworkSummary]
    advice: list[Advice]
    #: Titles of the questions to follow up (unknown or unanswered).
    follow_ups: list[str]


def _gap(crit: CriterionResult) -> Gap:
    return Gap(
        id=crit.id,
        text=crit.text,
        level=crit.level,
        dimension=crit.dimension,
        sources=list(crit.sources),
    )


def _framework(fw: FrameworkResult) -> FrameworkSummary:
    nxt = fw.next_level
    return FrameworkSummary(
        id=fw.id,
        title=fw.title,
        style=fw.style,
        level=fw.level,
        level_name=fw.level_name,
        level_meaning=fw.level_meaning,
        min_level=fw.min_level,
        max_level=fw.max_level,
        levels=list(fw.levels),
        cells=[Cell(id=d.id, title=d.title, level=d.level, ratio=d.ratio) for d in fw.dimensions],
        next_level=None if nxt is None else nxt.level,
        next_name="" if nxt is None else nxt.name,
        requirement="" if nxt is None else nxt.requirement,
        unmet=[] if nxt is None else [_gap(c) for c in nxt.unmet],
    )


def folder_of(source: str) -> str:
    """The folder an answers file is in, with forward slashes ("." when none)."""
    if not source or source == "consensus":
        return "."
    return PurePath(source.replace("\\", "/")).parent.as_posix()


def summarise(result: Result) -> TeamSummary:
    """The small summary of one result that an organisation report keeps."""
    return TeamSummary(
        questionnaire=result.questionnaire,
        subject=result.subject,
        source=result.source,
        group=result.group,
        folder=folder_of(result.source),
        assessor=result.assessor,
        assessed_on=result.assessed_on,
        completeness=result.completeness,
        frameworks=[_framework(fw) for fw in result.frameworks],
        advice=[
            Advice(
                id=r.id,
                kind=r.kind,
                title=r.title,
                why=r.why,
                reason=r.reason,
                priority=r.priority,
                impact=r.impact,
                effort=r.effort,
                dimension=r.dimension,
                topic=r.topic,
                actions=list(r.actions),
                addresses=list(r.addresses),
                sources=list(r.sources),
            )
            for r in result.recommendations
        ],
        follow_ups=[a.title for a in result.answers if a.status in FOLLOW_UP],
    )


_ENCODE = msgspec.json.Encoder().encode


def summarise_with_json(result: Result) -> tuple[bytes, TeamSummary]:
    """The result's JSON (for the JSON organisation report) and its summary."""
    return _ENCODE(result), summarise(result)
