"""Trends for reports (``report --history``): levels over time, since last time, movers.

For a team: a level-over-time chart per framework (HTML) or table (Markdown),
and what changed at the latest point. For an organisation: each team's trend,
the biggest movers up and down, and how many teams were at each level, quarter
by quarter (each team counted at its last point up to the quarter's end).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

from maturity_cli.errors import Problem
from maturity_cli.history.collect import git_history
from maturity_cli.history.render import change_text, sort_movers
from maturity_cli.history.store import Store
from maturity_cli.history.timeline import Movement, Point, Series, movements
from maturity_cli.report.charts import level_over_time
from maturity_cli.scoring.result import Result

TOP_MOVERS = 5


def quarter(day: str) -> str:
    """``2026-Q3`` for a date ``2026-08-15``."""
    return f"{day[:4]}-Q{(int(day[5:7]) - 1) // 3 + 1}"


def _valid(series: Series) -> list[Point]:
    return [p for p in series.points if p.valid and p.date]


def _frameworks(points: list[Point]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for p in points:
        for lv in p.levels:
            fw = found.setdefault(
                lv.framework,
                {"id": lv.framework, "title": lv.title, "max": lv.max_level, "points": []},
            )
            fw["points"].append({"date": p.date[:10], "level": lv.level})
    return list(found.values())


def team_trends(series: Series, *, charts: bool = False) -> dict[str, Any]:
    """Levels over time and "since last time" for one team."""
    points = _valid(series)
    frameworks = _frameworks(points)
    for fw in frameworks:
        low = min(0, *(pt["level"] for pt in fw["points"]))
        # The chart escapes every piece of text it draws, so the SVG is safe.
        fw["chart"] = (
            Markup(
                level_over_time(
                    [(pt["date"], pt["level"]) for pt in fw["points"]],
                    lowest=low,
                    highest=fw["max"],
                    title=f"{fw['title']}: level over time",
                    chart_id=f"trend-{fw['id']}",
                )
            )
            if charts
            else ""
        )
    latest: dict[str, Any] | None = None
    if len(points) > 1:
        now, before = points[-1], points[-2]
        latest = {
            "date": now.date[:10],
            "previous": before.date[:10],
            "changes": [change_text(c) for c in now.changes],
            "criteria_met": now.criteria_met,
            "criteria_lost": now.criteria_lost,
            "answers_changed": now.answers_changed,
        }
    return {
        "kind": "team",
        "frameworks": frameworks,
        "latest": latest,
        "invalid": sum(not p.valid for p in series.points),
    }


def _trend(points: list[Point], framework: str) -> str:
    levels = [lv.level for p in points for lv in p.levels if lv.framework == framework]
    if not levels:
        return "–"
    first, last = levels[0], levels[-1]
    arrow = "▲" if last > first else "▼" if last < first else "="
    return f"{first}→{last} {arrow}" if len(levels) > 1 else str(last)


def _quarters(all_points: list[list[Point]], framework: str, top: int) -> list[dict[str, Any]]:
    days = sorted({p.date[:10] for points in all_points for p in points})
    if not days:
        return []
    out = []
    first, last = quarter(days[0]), quarter(days[-1])
    year, q = int(first[:4]), int(first[-1])
    while f"{year}-Q{q}" <= last:
        end = f"{year}-{q * 3:02d}-31"
        counts = [0] * (top + 1)
        for points in all_points:
            upto = [p for p in points if p.date[:10] <= end]
            level = (
                next((lv.level for lv in upto[-1].levels if lv.framework == framework), None)
                if upto
                else None
            )
            if level is not None and 0 <= level <= top:
                counts[level] += 1
        out.append({"quarter": f"{year}-Q{q}", "counts": counts})
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return out


def org_trends(teams: Sequence[Series]) -> dict[str, Any]:
    """Each team's trend, the biggest movers up and down, and levels per quarter."""
    valid = [_valid(s) for s in teams]
    frameworks: dict[str, tuple[str, int]] = {}
    for points in valid:
        for p in points:
            for lv in p.levels:
                frameworks.setdefault(lv.framework, (lv.title, lv.max_level))
    movers: list[Movement] = sort_movers(m for s in teams for m in movements(s, None, None))
    return {
        "kind": "organisation",
        "frameworks": [
            {
                "id": fid,
                "title": title,
                "levels": list(range(top + 1)),
                "quarters": _quarters(valid, fid, top),
            }
            for fid, (title, top) in frameworks.items()
        ],
        "teams": [
            {"subject": s.subject, "trends": {fid: _trend(points, fid) for fid in frameworks}}
            for s, points in zip(teams, valid, strict=True)
        ],
        "up": [m for m in movers if m.delta > 0][:TOP_MOVERS],
        "down": [m for m in reversed(movers) if m.delta < 0][:TOP_MOVERS],
    }


def trends_for(
    results: Sequence[Result], source: str, questionnaire: str | None = None, *, charts: bool
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The "Progress over time" of a report, and the files that have no history.

    ``source`` is ``git`` (each result's answers file in git) or a results store
    (teams matched by subject). A team report gets :func:`team_trends`, an
    organisation report :func:`org_trends`; ``None`` when no team has a history.
    """
    problems: list[Problem] = []
    if source == "git":
        files = [Path(r.source) for r in results if Path(r.source).is_file()]
        series, problems, _scored = git_history(files, questionnaire)
        by_file = {Path(s.key).resolve(): s for s in series}
        found = [by_file.get(Path(r.source).resolve()) for r in results]
    else:
        with Store.open(Path(source), create=False) as store:
            wanted = sorted({r.subject for r in results} & set(store.subjects()))
            stored = {s.subject: s for s in store.series(wanted)} if wanted else {}
        found = [stored.get(r.subject) for r in results]
    matched = [s for s in found if s is not None]
    if not matched:
        return None, problems
    if len(results) == 1:
        return team_trends(matched[0], charts=charts), problems
    return org_trends(matched), problems
