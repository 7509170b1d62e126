"""A prerequisite that does not apply is not printed (never as a raw id)."""

from __future__ import annotations

import textwrap

import pytest

from maturity_cli.answers.loader import parse_answers
from maturity_cli.questionnaire.loader import parse_questionnaire
from maturity_cli.report.render import render_report
from maturity_cli.scoring.engine import score

QUESTIONNAIRE = """
id: prereq
version: "1"
title: Prerequisites
dimensions: [{id: ops, title: Ops}]
questions:
  - {id: iac, text: Infrastructure as code?, type: yes_no, dimension: ops}
  - {id: envs, text: Reproducible environments?, type: yes_no, dimension: ops}
frameworks:
  - id: fw
    title: FW
    style: percentage
    levels: [{level: 0, name: Low}, {level: 1, name: High, at_least: 50}]
recommendations:
  - {id: adopt-iac, title: Adopt infrastructure as code, why: W., when: not iac}
  - {id: repro-envs, title: Make environments reproducible, why: W., when: not envs,
     prerequisites: [adopt-iac]}
"""


def report(answers: str, fmt: str) -> str:
    q = parse_questionnaire(textwrap.dedent(QUESTIONNAIRE), "q.yaml")
    result = score(
        parse_answers(f"questionnaire: prereq\nsubject: t\nanswers: {answers}\n", "a", q)
    )
    return render_report([result], fmt)  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_prerequisite_that_does_not_apply_is_left_out(fmt: str) -> None:
    text = report("{iac: yes, envs: no}", fmt)
    assert "Make environments reproducible" in text
    assert "Do first" not in text
    assert "adopt-iac" not in text


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_prerequisite_that_applies_is_named_by_its_title(fmt: str) -> None:
    text = report("{iac: no, envs: no}", fmt)
    lead = "**Do first:** " if fmt == "md" else '<span class="label">Do first:</span> '
    assert lead + "Adopt infrastructure as code" in text
    assert "adopt-iac" not in text
