"""Per-team timelines: the level at each point in time and what changed since the last one.

A timeline is built from scored results in time order, wherever they come from
(committed versions of an answers file, or a results store). An entry that could
not be scored stays in the timeline with its problems, and changes are measured
against the last point that could.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import msgspec

from maturity_cli.errors import MaturityError
from maturity_cli.scoring.result import Answer, Result


class _Frozen(msgspec.Struct, frozen=True, kw_only=True):
    pass


class Level(_Frozen, frozen=True):
    """A framework's level at one point, with the level of each dimension."""

    framework: str
    title: str
    level: int
    level_name: str
    max_level: int
    dimensions: dict[str, int | None]


class LevelChange(_Frozen, frozen=True):
    """A framework (``dimension`` None) or dimension level that moved."""

    framework: str
    dimension: str | None
    old: int | None
    new: int | None


class AnswerChange(_Frozen, frozen=True):
    """A question whose answer differs from the previous point, as people read it."""

    question: str
    title: str
    old: str
    new: str


class CriterionChange(_Frozen, frozen=True):
    """A criterion newly met, or no longer met, since the previous point."""

    framework: str
    id: str
    text: str
    level: int


class Origin(_Frozen, frozen=True):
    """Where a point comes from: a commit (or a stored result) and its date."""

    date: str
    ref: str
    source: str
    answered_version: str | None = None


class Point(_Frozen, frozen=True):
    """One assessment of a team in time; ``problems`` is non-empty when it could not be scored."""

    subject: str
    date: str
    ref: str
    source: str
    assessed_on: str | None = None
    questionnaire: str = ""
    questionnaire_version: str = ""
    answered_version: str | None = None
    levels: list[Level] = []
    changes: list[LevelChange] = []
    answers_changed: list[AnswerChange] = []
    criteria_met: list[CriterionChange] = []
    criteria_lost: list[CriterionChange] = []
    problems: list[str] = []
    warnings: list[str] = []

    @property
    def valid(self) -> bool:
        return not self.problems


class Series(_Frozen, frozen=True):
    """The timeline of one team (one answers file, or one subject in a store)."""

    key: str
    subject: str
    points: list[Point]


def levels_of(result: Result) -> list[Level]:
    """The framework and dimension levels of a result."""
    return [
        Level(
            framework=fw.id,
            title=fw.title,
            level=fw.level,
            level_name=fw.level_name,
            max_level=fw.max_level,
            dimensions={d.id: d.level for d in fw.dimensions},
        )
        for fw in result.frameworks
    ]


def level_changes(old: list[Level], new: list[Level]) -> list[LevelChange]:
    """Framework and dimension levels that differ between two points."""
    before = {lv.framework: lv for lv in old}
    changes: list[LevelChange] = []
    for lv in new:
        prev = before.get(lv.framework)
        if prev is None or prev.level != lv.level:
            changes.append(
                LevelChange(
                    framework=lv.framework,
                    dimension=None,
                    old=prev.level if prev else None,
                    new=lv.level,
                )
            )
        prev_dims = prev.dimensions if prev else {}
        for dim, level in lv.dimensions.items():
            if prev_dims.get(dim) != level:
                changes.append(
                    LevelChange(
                        framework=lv.framework, dimension=dim, old=prev_dims.get(dim), new=level
                    )
                )
    return changes


def _shown(answer: Answer | None) -> str:
    if answer is None:
        return "(not in questionnaire)"
    return answer.display or answer.status.replace("_", " ")


def answer_changes(old: Result, new: Result) -> list[AnswerChange]:
    """Questions whose answer (or its status) differs between two results."""
    before = {a.question: a for a in old.answers}
    after = {a.question: a for a in new.answers}
    out: list[AnswerChange] = []
    for qid in [*after, *(q for q in before if q not in after)]:
        was, now = before.get(qid), after.get(qid)
        if (
            was is not None
            and now is not None
            and (was.status, was.value) == (now.status, now.value)
        ):
            continue
        title = (now or was).title if (now or was) else qid  # type: ignore[union-attr]
        out.append(AnswerChange(question=qid, title=title, old=_shown(was), new=_shown(now)))
    return out


