"""`maturity validate` finds do/hold-off pairs of one topic that can both apply."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from maturity_cli.cli import app
from maturity_cli.load.catalog import builtin_questionnaires
from maturity_cli.questionnaire.advice_check import contradictions
from maturity_cli.questionnaire.loader import load_questionnaire

HEAD = """
id: contra
version: "1"
title: Contra
dimensions:
  - {id: d, title: D}
questions:
  - {id: people, text: People?, type: number, context: true}
  - {id: mode, text: Mode?, type: single_choice, choices: [batch, online], context: true}
  - {id: tools, text: Tools?, type: multiple_choice, choices: [a, b], dimension: d}
frameworks:
  - id: fw
    title: FW
    style: gated
    levels:
      - {level: 0, name: Zero}
      - level: 1
        name: One
        criteria: [{id: c1, text: Tools, rule: '"a" in tools', dimension: d}]
recommendations:
"""


def validate(files, recommendations: str):  # type: ignore[no-untyped-def]
    folder = files({"q.yaml": HEAD + recommendations})
    return CliRunner().invoke(app, ["validate", str(folder / "q.yaml")])


def test_overlapping_do_and_hold_off_are_reported_with_an_example(files) -> None:  # type: ignore[no-untyped-def]
    result = validate(
        files,
        """
  - {id: do-store, title: Adopt, why: W., topic: store, when: people >= 5 or mode == "online"}
  - {id: hold-store, title: Hold, why: W., kind: hold_off, topic: store, when: people < 10}
""",
    )
    assert result.exit_code == 2
    assert "q.yaml:22:80:" in result.stderr  # the hold-off's 'when'
    assert "'do-store' (do) and 'hold-store' (hold_off) both apply when" in result.stderr
    assert "hint: make the two 'when' rules exclusive" in result.stderr


def test_exclusive_rules_pass_including_unknown_answers(files) -> None:  # type: ignore[no-untyped-def]
    result = validate(
        files,
        """
  - {id: do-store, title: Adopt, why: W., topic: store, when: people >= 5}
  - {id: hold-store, title: Hold, why: W., kind: hold_off, topic: store, when: people < 5}
  - {id: do-tools, title: Tools, why: W., topic: tools, when: not ("a" in tools)}
  - {id: hold-tools, title: Not yet, why: W., kind: hold_off, topic: tools, when: '"a" in tools'}
""",
    )
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("do", "hold"),
    [
        ('"b" in tools', 'not ("a" in tools)'),  # tools: [b]
        ('level("fw") >= 1', "people < 3"),  # a level and a number together
        ('mode == "batch"', "not answered(mode)"),  # "don't know" is an answer too
    ],
)
def test_counterexamples_across_answer_kinds(files, do: str, hold: str) -> None:  # type: ignore[no-untyped-def]
    result = validate(
        files,
        f"""
  - {{id: do-x, title: Do, why: W., topic: x, when: '{do}'}}
  - {{id: hold-x, title: Hold, why: W., kind: hold_off, topic: x, when: '{hold}'}}
""",
    )
    if "not answered" in hold:
        assert result.exit_code == 0, result.stderr  # exclusive: mode is either answered or not
    else:
        assert result.exit_code == 2 and "both apply when" in result.stderr


def test_built_in_advice_never_contradicts_itself() -> None:
    for path in builtin_questionnaires().values():
        assert contradictions(load_questionnaire(path)) == [], path.name
