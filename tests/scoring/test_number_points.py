"""Number answers earn points by bands, in the points and percentage styles."""

from __future__ import annotations

import textwrap

import pytest

from maturity_cli.answers.loader import parse_answers
from maturity_cli.errors import InvalidFile
from maturity_cli.questionnaire.loader import parse_questionnaire
from maturity_cli.scoring.engine import score

QUESTIONNAIRE = """
id: dora
version: "1"
title: Delivery
dimensions:
  - {id: delivery, title: Delivery}
questions:
  - id: failure_rate
    text: What share of changes fail in production (percent)?
    type: number
    min: 0
    max: 100
    dimension: delivery
    points:
      - {below: 5, points: 2}
      - {below: 15, points: 1}
      - {points: 0}
  - id: deploys
    text: Deployments per week?
    type: number
    min: 0
    dimension: delivery
    points:
      - {at_least: 7, points: 2}
      - {at_least: 1, points: 1}
frameworks:
  - id: points
    title: Points
    style: points
    levels:
      - {level: 0, name: Low}
      - {level: 1, name: Medium, at_least: 2}
      - {level: 2, name: Elite, at_least: 4}
  - id: pct
    title: Percent
    style: percentage
    weights: {failure_rate: 3}
    levels:
      - {level: 0, name: Low}
      - {level: 1, name: High, at_least: 70}
"""


def scored(answers: str):  # type: ignore[no-untyped-def]
    q = parse_questionnaire(textwrap.dedent(QUESTIONNAIRE), "q.yaml")
    return score(parse_answers(f"questionnaire: dora\nsubject: t\nanswers: {answers}\n", "a", q))


@pytest.mark.parametrize(
    ("answers", "points", "percent"),
    [
        ("{failure_rate: 3, deploys: 10}", 4.0, 100.0),
        ("{failure_rate: 5, deploys: 7}", 3.0, 62.5),  # 5 is not below 5: the next band
        ("{failure_rate: 40, deploys: 0}", 0.0, 0.0),  # 0 deploys falls in no band: 0
        ("{failure_rate: 14.9, deploys: unknown}", 1.0, 37.5),
    ],
)
def test_the_first_band_an_answer_falls_in_gives_its_points(
    answers: str, points: float, percent: float
) -> None:
    result = scored(answers)
    assert result.framework("points").score == points
    assert result.framework("pct").score == percent


def test_points_bands_are_checked() -> None:
    text = textwrap.dedent(QUESTIONNAIRE).replace(
        "{points: 0}", "{points: 0}\n      - {below: 50, points: 1}"
    )
    text = text.replace("{at_least: 7, points: 2}", "{at_least: 7, below: 9, points: -2}")
    with pytest.raises(InvalidFile) as caught:
        parse_questionnaire(text, "q.yaml")
    message = str(caught.value)
    assert "only the last band may do that" in message
    assert "either below or at_least, not both" in message
    assert "points must be finite numbers, zero or more" in message
