"""Groups of teams in an organisation report: by the answers file's ``group``, else by folder.

A team whose answers file gives no ``group`` is grouped by the folder its file
is in, relative to the folder all such files share (so ``report teams/`` over
``teams/payments/*.yaml`` and ``teams/search/*.yaml`` gives the groups
``payments`` and ``search``). Teams straight in that shared folder, or given
without a folder, form the group with no name (""). Groups are ordered by name,
the unnamed one last.
"""

from __future__ import annotations

import posixpath
from typing import Any

NO_GROUP = ""


def _base(folders: list[str]) -> str:
    """The folder shared by all ``folders`` ("" when they share none)."""
    if not folders:
        return ""
    try:
        return posixpath.commonpath(folders)
    except ValueError:  # absolute and relative paths mixed
        return ""


def resolve_groups(teams: list[dict[str, Any]]) -> None:
    """Give every team row (with ``group`` and ``folder``) its group, in place."""
    folders = sorted({t["folder"] for t in teams if not t["group"]})
    base = _base(folders)
    named: dict[str, str] = {}
    for folder in folders:
        rel = posixpath.relpath(folder, base) if base else folder
        named[folder] = NO_GROUP if rel == "." else rel
    for team in teams:
        if not team["group"]:
            team["group"] = named[team["folder"]]


def _order(name: str) -> tuple[bool, str, str]:
    return (name == NO_GROUP, name.casefold(), name)


def _mean(total: float, count: int) -> float | None:
    return round(total / count, 2) if count else None


def _group_framework(fw: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """One framework's figures over one group's rows."""
    counts: dict[int, int] = {}
    dims = len(fw["dimensions"])
    levels_sum, levels_n = [0.0] * dims, [0] * dims
    shares_sum, shares_n = [0.0] * dims, [0] * dims
    for row in rows:
        counts[row["level"]] = counts.get(row["level"], 0) + 1
        for i, (level, share) in enumerate(zip(row["cells"], row["shares"], strict=True)):
            if level is not None:
                levels_sum[i] += level
                levels_n[i] += 1
                if share is not None:
                    shares_sum[i] += share
                    shares_n[i] += 1
    total = len(rows)
    return {
        "key": fw["key"],
        "title": fw["title"],
        "teams": total,
        "mean_level": _mean(sum(r["level"] for r in rows), total),
        "levels": [
            {
                "level": lv["level"],
                "name": lv["name"],
                "teams": counts.get(lv["level"], 0),
                "share": round(counts.get(lv["level"], 0) / total, 4) if total else 0.0,
            }
            for lv in fw["levels"]
        ],
        "dimensions": [
            {
                "id": d["id"],
                "title": d["title"],
                "mean_level": _mean(levels_sum[i], levels_n[i]),
                "mean_share": _mean(shares_sum[i], shares_n[i]),
            }
            for i, d in enumerate(fw["dimensions"])
        ],
    }


def group_rows(
    teams: list[dict[str, Any]], frameworks: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each group: its name, its teams (by index) and per framework its level distribution.

    Rows of ``frameworks`` must carry their team's ``group`` already.
    """
    members: dict[str, list[int]] = {}
    for team in teams:
        members.setdefault(team["group"], []).append(team["index"])
    buckets: list[dict[str, list[dict[str, Any]]]] = []
    for fw in frameworks:
        by_group: dict[str, list[dict[str, Any]]] = {}
        for row in fw["rows"]:
            by_group.setdefault(row["group"], []).append(row)
        buckets.append(by_group)
    return [
        {
            "name": name,
            "anchor": f"group-{number}",
            "teams": len(members[name]),
            "members": members[name],
            "frameworks": [
                _group_framework(fw, by_group.get(name, []))
                for fw, by_group in zip(frameworks, buckets, strict=True)
            ],
        }
        for number, name in enumerate(sorted(members, key=_order), start=1)
    ]
