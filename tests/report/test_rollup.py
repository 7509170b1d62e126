"""Organisation roll-up: distributions, shared gaps, recommendations that lift most teams."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest
from test_render import OTHER, QUESTIONNAIRE, TEAM, many_results, score_text

from maturity_cli.report.rollup import build_rollup, team_name
from maturity_cli.scoring.result import to_json


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "questionnaire.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    return tmp_path


def test_rollup_counts(folder: Path) -> None:
    team = score_text(folder, TEAM, "team.yaml")
    other = score_text(folder, OTHER, "other.yaml")
    data = build_rollup([team, team, other])
    assert data["teams"] == 3
    stages = data["frameworks"][0]
    assert stages["id"] == "stages"
    assert [(lv["level"], lv["teams"]) for lv in stages["levels"]] == [
        (0, 2),
        (1, 0),
        (2, 1),
        (3, 0),
    ]
    assert sum(lv["teams"] for lv in stages["levels"]) == 3
    assert [d["id"] for d in stages["dimensions"]] == [
        "data",
        "model",
        "deploy",
        "monitor",
        "people",
    ]
    assert [row["team"] for row in stages["rows"]] == [
        "Search ranking",
        "Search ranking",
        "Fraud detection",
    ]
    assert all(len(row["cells"]) == 5 for row in stages["rows"])
    gaps = data["shared_gaps"]
    assert gaps[0]["id"] == "c_data" and gaps[0]["teams"] == 2
    assert {g["id"] for g in gaps} == {"c_data", "c_alert"}
    recs = data["top_recommendations"]
    assert recs[0]["teams"] == 2
    assert all(r["id"] != "feature_store" for r in recs)  # hold-off advice lifts no one
    counts = [r["teams"] for r in recs]
    assert counts == sorted(counts, reverse=True)
    json.loads(to_json(data))  # JSON-ready


def test_team_names_fall_back(folder: Path) -> None:
    team = score_text(folder, TEAM, "team.yaml")
    assert team_name(team, 0) == "Search ranking"
    unnamed = msgspec.structs.replace(team, subject="  ", source="teams/alpha.yaml")
    assert team_name(unnamed, 0) == "alpha.yaml"
    assert team_name(msgspec.structs.replace(unnamed, source=""), 4) == "Team 5"


def test_empty_rollup() -> None:
    data = build_rollup([])
    assert data["teams"] == 0 and data["frameworks"] == [] and data["shared_gaps"] == []


def test_thousand_teams(folder: Path) -> None:
    results = many_results(folder, 1000)
    data = build_rollup(results)
    assert data["teams"] == 1000
    assert sum(lv["teams"] for lv in data["frameworks"][0]["levels"]) == 1000
    assert len(data["frameworks"][0]["rows"]) == 1000
    assert data == build_rollup(results)
