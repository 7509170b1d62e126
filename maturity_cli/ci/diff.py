"""Compare two results: levels up or down, criteria met or lost, answers changed.

:func:`diff_results` is pure; :func:`render_markdown` turns the comparison into
GitHub-flavoured Markdown (no raw HTML) for a pull-request comment.
"""

from __future__ import annotations

from typing import TypeVar

import msgspec

from maturity_cli.ci.outcome import SCHEMA_VERSION
from maturity_cli.markdown import md_code, md_escape
from maturity_cli.scoring.result import Answer, FrameworkResult, Result

_T = TypeVar("_T")


class _Frozen(msgspec.Struct, frozen=True, kw_only=True):
    pass


class LevelChange(_Frozen, frozen=True):
    """A framework's (or one of its dimensions') level before and after."""

    framework: str
    dimension: str | None
    title: str
    old: int | None
    new: int | None
    old_name: str | None
    new_name: str | None

    @property
    def key(self) -> str:
        return f"{self.framework}/{self.dimension}" if self.dimension else self.framework

    @property
    def direction(self) -> str:
        """``up``, ``down`` or ``same`` (a level that disappears counts as down)."""
        if self.old == self.new:
            return "same"
        if self.new is None:
            return "down"
        if self.old is None:
            return "up"
        return "up" if self.new > self.old else "down"


class CriterionChange(_Frozen, frozen=True):
    """A criterion that became met, or stopped being met."""

    framework: str
    id: str
    text: str
    level: int
    dimension: str | None


class RecommendationChange(_Frozen, frozen=True):
    """A recommendation that no longer applies, or newly applies."""

    id: str
    title: str


class AnswerChange(_Frozen, frozen=True):
    """A question whose answer changed, shown as people read it."""

    question: str
    title: str
    old: str
    new: str
    dimension: str | None = None


class DiffReport(_Frozen, frozen=True):
    """Everything that changed between two results of the same questionnaire."""

    schema_version: int
    old_source: str
    new_source: str
    subject: str
    old_assessed_on: str | None
    new_assessed_on: str | None
    levels: list[LevelChange]
    criteria_met: list[CriterionChange]
    criteria_lost: list[CriterionChange]
    recommendations_resolved: list[RecommendationChange]
    recommendations_new: list[RecommendationChange]
    answers_changed: list[AnswerChange]

    @property
    def empty(self) -> bool:
        return not (
            self.levels
            or self.criteria_met
            or self.criteria_lost
            or self.recommendations_resolved
            or self.recommendations_new
            or self.answers_changed
        )

    @property
    def levels_down(self) -> list[LevelChange]:
        return [c for c in self.levels if c.direction == "down"]


def diff_results(old: Result, new: Result) -> DiffReport:
    """What changed from ``old`` to ``new`` (only changes are listed)."""
    levels: list[LevelChange] = []
    met: list[CriterionChange] = []
    lost: list[CriterionChange] = []
    old_fws = {fw.id: fw for fw in old.frameworks}
    new_fws = {fw.id: fw for fw in new.frameworks}
    for fid in _union(old_fws, new_fws):
        ofw, nfw = old_fws.get(fid), new_fws.get(fid)
        levels += _level_changes(fid, ofw, nfw)
        _criteria_changes(fid, ofw, nfw, met, lost)
    old_recs = {r.id: r for r in old.recommendations}
    new_recs = {r.id: r for r in new.recommendations}
    return DiffReport(
        schema_version=SCHEMA_VERSION,
        old_source=old.source,
        new_source=new.source,
        subject=new.subject or old.subject,
        old_assessed_on=old.assessed_on,
        new_assessed_on=new.assessed_on,
        levels=[c for c in levels if c.direction != "same"],
        criteria_met=met,
        criteria_lost=lost,
        recommendations_resolved=[
            RecommendationChange(id=r.id, title=r.title)
            for r in old.recommendations
            if r.id not in new_recs
        ],
        recommendations_new=[
            RecommendationChange(id=r.id, title=r.title)
            for r in new.recommendations
            if r.id not in old_recs
        ],
        answers_changed=_answer_changes(old.answers, new.answers),
    )


def _union(old: dict[str, _T], new: dict[str, _T]) -> list[str]:
    """Keys of ``old`` in order, then those only in ``new``."""
    return [*old, *(k for k in new if k not in old)]


