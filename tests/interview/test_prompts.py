"""The line prompts of piped input: what they print comes from files, so it is made safe."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from maturity_cli.cli.app import app

QUESTIONNAIRE = """\
id: hostile
version: "1"
title: Hostile text
dimensions:
  - {id: d, title: D}
questions:
  - id: q1
    text: "Clear the screen? \\e[2J\\e]0;owned\\a [bold]not markup[/bold]"
    type: yes_no
    dimension: d
    help: "Help \\e[31mred"
frameworks:
  - id: p
    title: P
    style: percentage
    levels:
      - {level: 0, name: Low}
      - {level: 1, name: High, at_least: 50}
"""


def test_questions_from_a_file_cannot_drive_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "q.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["assess", "-q", "q.yaml", "-o", "a.yaml", "--subject", "S", "--assessor", ""]
    result = CliRunner().invoke(app, args, input="?\nyes\n")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\a" not in result.output
    assert "Clear the screen? [2J]0;owned [bold]" in result.output
    assert "[bold]not markup[/bold]" in result.output  # shown as written
    assert "Help [31mred" in result.output
