"""``maturity diff`` of two folders: pairs matched by questionnaire and subject."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from maturity_cli.cli import app

ROOT = Path(__file__).resolve().parents[2]
LOW = (ROOT / "examples" / "small-startup.yaml").read_text(encoding="utf-8")
HIGH = (ROOT / "examples" / "multi-team-platform.yaml").read_text(encoding="utf-8")


def _team(path: Path, subject: str, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"subject: {subject}" if ln.startswith("subject:") else ln for ln in text.splitlines()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_folders_are_compared_team_by_team(tmp_path: Path) -> None:
    _team(tmp_path / "old" / "a.yaml", "Team A", LOW)
    _team(tmp_path / "old" / "b.yaml", "Team B", LOW)
    _team(tmp_path / "old" / "gone.yaml", "Team Gone", LOW)
    _team(tmp_path / "new" / "renamed-a.yaml", "Team A", LOW)
    _team(tmp_path / "new" / "b.yaml", "Team B", HIGH)
    _team(tmp_path / "new" / "fresh.yaml", "Team New", LOW)
    args = ["diff", str(tmp_path / "old"), str(tmp_path / "new")]
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    pairs = {p["subject"]: p for p in report["pairs"]}
    assert set(pairs) == {"Team A", "Team B"}
    assert pairs["Team A"]["levels"] == [] and pairs["Team B"]["levels"]
    assert [u["subject"] for u in report["only_old"]] == ["Team Gone"]
    assert [u["subject"] for u in report["only_new"]] == ["Team New"]
    table = CliRunner().invoke(app, args).stdout
    assert "2 assessments compared, 1 unchanged." in table
    assert "Team Gone" in table and "Team New" in table
    md = CliRunner().invoke(app, [*args, "--format", "md"]).stdout
    assert "Maturity changes: Team B" in md and "Maturity changes: Team A" not in md


def test_a_results_file_compares_with_a_folder(tmp_path: Path) -> None:
    _team(tmp_path / "old" / "a.yaml", "Team A", LOW)
    _team(tmp_path / "new" / "a.yaml", "Team A", HIGH)
    snapshot = tmp_path / "old.jsonl"
    scored = CliRunner().invoke(app, ["score", str(tmp_path / "old"), "-f", "jsonl", "--compact"])
    snapshot.write_text(scored.stdout, encoding="utf-8")
    result = CliRunner().invoke(app, ["diff", str(snapshot), str(tmp_path / "new"), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert [p["subject"] for p in json.loads(result.stdout)["pairs"]] == ["Team A"]


def test_a_bad_file_never_stops_the_other_comparisons(tmp_path: Path) -> None:
    _team(tmp_path / "old" / "a.yaml", "Team A", LOW)
    _team(tmp_path / "new" / "a.yaml", "Team A", HIGH)
    (tmp_path / "new" / "broken.yaml").write_text("questionnaire: mlops\nsubject: [oops\n")
    args = ["diff", str(tmp_path / "old"), str(tmp_path / "new"), "--format", "json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    report = json.loads(result.stdout)  # the good pair is still compared and printed
    assert [p["subject"] for p in report["pairs"]] == ["Team A"]
    assert "broken.yaml:3:1: invalid YAML" in result.stderr
    assert "1 file(s) could not be compared" in result.stderr