def _level_changes(
    fid: str, ofw: FrameworkResult | None, nfw: FrameworkResult | None
) -> list[LevelChange]:
    either = nfw or ofw
    out = [
        LevelChange(
            framework=fid,
            dimension=None,
            title=either.title if either else fid,
            old=ofw.level if ofw else None,
            new=nfw.level if nfw else None,
            old_name=ofw.level_name if ofw else None,
            new_name=nfw.level_name if nfw else None,
        )
    ]
    odims = {d.id: d for d in ofw.dimensions} if ofw else {}
    ndims = {d.id: d for d in nfw.dimensions} if nfw else {}
    for did in _union(odims, ndims):
        od, nd = odims.get(did), ndims.get(did)
        out.append(
            LevelChange(
                framework=fid,
                dimension=did,
                title=nd.title if nd else od.title if od else did,
                old=od.level if od else None,
                new=nd.level if nd else None,
                old_name=od.level_name if od else None,
                new_name=nd.level_name if nd else None,
            )
        )
    return out


def _criteria_changes(
    fid: str,
    ofw: FrameworkResult | None,
    nfw: FrameworkResult | None,
    met: list[CriterionChange],
    lost: list[CriterionChange],
) -> None:
    ocrit = {c.id: c for c in ofw.criteria} if ofw else {}
    ncrit = {c.id: c for c in nfw.criteria} if nfw else {}
    for cid in _union(ocrit, ncrit):
        oc, nc = ocrit.get(cid), ncrit.get(cid)
        was, now = bool(oc and oc.met), bool(nc and nc.met)
        c = nc or oc
        if was == now or c is None:
            continue
        change = CriterionChange(
            framework=fid, id=cid, text=c.text, level=c.level, dimension=c.dimension
        )
        (met if now else lost).append(change)


def _shown(answer: Answer | None) -> str:
    if answer is None:
        return "(not in questionnaire)"
    if answer.status == "answered":
        return answer.display
    return answer.display or answer.status.replace("_", " ")


def _answer_changes(old: list[Answer], new: list[Answer]) -> list[AnswerChange]:
    old_by_id = {a.question: a for a in old}
    new_by_id = {a.question: a for a in new}
    out: list[AnswerChange] = []
    for qid in [*new_by_id, *(q for q in old_by_id if q not in new_by_id)]:
        oa, na = old_by_id.get(qid), new_by_id.get(qid)
        if oa is not None and na is not None and (oa.status, oa.value) == (na.status, na.value):
            continue
        either = na or oa
        out.append(
            AnswerChange(
                question=qid,
                title=either.title if either else qid,
                old=_shown(oa),
                new=_shown(na),
                dimension=either.dimension if either else None,
            )
        )
    return out


def level_text(level: int | None, name: str | None) -> str:
    """``2 (Tested)``, or ``none`` when there is no level."""
    if level is None:
        return "none"
    return f"{level} ({name})" if name else str(level)


ARROWS = {"up": "▲ up", "down": "▼ down", "same": "="}


def render_markdown(report: DiffReport) -> str:
    """The comparison as GitHub-flavoured Markdown, suitable for a PR comment."""
    lines = [
        f"### Maturity changes: {md_escape(report.subject)}",
        "",
        f"{md_code(report.old_source)} ({report.old_assessed_on or 'undated'}) → "
        f"{md_code(report.new_source)} ({report.new_assessed_on or 'undated'})",
        "",
    ]
    if report.empty:
        lines += ["No changes.", ""]
        return "\n".join(lines)
    if report.levels:
        lines += ["#### Levels", "", "| Target | Old | New | Change |", "| --- | --- | --- | --- |"]
        for c in report.levels:
            lines.append(
                f"| {md_escape(c.key)} | {md_escape(level_text(c.old, c.old_name))} | "
                f"{md_escape(level_text(c.new, c.new_name))} | {ARROWS[c.direction]} |"
            )
        lines.append("")
    for heading, crits in (
        ("Criteria newly met", report.criteria_met),
        ("Criteria lost", report.criteria_lost),
    ):
        if crits:
            lines += [f"#### {heading}", ""]
            lines += [f"- {md_code(c.id)} {md_escape(c.text)} (level {c.level})" for c in crits]
            lines.append("")
    for heading, recs in (
        ("Recommendations resolved", report.recommendations_resolved),
        ("New recommendations", report.recommendations_new),
    ):
        if recs:
            lines += [f"#### {heading}", ""]
            lines += [f"- {md_escape(r.title)} ({md_code(r.id)})" for r in recs]
            lines.append("")
    if report.answers_changed:
        lines += ["#### Answers changed", "", "| Question | Old | New |", "| --- | --- | --- |"]
        for a in report.answers_changed:
            lines.append(f"| {md_escape(a.title)} | {md_escape(a.old)} | {md_escape(a.new)} |")
        lines.append("")
    return "\n".join(lines)
