"""Saved results are checked against their questionnaire before the gate trusts them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from maturity_cli.cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "small-startup.yaml"


def saved(tmp_path: Path, edit=None) -> Path:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(app, ["score", str(EXAMPLE), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    if edit is not None:
        edit(data)
    path = tmp_path / "result.json"
    path.write_text(json.dumps(data, indent=2))
    return path


def test_an_unedited_result_passes_the_gate(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(saved(tmp_path)), "--min-level", "microsoft=1"])
    assert result.exit_code == 0, result.output


def test_an_edited_level_is_refused_with_its_location(tmp_path: Path) -> None:
    def raise_level(data: dict) -> None:  # type: ignore[type-arg]
        data["frameworks"][0]["level"] = 99

    path = saved(tmp_path, raise_level)
    for command in (
        ["check", str(path), "--min-level", "microsoft=4"],
        ["diff", str(path), str(path)],
    ):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 2, result.output
        assert "level 99 is not a level of 'microsoft' (0 to 4)" in result.stderr
        line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if '"level": 99' in t)
        assert f"result.json:{line}:" in result.stderr


def test_an_unknown_framework_is_refused(tmp_path: Path) -> None:
    def rename(data: dict) -> None:  # type: ignore[type-arg]
        data["frameworks"][0]["id"] = "made-up"

    result = CliRunner().invoke(app, ["check", str(saved(tmp_path, rename)), "--min-level", "x=1"])
    assert result.exit_code == 2
    assert "framework 'made-up' is not in questionnaire 'mlops'" in result.stderr
