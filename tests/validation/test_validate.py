"""validate counts answers exactly as score does."""

from __future__ import annotations

from typer.testing import CliRunner

from maturity_cli.cli import app
from tests.conftest import FileTree

QUESTIONNAIRE = """\
id: count
version: "1"
title: Count
dimensions: [{id: d, title: D}]
questions:
  - {id: a, text: A?, type: yes_no, dimension: d}
  - {id: b, text: B?, type: yes_no, dimension: d, when: a}
  - {id: c, text: C?, type: yes_no, dimension: d}
frameworks:
  - {id: fw, title: FW, style: percentage, levels: [{level: 0, name: Low}]}
"""


def test_validate_and_score_give_the_same_count(files: FileTree) -> None:
    folder = files(
        {
            "q.yaml": QUESTIONNAIRE,
            # b is answered but not asked (a is no): neither command counts it.
            "a.yaml": "questionnaire: q.yaml\nsubject: t\nanswers: {a: no, b: yes, c: unknown}\n",
        }
    )
    runner = CliRunner()
    validated = runner.invoke(app, ["validate", str(folder / "a.yaml")])
    assert validated.exit_code == 0, validated.output
    assert "(1 of 3 answered)" in validated.output
    scored = runner.invoke(app, ["score", str(folder / "a.yaml")])
    assert "1 of 3 answered" in scored.output