def criteria_changes(
    old: Result, new: Result
) -> tuple[list[CriterionChange], list[CriterionChange]]:
    """Criteria newly met, and criteria no longer met, from ``old`` to ``new``."""
    was = {(fw.id, c.id) for fw in old.frameworks for c in fw.criteria if c.met}
    met: list[CriterionChange] = []
    lost: list[CriterionChange] = []
    seen: set[tuple[str, str]] = set()
    for fw in new.frameworks:
        for c in fw.criteria:
            seen.add((fw.id, c.id))
            change = CriterionChange(framework=fw.id, id=c.id, text=c.text, level=c.level)
            if c.met and (fw.id, c.id) not in was:
                met.append(change)
            elif not c.met and (fw.id, c.id) in was:
                lost.append(change)
    for fw in old.frameworks:
        lost += [
            CriterionChange(framework=fw.id, id=c.id, text=c.text, level=c.level)
            for c in fw.criteria
            if c.met and (fw.id, c.id) not in seen
        ]
    return met, lost


def build_series(key: str, entries: Iterable[tuple[Origin, Result | MaturityError]]) -> Series:
    """A timeline from entries in time order (oldest first)."""
    points: list[Point] = []
    last: Result | None = None
    last_levels: list[Level] = []
    subject = ""
    for origin, outcome in entries:
        point = Point(
            subject=subject,
            date=origin.date,
            ref=origin.ref,
            source=origin.source,
            answered_version=origin.answered_version,
        )
        if isinstance(outcome, MaturityError):
            points.append(
                msgspec.structs.replace(point, problems=[p.render() for p in outcome.problems])
            )
            continue
        levels = levels_of(outcome)
        subject = outcome.subject or subject
        met, lost = criteria_changes(last, outcome) if last is not None else ([], [])
        points.append(
            msgspec.structs.replace(
                point,
                subject=outcome.subject,
                assessed_on=outcome.assessed_on,
                questionnaire=outcome.questionnaire.id,
                questionnaire_version=outcome.questionnaire.version,
                levels=levels,
                changes=level_changes(last_levels, levels) if last is not None else [],
                answers_changed=answer_changes(last, outcome) if last is not None else [],
                criteria_met=met,
                criteria_lost=lost,
                warnings=list(outcome.warnings),
            )
        )
        last, last_levels = outcome, levels
    return Series(key=key, subject=subject or key, points=points)


def within(series: Series, since: dt.date | None, until: dt.date | None) -> Series:
    """Only the points dated from ``since`` to ``until`` (both included)."""

    def keep(point: Point) -> bool:
        day = point.date[:10]
        return (since is None or day >= since.isoformat()) and (
            until is None or day <= until.isoformat()
        )

    return msgspec.structs.replace(series, points=[p for p in series.points if keep(p)])


class Movement(_Frozen, frozen=True):
    """How far a team's framework level moved over a period, and the answers behind it."""

    key: str
    subject: str
    framework: str
    old: int
    new: int
    since: str
    until: str
    answers_changed: list[AnswerChange]

    @property
    def delta(self) -> int:
        return self.new - self.old


def _net_answers(points: list[Point]) -> list[AnswerChange]:
    first: dict[str, AnswerChange] = {}
    last: dict[str, str] = {}
    for point in points:
        for change in point.answers_changed:
            first.setdefault(change.question, change)
            last[change.question] = change.new
    return [
        AnswerChange(question=q, title=c.title, old=c.old, new=last[q])
        for q, c in first.items()
        if c.old != last[q]
    ]


def movements(series: Series, since: dt.date | None, until: dt.date | None) -> list[Movement]:
    """Each framework whose level differs between the start and the end of the period.

    The start is the last point before ``since`` (or the first in the period),
    the end the last point in it; invalid points are skipped.
    """
    valid = [p for p in series.points if p.valid]
    start_day = since.isoformat() if since else ""
    end_day = until.isoformat() if until else "9999"
    before = [p for p in valid if p.date[:10] < start_day]
    inside = [p for p in valid if start_day <= p.date[:10] <= end_day]
    if not inside:
        return []
    start = before[-1] if before else inside[0]
    end = inside[-1]
    old = {lv.framework: lv.level for lv in start.levels}
    why = _net_answers(inside if before else inside[1:])
    return [
        Movement(
            key=series.key,
            subject=series.subject,
            framework=lv.framework,
            old=old[lv.framework],
            new=lv.level,
            since=start.date[:10],
            until=end.date[:10],
            answers_changed=why,
        )
        for lv in end.levels
        if lv.framework in old and old[lv.framework] != lv.level
    ]
