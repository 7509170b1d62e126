"""shields.io endpoint badges: one per team and framework, coloured by level."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from history.conftest import QUESTIONNAIRE, answers
from typer.testing import CliRunner

from maturity_cli.cli.app import app
from maturity_cli.history.badge import colour


@pytest.mark.parametrize(
    ("level", "low", "high", "expected"),
    [
        (0, 0, 4, "red"),
        (1, 0, 4, "orange"),
        (2, 0, 4, "yellow"),
        (4, 0, 4, "brightgreen"),
        (1, 1, 1, "brightgreen"),
    ],
)
def test_colour_runs_from_red_to_bright_green(
    level: int, low: int, high: int, expected: str
) -> None:
    assert colour(level, low, high) == expected


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tiny.yaml").write_text(QUESTIONNAIRE)
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.yaml").write_text(answers("Team A", "yes", "none", "no"))
    (tmp_path / "t" / "b.yaml").write_text(answers("Team B", "yes", "auto", "yes"))
    return tmp_path


def test_one_badge_goes_to_the_output(work: Path) -> None:
    done = CliRunner().invoke(app, ["badge", "t/a.yaml", "-o", "badge.json"])
    assert done.exit_code == 0, done.output
    assert json.loads((work / "badge.json").read_text()) == {
        "schemaVersion": 1,
        "label": "Gate",
        "message": "level 1: Tracked",
        "color": "yellow",
    }
    done = CliRunner().invoke(app, ["badge", "t/b.yaml", "-o", "b.json", "--label", "MLOps"])
    assert json.loads((work / "b.json").read_text())["label"] == "MLOps"


def test_several_teams_go_to_a_folder(work: Path) -> None:
    assert CliRunner().invoke(app, ["badge", "t/a.yaml", "t/b.yaml", "-o", "x.json"]).exit_code == 2
    (work / "badges").mkdir()
    done = CliRunner().invoke(app, ["badge", "t/a.yaml", "t/b.yaml", "-o", "badges"])
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in (work / "badges").iterdir()) == ["a-gate.json", "b-gate.json"]
    assert json.loads((work / "badges" / "b-gate.json").read_text())["color"] == "brightgreen"


def test_never_over_an_input_and_unknown_framework(work: Path) -> None:
    done = CliRunner().invoke(app, ["badge", "t/a.yaml", "-o", "t/a.yaml"])
    assert done.exit_code == 2 and "one of the input files" in done.stderr
    done = CliRunner().invoke(app, ["badge", "t/a.yaml", "-o", "x.json", "--framework", "nope"])
    assert done.exit_code == 2 and "no framework" in done.stderr
