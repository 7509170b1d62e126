"""Semantic checks of frameworks: levels that mean something and can be reached."""

from __future__ import annotations

import textwrap

import pytest
from typer.testing import CliRunner

from maturity_cli.cli import app
from maturity_cli.errors import InvalidFile
from maturity_cli.questionnaire.loader import parse_questionnaire
from tests.conftest import FileTree

HEAD = """\
id: demo
version: "1.0"
title: Demo
dimensions:
  - {id: dev, title: Development}
  - {id: ops, title: Operations}
questions:
  - {id: a, text: A?, type: yes_no, dimension: dev}
  - {id: b, text: B?, type: yes_no, dimension: ops}
  - id: c
    text: C?
    type: scale
    dimension: ops
    choices: [{value: low, points: 0}, {value: high, points: 2}]
frameworks:
"""


def error_of(frameworks: str) -> str:
    with pytest.raises(InvalidFile) as caught:
        parse_questionnaire(HEAD + textwrap.dedent(frameworks), "q.yaml")
    return str(caught.value)


def test_a_gated_level_above_the_lowest_needs_a_criterion() -> None:
    message = error_of("""\
      - id: fw
        title: F
        style: gated
        levels:
          - {level: 0, name: Start}
          - {level: 1, name: Free}
          - level: 2
            name: Earned
            criteria: [{id: c1, text: A, rule: a}]
    """)
    assert "q.yaml:21:7: level 1 (Free) has no criteria, so every team would reach it" in message


def test_equal_thresholds_are_refused_since_one_level_could_never_be_the_result() -> None:
    message = error_of("""\
      - id: fw
        title: F
        style: points
        levels:
          - {level: 0, name: Start}
          - {level: 1, name: One, at_least: 1}
          - {level: 2, name: Two, at_least: 1}
    """)
    assert "thresholds must strictly rise" in message
    assert "level 1 (One) would never be the result" in message


def test_at_least_then_above_the_same_number_are_two_distinct_bands() -> None:
    q = parse_questionnaire(
        HEAD
        + textwrap.dedent("""\
      - id: fw
        title: F
        style: points
        levels:
          - {level: 0, name: Start}
          - {level: 1, name: One, at_least: 1}
          - {level: 2, name: Two, above: 1}
    """),
        "q.yaml",
    )
    assert q.frameworks[0].id == "fw"


def test_thresholds_must_lie_within_reach_of_the_style() -> None:
    message = error_of("""\
      - id: pct
        title: P
        style: percentage
        levels:
          - {level: 0, name: Start}
          - {level: 1, name: Huge, at_least: 170}
      - id: pts
        title: Points
        style: points
        aggregate: min
        levels:
          - {level: 0, name: Start}
          - {level: 1, name: Most, at_least: 1}
          - {level: 2, name: More, above: 1}
    """)
    assert "level 1 (Huge) can never be reached: it needs a score at least 170" in message
    assert "the most this framework can give is 100%" in message
    # min over dimensions: dev can earn 1, ops 3, so no score is above 1.
    assert "level 2 (More) can never be reached" in message
    assert "level 1 (Most)" not in message


def test_level_numbers_distinct_and_ascending_weights_and_points_non_negative() -> None:
    message = error_of("""\
      - id: fw
        title: F
        style: percentage
        weights: {a: -1, b: -0.5}
        levels:
          - {level: 1, name: Start}
          - {level: 1, name: Again, at_least: 10}
    """)
    assert "each number once" in message
    assert "the level numbers here are 1, 1" in message
    assert message.count("weights must be finite numbers, zero or more") == 2
    # .inf never reaches these checks: the reader refuses it with its location
    # (tests/load/test_values.py).
    text = HEAD.replace("points: 2}", "points: -2}") + textwrap.dedent("""\
      - id: fw
        title: F
        style: points
        levels: [{level: 0, name: Start}]
    """)
    with pytest.raises(InvalidFile, match="points must be finite numbers, zero or more"):
        parse_questionnaire(text, "q.yaml")


def test_a_level_no_answers_can_reach_is_a_warning(files: FileTree) -> None:
    folder = files(
        {
            "q.yaml": HEAD
            + textwrap.dedent("""\
      - id: fw
        title: F
        style: gated
        levels:
          - {level: 0, name: Start}
          - level: 1
            name: Never
            criteria: [{id: c1, text: Impossible, rule: "a and false"}, {id: c2, text: Never, rule: "false"}]
    """)
        }
    )
    result = CliRunner().invoke(app, ["validate", str(folder / "q.yaml")])
    assert result.exit_code == 0, result.output
    assert "level 1 (Never) can never be reached: criterion 'c2' never holds" in result.output
    assert "'c1'" not in result.output  # it reads an answer: not cheaply decidable
