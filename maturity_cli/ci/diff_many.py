"""Compare two sets of assessments (folders, JSON lists, JSON Lines), team by team.

Results are matched by questionnaire id and subject, as baselines are. The old
side is kept in the compact form while the new side streams, so comparing two
snapshots of a whole organisation stays within memory. Subjects found on one
side only are reported, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import msgspec

from maturity_cli.ci.diff import DiffReport, diff_results, render_markdown
from maturity_cli.ci.outcome import SCHEMA_VERSION
from maturity_cli.ci.regress import Baselines
from maturity_cli.markdown import md_code, md_escape
from maturity_cli.scoring.result import Result


class Unmatched(msgspec.Struct, frozen=True, kw_only=True):
    """An assessment with no counterpart on the other side."""

    questionnaire: str
    subject: str
    source: str


class ManyDiffReport(msgspec.Struct, frozen=True, kw_only=True):
    """Every matched pair's changes, and the assessments found on one side only."""

    schema_version: int
    pairs: list[DiffReport]
    only_old: list[Unmatched]
    only_new: list[Unmatched]


def diff_many(old: Iterable[Result], new: Iterable[Result]) -> ManyDiffReport:
    """Compare each new result with the old one of the same questionnaire and subject."""
    index = Baselines(old)
    pairs: list[DiffReport] = []
    only_new: list[Unmatched] = []
    for report, result in _pairs(index, new):
        if report is None:
            only_new.append(_unmatched(result))
        else:
            pairs.append(report)
    only_old = [
        Unmatched(questionnaire=key[0], subject=key[1], source=source)
        for key, (source, _) in index.by_key.items()
        if key not in index.used
    ]
    return ManyDiffReport(
        schema_version=SCHEMA_VERSION, pairs=pairs, only_old=only_old, only_new=only_new
    )


def _pairs(index: Baselines, new: Iterable[Result]) -> Iterator[tuple[DiffReport | None, Result]]:
    for result in new:
        old, _ = index.match(result)
        yield (None if old is None else diff_results(old, result)), result


def _unmatched(result: Result) -> Unmatched:
    return Unmatched(
        questionnaire=result.questionnaire.id, subject=result.subject, source=result.source
    )


def render_many_markdown(report: ManyDiffReport) -> str:
    """Markdown of every pair that changed, then a count and the unmatched assessments."""
    parts = [render_markdown(p) for p in report.pairs if not p.empty]
    unchanged = sum(1 for p in report.pairs if p.empty)
    lines = [f"{len(report.pairs)} assessments compared, {unchanged} unchanged."]
    for title, items in (
        ("Only in the old set", report.only_old),
        ("Only in the new set", report.only_new),
    ):
        if items:
            lines += ["", f"**{title}:**", ""]
            lines += [f"- {md_escape(u.subject)} ({md_code(u.source)})" for u in items]
    return "\n".join([*parts, *lines]) + "\n"
