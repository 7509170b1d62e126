"""Organisation roll-up: what many teams' results say together.

The roll-up is built in one pass over the teams as they arrive (:class:`Rollup`:
``add`` each team, then ``data``), from the small :class:`TeamSummary` of each,
so results never need to be held all at once. Per team it keeps one short row
(name, group, levels, dimension cells and the ids it counts); texts are kept
once per criterion or recommendation. Orders are stable: by count, then by the
order things first appeared in the input.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from maturity_cli.report.groups import group_rows, resolve_groups
from maturity_cli.report.teams import Advice, FrameworkSummary, TeamSummary, summarise
from maturity_cli.scoring.result import Result, to_builtins


def team_name(result: Result | TeamSummary, index: int) -> str:
    """A display name for a team: its subject, else its file name, else its position."""
    if result.subject.strip():
        return result.subject.strip()
    if result.source:
        return result.source.replace("\\", "/").rsplit("/", 1)[-1]
    return f"Team {index + 1}"


def _share(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0


def _level(level: int, name: str, meaning: str) -> dict[str, Any]:
    return {"level": level, "name": name, "meaning": meaning, "teams": 0}


def _new_framework(key: tuple[str, str], fw: FrameworkSummary) -> dict[str, Any]:
    return {
        "key": f"{key[0]}/{key[1]}",
        "questionnaire": key[0],
        "id": fw.id,
        "title": fw.title,
        "style": fw.style,
        "min_level": fw.min_level,
        "max_level": fw.max_level,
        "levels": {lv.level: _level(lv.level, lv.name, lv.meaning) for lv in fw.levels},
        "dimensions": {},
        "rows": [],
        "teams": 0,
        "level_total": 0,
    }


def _add_row(entry: dict[str, Any], fw: FrameworkSummary, name: str, index: int) -> None:
    entry["teams"] += 1
    entry["level_total"] += fw.level
    entry["min_level"] = min(entry["min_level"], fw.min_level)
    entry["max_level"] = max(entry["max_level"], fw.max_level)
    levels = entry["levels"]
    if fw.level not in levels:
        levels[fw.level] = _level(fw.level, fw.level_name, fw.level_meaning)
    levels[fw.level]["teams"] += 1
    dims: dict[str, str] = entry["dimensions"]
    cells: dict[str, int | None] = {}
    shares: dict[str, float | None] = {}
    for cell in fw.cells:
        dims.setdefault(cell.id, cell.title)
        cells[cell.id] = cell.level
        shares[cell.id] = cell.ratio
    row = {"team": name, "index": index, "level": fw.level, "level_name": fw.level_name}
    entry["rows"].append({**row, "cells": cells, "shares": shares})


def _finish_framework(entry: dict[str, Any]) -> dict[str, Any]:
    dims = entry.pop("dimensions")
    total = entry["teams"]
    entry["dimensions"] = [{"id": d, "title": t} for d, t in dims.items()]
    entry["levels"] = [
        {**lv, "share": _share(lv["teams"], total)} for _, lv in sorted(entry["levels"].items())
    ]
    entry["mean_level"] = round(entry.pop("level_total") / total, 2) if total else 0.0
    for row in entry["rows"]:
        cells, shares = row["cells"], row["shares"]
        row["cells"] = [cells.get(d) for d in dims]
        row["shares"] = [shares.get(d) for d in dims]
    return entry


def _advice_info(rec: Advice) -> dict[str, Any]:
    return {
        "id": rec.id,
        "title": rec.title,
        "why": rec.why,
        "impact": rec.impact,
        "effort": rec.effort,
        "dimension": rec.dimension,
        "topic": rec.topic,
        "actions": list(rec.actions),
        "addresses": list(rec.addresses),
        "sources": list(rec.sources),
    }


class Rollup:
    """The organisation view, built one team at a time (teams in input order)."""

    def __init__(self) -> None:
        self.total = 0
        self.names: list[str] = []
        self.teams: list[dict[str, Any]] = []
        self._questionnaires: dict[tuple[str, str], dict[str, Any]] = {}
        self._frameworks: dict[tuple[str, str], dict[str, Any]] = {}
        self._gap_counts: Counter[tuple[str, str, str]] = Counter()
        self._rated: Counter[tuple[str, str]] = Counter()
        self._gaps: dict[tuple[str, str, str], dict[str, Any]] = {}
        self._rec_counts: Counter[tuple[str, str]] = Counter()
        self._priority: Counter[tuple[str, str]] = Counter()
        self._recs: dict[tuple[str, str], dict[str, Any]] = {}
        self._holds: dict[tuple[str, str], dict[str, Any]] = {}
        # One copy of each repeated text or small record, shared by every team's row.
        self._shared: dict[Any, Any] = {}
        self._data: dict[str, Any] | None = None

    def _one(self, value: Any) -> Any:
        return self._shared.setdefault(value, value)

    def _record(self, key: tuple[Any, ...], **fields: Any) -> dict[str, Any]:
        """One dict per key, shared by every team that refers to it."""
        found: dict[str, Any] | None = self._shared.get(key)
        if found is None:
            found = self._shared[key] = fields
        return found

    def add(self, team: TeamSummary | Result) -> None:
        """Count one team (a summary, or a full result that is summarised first)."""
        if self._data is not None:
            raise ValueError("the roll-up is finished: no team can be added")
        if isinstance(team, Result):
            team = summarise(team)
        index = self.total
        self.total += 1
        name = team_name(team, index)
        self.names.append(name)
        ref = team.questionnaire
        entry = self._questionnaires.setdefault(
            (ref.id, ref.version),
            {"id": ref.id, "version": ref.version, "title": ref.title, "teams": 0},
        )
        entry["teams"] += 1
        frameworks = [self._add_framework(team, fw, name, index) for fw in team.frameworks]
        advice = [(rec.kind, self._add_advice(team, rec, name, index)) for rec in team.advice]
        self.teams.append(
            {
                "index": index,
                "name": name,
                "anchor": f"team-{index + 1}",
                "subject": team.subject,
                "source": team.source,
                "group": self._one(team.group),
                "folder": self._one(team.folder),
                "assessor": self._one(team.assessor),
                "assessed_on": self._one(team.assessed_on),
                "completeness": to_builtins(team.completeness),
                "frameworks": frameworks,
                "do": [rec for kind, rec in advice if kind == "do"],
                "hold_off": [rec for kind, rec in advice if kind != "do"],
                "follow_ups": [self._record(("follow_up", t), title=t) for t in team.follow_ups],
            }
        )

    def _add_framework(
        self, team: TeamSummary, fw: FrameworkSummary, name: str, index: int
    ) -> dict[str, Any]:
        key = (team.questionnaire.id, fw.id)
        if key not in self._frameworks:
            self._frameworks[key] = _new_framework(key, fw)
        _add_row(self._frameworks[key], fw, name, index)
        self._rated[key] += 1
        unmet = []
        for gap in fw.unmet:
            gkey = (key[0], key[1], gap.id)
            if gkey not in self._gaps:
                self._gaps[gkey] = {
                    "id": gap.id,
                    "text": gap.text,
                    "framework": fw.id,
                    "framework_title": fw.title,
                    "level": gap.level,
                    "dimension": gap.dimension,
                    "sources": list(gap.sources),
                }
            self._gap_counts[gkey] += 1
            unmet.append(self._record(("gap", gkey), id=gap.id, text=gap.text))
        nxt = None
        if fw.next_level is not None:
            nxt = {
                "level": fw.next_level,
                "name": fw.next_name,
                "requirement": fw.requirement,
                "unmet": unmet,
            }
        return {
            "id": fw.id,
            "key": f"{key[0]}/{key[1]}",
            "title": self._one(fw.title),
            "level": fw.level,
            "level_name": self._one(fw.level_name),
            "next_level": nxt,
        }

    def _add_advice(self, team: TeamSummary, rec: Advice, name: str, index: int) -> dict[str, Any]:
        key = (team.questionnaire.id, rec.id)
        if rec.kind == "do":
            if key not in self._recs:
                self._recs[key] = _advice_info(rec)
            self._rec_counts[key] += 1
            self._priority[key] += rec.priority
        else:
            entry = self._holds.setdefault(
                key, {"id": rec.id, "title": rec.title, "why": rec.why, "given_to": []}
            )
            entry["given_to"].append({"team": name, "index": index, "reason": rec.reason})
        return self._record(("advice", key, rec.title), id=rec.id, title=rec.title)

    def _shared_gaps(self) -> list[dict[str, Any]]:
        counts, order = self._gap_counts, {key: i for i, key in enumerate(self._gaps)}
        ranked = sorted(self._gaps, key=lambda k: (-counts[k], order[k]))
        return [
            {
                **self._gaps[k],
                "teams": counts[k],
                "rated": self._rated[k[:2]],
                "share": _share(counts[k], self._rated[k[:2]]),
            }
            for k in ranked
        ]

    def _hold_offs(self) -> list[dict[str, Any]]:
        found, order = self._holds, {key: i for i, key in enumerate(self._holds)}
        ranked = sorted(found, key=lambda k: (-len(found[k]["given_to"]), order[k]))
        return [{**found[k], "teams": len(found[k]["given_to"])} for k in ranked]

    def _top_recommendations(self) -> list[dict[str, Any]]:
        counts, priority = self._rec_counts, self._priority
        order = {key: i for i, key in enumerate(self._recs)}
        ranked = sorted(self._recs, key=lambda k: (-counts[k], priority[k] / counts[k], order[k]))
        return [
            {
                **self._recs[k],
                "teams": counts[k],
                "share": _share(counts[k], self.total),
                "mean_priority": round(priority[k] / counts[k], 2),
            }
            for k in ranked
        ]

    def data(self) -> dict[str, Any]:
        """The organisation view as plain data (JSON-ready, template-ready); ends the adding."""
        if self._data is not None:
            return self._data
        frameworks = [_finish_framework(entry) for entry in self._frameworks.values()]
        resolve_groups(self.teams)
        for fw in frameworks:
            for row in fw["rows"]:
                row["group"] = self.teams[row["index"]]["group"]
        self._data = {
            "teams": self.total,
            "team_names": self.names,
            "questionnaires": list(self._questionnaires.values()),
            "frameworks": frameworks,
            "groups": group_rows(self.teams, frameworks),
            "shared_gaps": self._shared_gaps(),
            "hold_offs": self._hold_offs(),
            "top_recommendations": self._top_recommendations(),
        }
        return self._data


def build_rollup(teams: Iterable[Result | TeamSummary]) -> dict[str, Any]:
    """The organisation view of teams (results or summaries), in one pass over them."""
    rollup = Rollup()
    for team in teams:
        rollup.add(team)
    return rollup.data()
