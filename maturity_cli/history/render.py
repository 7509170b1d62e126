"""Timelines as JSON, CSV (one row per point and framework or dimension) and Markdown."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from maturity_cli.history.timeline import LevelChange, Movement, Point, Series
from maturity_cli.markdown import md_code, md_escape
from maturity_cli.scoring.result import Result, to_json
from maturity_cli.text import plain_text

CSV_COLUMNS = (
    "team",
    "subject",
    "date",
    "ref",
    "source",
    "questionnaire",
    "questionnaire_version",
    "framework",
    "dimension",
    "level",
    "level_name",
    "problem",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def history_json(series: Sequence[Series], movers: Sequence[Movement] = ()) -> str:
    """The movers and every timeline, with every point, as stable JSON."""
    return to_json({"movers": list(movers), "teams": list(series)})


def sort_movers(movers: Iterable[Movement]) -> list[Movement]:
    """Biggest rise first, biggest fall last."""
    return sorted(movers, key=lambda m: (-m.delta, m.key, m.framework))


def mover_cells(m: Movement) -> list[str]:
    """Team, framework, from, to, period and why, as text."""
    arrow = "▲" if m.delta > 0 else "▼"
    why = ", ".join(f"{a.question}: {a.old} → {a.new}" for a in m.answers_changed)
    return [m.subject, m.framework, f"{arrow} {m.old}→{m.new}", f"{m.since} to {m.until}", why]


def safe_cell(value: object) -> object:
    """A spreadsheet cell that cannot be read as a formula, nor move a terminal."""
    if not isinstance(value, str):
        return value
    value = plain_text(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with a header, ``\\n`` line ends and formula-safe cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()


def _point_rows(team: str, p: Point) -> Iterable[list[object]]:
    head = [team, p.subject, p.date, p.ref, p.source, p.questionnaire, p.questionnaire_version]
    if not p.valid:
        yield [*head, "", "", "", "", " / ".join(x.splitlines()[0] for x in p.problems)]
        return
    for lv in p.levels:
        yield [*head, lv.framework, "", lv.level, lv.level_name, ""]
        for dim, level in lv.dimensions.items():
            yield [*head, lv.framework, dim, "" if level is None else level, "", ""]


def history_rows(series: Sequence[Series]) -> Iterator[list[object]]:
    """One row per team, point and framework, and one per team, point and dimension."""
    return (row for s in series for p in s.points for row in _point_rows(s.key, p))


def history_csv(series: Sequence[Series]) -> str:
    """:func:`history_rows` as CSV with a header."""
    return write_csv(CSV_COLUMNS, history_rows(series))


def change_text(change: LevelChange) -> str:
    """``gate 1→2`` or ``gate/dev none→1``."""
    name = f"{change.framework}/{change.dimension}" if change.dimension else change.framework
    old = "none" if change.old is None else str(change.old)
    new = "none" if change.new is None else str(change.new)
    return f"{name} {old}→{new}"


def levels_text(point: Point) -> str:
    """``gate 2, pct 1`` (or ``invalid``)."""
    if not point.valid:
        return "invalid"
    return ", ".join(f"{lv.framework} {lv.level}" for lv in point.levels)


def version_text(point: Point) -> str:
    """The questionnaire version that scored a point, and the one answered when it differs."""
    if point.answered_version and point.answered_version != point.questionnaire_version:
        return f"{point.questionnaire_version} (answers for {point.answered_version})"
    return point.questionnaire_version


def point_summary(point: Point) -> tuple[str, str]:
    """What changed at a point: the level changes, and the answers changed."""
    if not point.valid:
        return point.problems[0].splitlines()[0], ""
    changes = ", ".join(change_text(c) for c in point.changes)
    answers = ", ".join(f"{a.question}: {a.old} → {a.new}" for a in point.answers_changed)
    return changes, answers


def history_markdown(series: Sequence[Series], movers: Sequence[Movement] = ()) -> str:
    """The teams that moved, then a section per team with a table of its points."""
    lines = ["# Maturity history", "", "## Movers", ""]
    if movers:
        lines += [
            "| team | framework | level | period | answers changed |",
            "|---|---|---|---|---|",
        ]
        lines += ["| " + " | ".join(md_escape(c) for c in mover_cells(m)) + " |" for m in movers]
    else:
        lines.append("No team changed level in this period.")
    lines.append("")
    if not series:
        lines.append("No history found.")
    for s in series:
        lines += [f"## {md_escape(s.subject)}", "", md_code(s.key), ""]
        lines += [
            "| date | ref | version | levels | changes | answers changed |",
            "|---|---|---|---|---|---|",
        ]
        for p in s.points:
            changes, answers = point_summary(p)
            cells = [
                p.date[:10],
                p.ref[:12],
                p.questionnaire_version,
                levels_text(p),
                changes,
                answers,
            ]
            lines.append("| " + " | ".join(md_escape(c) for c in cells) + " |")
        lines.append("")
    return plain_text("\n".join(lines).rstrip("\n") + "\n")


RESULT_COLUMNS = (
    "file",
    "subject",
    "assessed_on",
    "questionnaire",
    "questionnaire_version",
    "framework",
    "dimension",
    "level",
    "level_name",
    "score",
)


def result_rows(results: Iterable[Result]) -> Iterator[list[object]]:
    """One row per result and framework (``dimension`` empty), one per result and dimension."""
    for r in results:
        head = [
            r.source,
            r.subject,
            r.assessed_on or "",
            r.questionnaire.id,
            r.questionnaire.version,
        ]
        for fw in r.frameworks:
            yield [*head, fw.id, "", fw.level, fw.level_name, round(fw.score, 4)]
            for d in fw.dimensions:
                level = "" if d.level is None else d.level
                score = "" if d.score is None else round(d.score, 4)
                yield [*head, fw.id, d.id, level, d.level_name or "", score]


def results_csv(results: Iterable[Result]) -> str:
    """Scores for spreadsheets: a row per team and framework, and per team and dimension."""
    return write_csv(RESULT_COLUMNS, result_rows(results))
