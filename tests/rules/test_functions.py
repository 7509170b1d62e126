"""Group functions: a checklist gate is one criterion that names what falls short."""

from __future__ import annotations

import json
import textwrap

import pytest

from maturity_cli.answers.loader import parse_answers
from maturity_cli.errors import InvalidFile
from maturity_cli.questionnaire.loader import parse_questionnaire
from maturity_cli.scoring.engine import score
from maturity_cli.scoring.result import Result, to_json

QUESTIONNAIRE = """
id: checklist
version: "1"
title: Checklist
defaults: {allow_na: true}
dimensions:
  - {id: security, title: Security}
  - {id: other, title: Other}
questions:
  - {id: reviews, title: Code review, text: Is code reviewed?, type: yes_no, dimension: security,
     tags: [release]}
  - {id: secrets, title: Secrets, text: Are secrets vaulted?, type: yes_no, dimension: security}
  - {id: scans, title: Scans, text: Are images scanned?, type: yes_no, dimension: security}
  - {id: docs, title: Docs, text: Is it documented?, type: yes_no, dimension: other,
     tags: [release]}
frameworks:
  - id: gate
    title: Gate
    style: gated
    levels:
      - {level: 0, name: Open}
      - level: 1
        name: Checked
        criteria: [{id: all-security, text: Every security item is done, rule: 'all_yes("security")'}]
      - level: 2
        name: Released
        criteria: [{id: release, text: Most release items, rule: 'share_yes("release") >= 50'}]
recommendations:
  - {id: finish, title: Finish the checklist, why: W., when: 'not all_yes("security")'}
"""


def result_for(answers: str) -> Result:
    q = parse_questionnaire(textwrap.dedent(QUESTIONNAIRE), "q.yaml")
    return score(
        parse_answers(f"questionnaire: checklist\nsubject: t\nanswers: {answers}\n", "a", q)
    )


def test_all_yes_holds_when_every_counted_question_is_yes() -> None:
    result = result_for("{reviews: yes, secrets: yes, scans: not_applicable, docs: no}")
    fw = result.framework("gate")
    assert fw.level == 2  # scans does not apply; release is 1 of 2 yes = 50 %
    assert [c.short for c in fw.criteria] == [[], ["Docs: No"]]
    assert result.recommendations == []


def test_the_explanation_lists_the_questions_that_fall_short() -> None:
    result = result_for("{reviews: yes, secrets: no, scans: unknown, docs: yes}")
    fw = result.framework("gate")
    assert fw.level == 0
    assert fw.criteria[0].short == ["Secrets: No", "Scans: don't know"]
    assert fw.next_level is not None and fw.next_level.unmet[0].short == fw.criteria[0].short
    (rec,) = result.recommendations
    assert rec.reason == (
        "Applies because: Security: 1 of 3 yes; short: Secrets: No, Scans: don't know."
    )


def test_all_yes_with_only_unknown_short_is_unknown_and_does_not_hold() -> None:
    result = result_for("{reviews: yes, secrets: yes, docs: yes}")  # scans unanswered
    assert result.framework("gate").level == 0
    assert result.recommendations == []  # not all_yes is unknown too


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ('all_yes("securty")', "no yes/no question is in dimension or tag 'securty'"),
        ("all_yes(security)", "all_yes() takes ids in quotes"),
        ('share_yes("release") and true', "'and' needs true/false"),
        ('all_yes("a", "b")', "all_yes() takes one dimension or tag"),
    ],
)
def test_group_functions_are_checked(rule: str, message: str) -> None:
    text = textwrap.dedent(QUESTIONNAIRE).replace("'not all_yes(\"security\")'", repr(rule))
    with pytest.raises(InvalidFile, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_questionnaire(text, "q.yaml")


def test_defaults_apply_to_questions_that_do_not_set_the_option() -> None:
    text = textwrap.dedent(QUESTIONNAIRE).replace(
        "{allow_na: true}", "{allow_na: true, allow_unknown: false}"
    )
    text = text.replace("dimension: other,", "dimension: other, allow_na: false,")
    q = parse_questionnaire(text, "q.yaml")
    assert [(x.spec.allow_unknown, x.spec.allow_na) for x in q.questions] == [
        (False, True),
        (False, True),
        (False, True),
        (False, False),
    ]
    with pytest.raises(InvalidFile, match=r"defaults\.allow_na: expected `bool"):
        parse_questionnaire(text.replace("allow_na: true,", "allow_na: maybe,"), "q.yaml")


def test_a_tag_may_not_share_a_name_with_a_dimension() -> None:
    text = textwrap.dedent(QUESTIONNAIRE).replace("tags: [release]}", "tags: [other]}", 1)
    with pytest.raises(InvalidFile, match="tag 'other' is also a dimension id"):
        parse_questionnaire(text, "q.yaml")


def test_tags_are_carried_in_the_answers_of_the_result_for_reports() -> None:
    result = result_for("{reviews: yes, secrets: yes, scans: yes, docs: yes}")
    tags = {a.question: a.tags for a in result.answers}
    assert tags == {"reviews": ["release"], "secrets": [], "scans": [], "docs": ["release"]}
    data = json.loads(to_json(result))
    assert [a.get("tags") for a in data["answers"]] == [["release"], None, None, ["release"]]


def test_a_gap_over_a_group_of_answers_lifts_the_advice_that_closes_it() -> None:
    text = textwrap.dedent(QUESTIONNAIRE) + (
        "  - {id: big, title: Big, why: W., when: not docs, impact: high, effort: low}\n"
        "  - {id: close, title: Close, why: W., when: not secrets, impact: low, effort: high,\n"
        "     addresses: [all-security]}\n"
    )
    q = parse_questionnaire(text, "q.yaml")
    answers = "questionnaire: checklist\nsubject: t\nanswers: {reviews: yes, secrets: no, scans: yes, docs: no}\n"
    result = score(parse_answers(answers, "a", q))
    # all_yes() reads answers only, so level 1 is within reach and its gap comes first.
    assert [r.id for r in result.recommendations] == ["close", "big", "finish"]
