"""The organisation report's data: template context, heatmaps, and streamed JSON.

An organisation report is built from a stream of teams (results or their
summaries) in one pass: the roll-up keeps a short row per team, never the
results. Above :data:`HEATMAP_MAX_TEAMS` teams, a chart with one row per team
would no longer be legible, so the report draws one row per group instead and
lists the teams in tables under their groups.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import msgspec
from markupsafe import Markup

from maturity_cli.report import charts
from maturity_cli.report.rollup import Rollup
from maturity_cli.report.teams import TeamSummary, summarise
from maturity_cli.scoring.result import Result, json_list_item

HEATMAP_MAX_TEAMS = 200
"""Up to this many teams, reports draw one heatmap row per team and show each team in full."""
MD_TEAMS_MAX = 200
"""The Markdown report lists at most this many teams above the cap (the rest are counted)."""
NAMES_MAX = 10
"""Hold-off advice names at most this many teams above the cap (the rest are counted)."""


def _team_heatmap(fw: dict[str, Any], number: int) -> str:
    rows = [(row["team"], row["cells"]) for row in fw["rows"]]
    shares = [row["shares"] for row in fw["rows"]]
    overall = [row["level"] for row in fw["rows"]]
    return _heatmap(fw, number, "level per team", rows, shares, overall)


def _mean(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def _group_heatmap(fw: dict[str, Any], number: int, groups: list[dict[str, Any]]) -> str:
    rows, shares, overall = [], [], []
    for group in groups:
        fig = group["frameworks"][number - 1]
        if not fig["teams"]:
            continue
        rows.append(
            (group_label(group["name"]), [_mean(d["mean_level"]) for d in fig["dimensions"]])
        )
        shares.append([d["mean_share"] for d in fig["dimensions"]])
        overall.append(round(float(fig["mean_level"]), 1))
    return _heatmap(fw, number, "mean level per group", rows, shares, overall)


def _heatmap(
    fw: dict[str, Any],
    number: int,
    shown: str,
    rows: list[tuple[str, list[Any]]],
    shares: list[Any],
    overall: list[Any],
) -> str:
    """A framework's heatmap of ``shown`` (say "level per team") and dimension."""
    return charts.heatmap(
        [d["title"] for d in fw["dimensions"]],
        rows,
        min_level=fw["min_level"],
        max_level=fw["max_level"],
        title=f"{fw['title']}: {shown} and dimension",
        chart_id=f"heatmap-{number}",
        shares=shares,
        overall=overall,
    )


def heatmaps(rollup: dict[str, Any]) -> dict[str, Any]:
    """One heatmap per framework: by team up to the cap, by group above it."""
    per_team = rollup["teams"] <= HEATMAP_MAX_TEAMS
    out: dict[str, Any] = {}
    for number, fw in enumerate(rollup["frameworks"], start=1):
        svg = (
            _team_heatmap(fw, number) if per_team else _group_heatmap(fw, number, rollup["groups"])
        )
        # The chart functions escape every piece of text they draw, so the SVG is safe.
        out[fw["key"]] = Markup(svg)
    return out


def group_label(name: str) -> str:
    """How a group is shown: its name, or a word for teams in no group."""
    return name or "No group"


def organisation_context(rollup: Rollup, *, charts: bool) -> dict[str, Any]:
    """What an organisation template sees: the roll-up, the teams' rows and the groups."""
    data = rollup.data()
    teams = rollup.teams
    groups = [
        {**g, "label": group_label(g["name"]), "members": [teams[i] for i in g["members"]]}
        for g in data["groups"]
    ]
    return {
        "kind": "organisation",
        "teams": teams,
        "groups": groups,
        "rollup": data,
        "heatmaps": heatmaps(data) if charts else {},
        "per_team": data["teams"] <= HEATMAP_MAX_TEAMS,
        "limits": {"heatmap": HEATMAP_MAX_TEAMS, "md_teams": MD_TEAMS_MAX, "names": NAMES_MAX},
    }


def collect(teams: Iterable[Result | TeamSummary]) -> Rollup:
    """Add teams to a roll-up in one pass (each result is summarised, then dropped)."""
    rollup = Rollup()
    for team in teams:
        rollup.add(team)
    return rollup


def _indent(raw: bytes, by: int) -> bytes:
    """Pretty JSON nested ``by`` spaces deeper (JSON strings hold no raw newlines)."""
    return raw.replace(b"\n", b"\n" + b" " * by)


def organisation_json_chunks(
    teams: Iterable[tuple[bytes, TeamSummary]], rollup: Rollup | None = None
) -> Iterator[bytes]:
    """The JSON organisation report, piece by piece, from each team's result JSON.

    Every team's result is written as it comes and only its summary is kept,
    for the roll-up that ends the document. The bytes are those of encoding the
    whole document at once with two-space indentation.
    """
    rollup = rollup if rollup is not None else Rollup()
    yield b'{\n  "schema_version": 1,\n  "kind": "organisation",\n  "teams": ['
    first = True
    for raw, summary in teams:
        rollup.add(summary)
        yield json_list_item(msgspec.json.format(raw, indent=2), first=first, depth=2)
        first = False
    yield b"]" if first else b"\n  ]"
    rolled = msgspec.json.format(msgspec.json.encode(rollup.data()), indent=2)
    yield b',\n  "rollup": ' + _indent(rolled, 2) + b"\n}\n"


def organisation_json(results: Iterable[Result]) -> str:
    """The organisation report as JSON: every team's result and the roll-up."""
    encode = msgspec.json.Encoder().encode
    pairs = ((encode(r), summarise(r)) for r in results)
    return b"".join(organisation_json_chunks(pairs)).decode()
