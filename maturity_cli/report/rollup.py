"""Organisation roll-up: what many teams' results say together.

Everything here is one pass over the results (dictionaries keyed by id), so a
thousand teams take a few milliseconds. Orders are stable: by count, then by the
order things first appeared in the input.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from maturity_cli.scoring.result import Result


def team_name(result: Result, index: int) -> str:
    """A display name for a team: its subject, else its file name, else its position."""
    if result.subject.strip():
        return result.subject.strip()
    if result.source:
        return result.source.replace("\\", "/").rsplit("/", 1)[-1]
    return f"Team {index + 1}"


def _share(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0


def _new_framework(key: tuple[str, str], fw: Any) -> dict[str, Any]:
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


def _add_team(entry: dict[str, Any], fw: Any, name: str, index: int) -> None:
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
    for dim in fw.dimensions:
        dims.setdefault(dim.id, dim.title)
        cells[dim.id] = dim.level
        shares[dim.id] = dim.ratio
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


def _frameworks(results: Sequence[Result], names: list[str]) -> list[dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for index, result in enumerate(results):
        for fw in result.frameworks:
            key = (result.questionnaire.id, fw.id)
            if key not in found:
                found[key] = _new_framework(key, fw)
            _add_team(found[key], fw, names[index], index)
    return [_finish_framework(entry) for entry in found.values()]


def _level(level: int, name: str, meaning: str) -> dict[str, Any]:
    return {"level": level, "name": name, "meaning": meaning, "teams": 0}


def _shared_gaps(results: Sequence[Result]) -> list[dict[str, Any]]:
    """Open criteria by how many teams they hold back, out of the teams rated on that framework."""
    counts: Counter[tuple[str, str, str]] = Counter()
    rated: Counter[tuple[str, str]] = Counter()
    info: dict[tuple[str, str, str], dict[str, Any]] = {}
    for result in results:
        for fw in result.frameworks:
            rated[(result.questionnaire.id, fw.id)] += 1
            if fw.next_level is None:
                continue
            for crit in fw.next_level.unmet:
                key = (result.questionnaire.id, fw.id, crit.id)
                if key not in info:
                    info[key] = {
                        "id": crit.id,
                        "text": crit.text,
                        "framework": fw.id,
                        "framework_title": fw.title,
                        "level": crit.level,
                        "dimension": crit.dimension,
                        "sources": list(crit.sources),
                    }
                counts[key] += 1
    order = {key: i for i, key in enumerate(info)}
    ranked = sorted(info, key=lambda k: (-counts[k], order[k]))
    return [
        {
            **info[k],
            "teams": counts[k],
            "rated": rated[k[:2]],
            "share": _share(counts[k], rated[k[:2]]),
        }
        for k in ranked
    ]


def _hold_offs(results: Sequence[Result], names: list[str]) -> list[dict[str, Any]]:
    """Each piece of hold-off advice with the teams it was given to, and why for each."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for index, result in enumerate(results):
        for rec in result.recommendations:
            if rec.kind != "hold_off":
                continue
            key = (result.questionnaire.id, rec.id)
            entry = found.setdefault(
                key, {"id": rec.id, "title": rec.title, "why": rec.why, "given_to": []}
            )
            entry["given_to"].append({"team": names[index], "index": index, "reason": rec.reason})
    order = {key: i for i, key in enumerate(found)}
    ranked = sorted(found, key=lambda k: (-len(found[k]["given_to"]), order[k]))
    return [{**found[k], "teams": len(found[k]["given_to"])} for k in ranked]


def _top_recommendations(results: Sequence[Result], total: int) -> list[dict[str, Any]]:
    counts: Counter[tuple[str, str]] = Counter()
    priority: Counter[tuple[str, str]] = Counter()
    info: dict[tuple[str, str], dict[str, Any]] = {}
    for result in results:
        for rec in result.recommendations:
            if rec.kind != "do":
                continue
            key = (result.questionnaire.id, rec.id)
            if key not in info:
                info[key] = {
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
            counts[key] += 1
            priority[key] += rec.priority
    order = {key: i for i, key in enumerate(info)}
    ranked = sorted(info, key=lambda k: (-counts[k], priority[k] / counts[k], order[k]))
    return [
        {
            **info[k],
            "teams": counts[k],
            "share": _share(counts[k], total),
            "mean_priority": round(priority[k] / counts[k], 2),
        }
        for k in ranked
    ]


def build_rollup(results: Sequence[Result]) -> dict[str, Any]:
    """The organisation view as plain data (JSON-ready, template-ready)."""
    total = len(results)
    names = [team_name(r, i) for i, r in enumerate(results)]
    questionnaires: dict[tuple[str, str], dict[str, Any]] = {}
    for result in results:
        ref = result.questionnaire
        entry = questionnaires.setdefault(
            (ref.id, ref.version),
            {"id": ref.id, "version": ref.version, "title": ref.title, "teams": 0},
        )
        entry["teams"] += 1
    return {
        "teams": total,
        "team_names": names,
        "questionnaires": list(questionnaires.values()),
        "frameworks": _frameworks(results, names),
        "shared_gaps": _shared_gaps(results),
        "hold_offs": _hold_offs(results, names),
        "top_recommendations": _top_recommendations(results, total),
    }
