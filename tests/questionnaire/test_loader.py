"""Loading questionnaires: every class of mistake gives a short, located error."""

from __future__ import annotations

import textwrap

import pytest

from maturity_cli.errors import InvalidFile
from maturity_cli.questionnaire.loader import parse_questionnaire

BASE = """\
id: demo
version: "1.0"
title: Demo
references:
  - {id: src, title: A source}
dimensions:
  - {id: dev, title: Development}
questions:
  - id: tracking
    text: Do you track experiments?
    type: yes_no
    dimension: dev
  - id: serving
    text: How do you serve?
    type: single_choice
    context: true
    choices: [batch, online]
frameworks:
  - id: fw
    title: Framework
    style: gated
    levels:
      - {level: 0, name: Start}
      - level: 1
        name: Tracked
        criteria:
          - {id: c1, text: Tracked, rule: tracking, dimension: dev}
recommendations:
  - id: r1
    title: Track
    why: Because.
    when: not tracking
"""


def load(text: str):  # type: ignore[no-untyped-def]
    return parse_questionnaire(textwrap.dedent(text), "q.yaml")


def error_of(text: str) -> str:
    with pytest.raises(InvalidFile) as caught:
        load(text)
    return str(caught.value)


def test_the_base_questionnaire_loads() -> None:
    q = load(BASE)
    assert [x.id for x in q.questions] == ["tracking", "serving"]
    assert q.frameworks[0].criteria[0].id == "c1"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # malformed YAML
        (("title: Demo", "title: [Demo"), "q.yaml:4:11: invalid YAML"),
        # duplicate keys
        (("title: Demo\n", "title: Demo\ntitle: Again\n"), "q.yaml:4:1: duplicate key 'title'"),
        # wrong types
        (('version: "1.0"', "version: 1.0"), "q.yaml:2:10: version: expected `str`, got `float`"),
        (
            ("type: yes_no", "type: yesno"),
            "q.yaml:11:11: questions[0].type: invalid value 'yesno'\n  hint: expected one of: yes_no,",
        ),
        (
            ("    dimension: dev\n  - id: serving", "    dimenson: dev\n  - id: serving"),
            "q.yaml:12:5: questions[0].dimenson: unknown key 'dimenson'",
        ),
        # unknown ids
        (
            ("dimension: dev}", "dimension: deb}"),
            "q.yaml:27:64: unknown dimension of this framework 'deb'",
        ),
        (
            ("    dimension: dev\n  - id: serving", "    dimension: ops\n  - id: serving"),
            "q.yaml:12:16: unknown dimension 'ops'",
        ),
        # expressions
        (("when: not tracking", "when: not trackin"), "q.yaml:32:15: unknown question 'trackin'"),
        (("rule: tracking,", "rule: tracking == 1,"), "cannot compare"),
        (("when: not tracking", 'when: serving == "onlin"'), "did you mean 'online'?"),
        (("when: not tracking", "when: tracking = true"), "q.yaml:32:20: unexpected character '='"),
    ],
)
def test_mistakes_are_located(change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in BASE
    message = error_of(BASE.replace(old, new, 1))
    assert expected in message, message


def test_expression_errors_show_a_caret_under_the_problem() -> None:
    message = error_of(BASE.replace("when: not tracking", "when: not trackin"))
    assert "    not trackin\n        ^" in message
    assert "hint: did you mean 'tracking'?" in message


def test_prerequisite_cycles_are_rejected() -> None:
    text = (
        BASE.rstrip("\n")
        + "\n    prerequisites: [r2]\n  - {id: r2, title: Other, why: B., prerequisites: [r1]}\n"
    )
    message = error_of(text)
    assert "prerequisites form a cycle" in message
    assert "r1 -> r2 -> r1" in message or "r2 -> r1 -> r2" in message


def test_unknown_prerequisite_has_a_did_you_mean() -> None:
    text = BASE.rstrip("\n") + "\n    prerequisites: [r11]\n"
    assert "unknown recommendation 'r11'" in error_of(text)


def test_every_problem_is_reported_at_once() -> None:
    text = BASE.replace("rule: tracking,", "rule: trackin,").replace(
        "when: not tracking", "when: not servin"
    )
    message = error_of(text)
    assert "unknown question 'trackin'" in message
    assert "unknown question 'servin'" in message


def test_duplicate_ids() -> None:
    text = BASE.replace("  - id: serving", "  - id: tracking")
    assert "duplicate question id 'tracking'" in error_of(text)


def test_when_may_only_use_earlier_questions() -> None:
    text = BASE.replace(
        "    dimension: dev\n  - id: serving",
        '    dimension: dev\n    when: serving == "online"\n  - id: serving',
    )
    message = error_of(text)
    assert "question 'serving' comes later in the file" in message
    assert "move it earlier" in message


def test_lowest_gated_level_cannot_have_criteria() -> None:
    text = BASE.replace(
        "{level: 0, name: Start}",
        "{level: 0, name: Start, criteria: [{id: c0, text: x, rule: tracking}]}",
    )
    assert "lowest level is where every team starts" in error_of(text)


def test_banded_levels_need_rising_thresholds() -> None:
    text = (
        BASE.replace("style: gated", "style: points")
        .replace(
            """      - level: 1
        name: Tracked
        criteria:
          - {id: c1, text: Tracked, rule: tracking, dimension: dev}""",
            "      - {level: 1, name: A, above: 2}\n      - {level: 2, name: B, above: 1}\n      - {level: 3, name: C}",
        )
        .replace("when: not tracking", "when: not tracking")
    )
    message = error_of(text)
    assert "thresholds must strictly rise" in message
    assert "this level needs a threshold" in message


def test_choice_questions_need_choices_and_reserved_values_are_refused() -> None:
    text = BASE.replace("choices: [batch, online]", "choices: [batch, unknown]")
    assert "'unknown' is reserved" in error_of(text)
    text = BASE.replace("choices: [batch, online]", "choices: [batch]")
    assert "needs at least 2 choices" in error_of(text)


def test_not_a_mapping() -> None:
    assert "expected a questionnaire" in error_of("- just\n- a list\n")
    assert "found nothing" in error_of("")


def test_yaml_tags_that_build_python_objects_are_refused() -> None:
    message = error_of("!!python/object/apply:os.system ['echo hacked']\n")
    assert "invalid YAML" in message
