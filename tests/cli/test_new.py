"""maturity new: a commented starter questionnaire that validates, never over a file."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from maturity_cli.cli import app
from maturity_cli.questionnaire.loader import load_questionnaire


def test_new_writes_a_starter_that_validates_and_covers_every_kind(tmp_path: Path) -> None:
    target = tmp_path / "team-model.yaml"
    result = CliRunner().invoke(app, ["new", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("#") and text.count("\n  # ") >= 8  # commented for a newcomer
    checked = CliRunner().invoke(app, ["validate", str(target)])
    assert checked.exit_code == 0, checked.output
    assert "warning" not in checked.output
    q = load_questionnaire(target)
    assert q.id == "team-model"
    assert {x.type for x in q.questions} == {
        "yes_no",
        "single_choice",
        "multiple_choice",
        "scale",
        "number",
        "text",
    }
    assert sorted(fw.spec.style for fw in q.frameworks) == ["gated", "percentage", "points"]
    kinds = {r.spec.kind: r.spec.topic for r in q.recommendations}
    assert set(kinds) == {"do", "hold_off"} and len(set(kinds.values())) == 1
    assert isinstance(yaml.safe_load(text), dict)


def test_new_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("my own work\n", encoding="utf-8")
    refused = CliRunner().invoke(app, ["new", str(target)])
    assert refused.exit_code == 2
    assert "file already exists" in refused.output and "--force" in refused.output
    assert target.read_text(encoding="utf-8") == "my own work\n"
    forced = CliRunner().invoke(app, ["new", str(target), "--force"])
    assert forced.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# A starter maturity model")


def test_new_refuses_a_folder_even_with_force(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["new", str(tmp_path), "--force"])
    assert result.exit_code == 2
    assert "not a regular file" in result.output
