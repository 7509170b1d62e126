"""Criteria and dimensions that do not apply: shown as such, left out, never met."""

from __future__ import annotations

import json
import textwrap

from maturity_cli.answers.loader import parse_answers
from maturity_cli.questionnaire.loader import parse_questionnaire
from maturity_cli.scoring.engine import score
from maturity_cli.scoring.result import Result, to_json

QUESTIONNAIRE = """
id: app
version: "1"
title: Applicability
dimensions:
  - {id: build, title: Build}
  - {id: online, title: Online delivery}
questions:
  - {id: serves_online, text: Do you serve online?, type: yes_no, context: true}
  - {id: ci, text: CI?, type: yes_no, dimension: build}
  - {id: canary, text: Canary releases?, type: yes_no, dimension: online}
  - {id: latency, text: Latency alerts?, type: yes_no, dimension: online}
frameworks:
  - id: cmmi
    title: Gated
    style: gated
    applies: {online: serves_online}
    levels:
      - {level: 1, name: Initial}
      - level: 2
        name: Managed
        criteria:
          - {id: m-ci, text: CI runs, rule: ci, dimension: build}
          - {id: m-canary, text: Canary, rule: canary, dimension: online}
      - level: 3
        name: Defined
        criteria:
          - {id: d-latency, text: Latency alerts, rule: latency, dimension: online,
             applies: serves_online}
  - id: pct
    title: Percent
    style: percentage
    applies: {online: serves_online}
    levels:
      - {level: 0, name: Low}
      - {level: 1, name: High, at_least: 100}
"""


def result_for(answers: str) -> Result:
    q = parse_questionnaire(textwrap.dedent(QUESTIONNAIRE), "q.yaml")
    text = "questionnaire: app\nsubject: t\nanswers:\n" + textwrap.indent(
        textwrap.dedent(answers), "  "
    )
    return score(parse_answers(text, "a.yaml", q))


def test_criteria_that_do_not_apply_are_shown_left_out_and_never_met() -> None:
    result = result_for("serves_online: no\nci: yes\ncanary: no\nlatency: no\n")
    fw = result.framework("cmmi")
    # Without online serving, the online criteria neither hold the level back nor count.
    assert fw.level == 3 and fw.level_name == "Defined"
    by_id = {c.id: c for c in fw.criteria}
    assert by_id["m-canary"].applies is False and by_id["m-canary"].met is False
    assert by_id["d-latency"].applies is False and by_id["d-latency"].met is False
    assert by_id["m-ci"].applies is True and by_id["m-ci"].met is True
    dims = {d.id: d for d in fw.dimensions}
    assert dims["online"].applies is False
    assert dims["online"].level is None and dims["online"].score is None
    assert dims["build"].score == 1.0 and dims["build"].max_score == 1.0
    # JSON says so; criteria that apply keep their old shape (no new keys).
    data = json.loads(to_json(result))
    crit = {c["id"]: c for c in data["frameworks"][0]["criteria"]}
    assert crit["m-canary"]["applies"] is False
    assert "applies" not in crit["m-ci"]
    pct = result.framework("pct")
    assert pct.score == 100.0 and pct.level_name == "High"  # online left out of the share


def test_when_they_apply_they_count_and_an_unknown_rule_keeps_them() -> None:
    result = result_for("serves_online: yes\nci: yes\ncanary: yes\nlatency: no\n")
    fw = result.framework("cmmi")
    assert fw.level == 2
    assert fw.next_level is not None and [c.id for c in fw.next_level.unmet] == ["d-latency"]
    assert result.framework("pct").score == 66.6667  # two of three
    unknown = result_for("serves_online: unknown\nci: yes\ncanary: no\nlatency: no\n")
    fw = unknown.framework("cmmi")
    assert fw.level == 1  # "don't know" whether it serves online: the criteria still apply
    assert all(c.applies for c in fw.criteria)


def test_met_of_a_criterion_that_does_not_apply_is_unknown() -> None:
    text = QUESTIONNAIRE + (
        "  - id: later\n"
        "    title: Later\n"
        "    style: gated\n"
        "    levels:\n"
        "      - {level: 0, name: Not}\n"
        "      - level: 1\n"
        "        name: Either\n"
        '        criteria: [{id: l1, text: Either, rule: \'met("m-canary") or not met("m-canary")\'}]\n'
    )
    q = parse_questionnaire(textwrap.dedent(text), "q.yaml")
    answers = "questionnaire: app\nsubject: t\nanswers: {serves_online: no, ci: yes}\n"
    assert score(parse_answers(answers, "a.yaml", q)).framework("later").level == 0
