"""Answers files: every answer is checked against its question, with located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from maturity_cli.answers.loader import load_answers
from maturity_cli.errors import InvalidFile
from maturity_cli.scoring.engine import score

QUESTIONNAIRE = """
id: kinds
version: "2.0"
title: Every question type
dimensions:
  - {id: d, title: D}
questions:
  - {id: yn, text: Yes or no?, type: yes_no, dimension: d}
  - {id: one, text: One?, type: single_choice, dimension: d, choices: ["a", "b"], allow_na: true}
  - {id: many, text: Many?, type: multiple_choice, dimension: d, choices: [x, y, z]}
  - {id: level, text: Level?, type: scale, dimension: d, choices: [low, mid, high], allow_unknown: false}
  - {id: count, text: Count?, type: number, dimension: d, integer: true, min: 0, max: 10}
  - {id: words, text: Words?, type: text, dimension: d}
frameworks:
  - id: p
    title: P
    style: percentage
    levels: [{level: 0, name: Low}, {level: 1, name: High, at_least: 50}]
"""


def answers_file(files, body: str) -> Path:  # type: ignore[no-untyped-def]
    root = files({"kinds.yaml": QUESTIONNAIRE, "a.yaml": body})
    return root / "a.yaml"


def error_of(files, body: str) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidFile) as caught:
        load_answers(answers_file(files, body))
    return str(caught.value)


def test_every_type_is_accepted(files) -> None:  # type: ignore[no-untyped-def]
    answers = load_answers(
        answers_file(
            files,
            """
            questionnaire: kinds.yaml
            questionnaire_version: "2.0"
            subject: Team
            assessed_on: 2026-01-31
            answers:
              yn: yes
              one: not_applicable
              many: [x, z]
              level: {value: high, note: checked, evidence: "https://example.com/e"}
              count: 3
              words: unknown
            """,
        )
    )
    got = {k: v.value for k, v in answers.answers.items()}
    assert got == {
        "yn": True,
        "one": "not_applicable",
        "many": frozenset({"x", "z"}),
        "level": "high",
        "count": 3,
        "words": "unknown",
    }
    assert answers.answers["level"].note == "checked"
    assert answers.assessed_on == "2026-01-31"
    assert answers.warnings == ()


def test_json_answers_are_read_too(files) -> None:  # type: ignore[no-untyped-def]
    root = files(
        {
            "kinds.yaml": QUESTIONNAIRE,
            "a.json": '{"questionnaire": "kinds.yaml", "subject": "T", "answers": {"yn": false}}',
        }
    )
    assert load_answers(root / "a.json").answers["yn"].value is False


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ("yn: maybe", "a.yaml:5:7: answer to 'yn': expected yes or no, found 'maybe'"),
        ("one: c", "answer to 'one': 'c' is not one of the choices"),
        ("one: yes", "YAML reads yes/no/on/off as true/false"),
        ("many: x", "expected a list of choices"),
        ("many: [x, x]", "'x' is listed twice"),
        ("many: [x, w]", "'w' is not one of the choices"),
        ("level: hihg", "(did you mean 'high'?)"),
        ("level: unknown", 'does not allow "don\'t know"'),
        ("yn: not_applicable", 'does not allow "not applicable"'),
        ("count: 11", "11 is above the maximum 10"),
        ("count: -1", "-1 is below the minimum 0"),
        ("count: 2.5", "expected a whole number"),
        ("count: three", "expected a number"),
        ("words: 12", "expected text"),
        ("trackin: yes", "a.yaml:5:3: unknown question 'trackin' in questionnaire 'kinds'"),
        ("count: 1\n  count: 2", "a.yaml:6:3: duplicate key 'count'"),
        ("level: {value: high, notes: x}", "use the keys value, note and evidence"),
    ],
)
def test_bad_answers_are_located(files, answers: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    body = f"questionnaire: kinds.yaml\nsubject: T\nanswers:\n  yn: yes\n  {answers}\n"
    if answers.startswith("yn"):
        body = f"questionnaire: kinds.yaml\nsubject: T\nanswers:\n  one: a\n  {answers}\n"
    message = error_of(files, body)
    assert expected in message, message


def test_hints_list_what_is_allowed(files) -> None:  # type: ignore[no-untyped-def]
    message = error_of(files, "questionnaire: kinds.yaml\nsubject: T\nanswers:\n  count: 50\n")
    assert "hint: answer a whole number, at least 0, at most 10; or unknown" in message


def test_file_level_mistakes(files) -> None:  # type: ignore[no-untyped-def]
    assert "missing required key 'subject'" in error_of(files, "questionnaire: kinds.yaml\n")
    assert "no built-in questionnaire 'mlopz'" in error_of(
        files, "questionnaire: mlopz\nsubject: T\n"
    )
    missing = error_of(files, "questionnaire: nothere.yaml\nsubject: T\n")
    assert "a.yaml:1:16: questionnaire " in missing
    assert "nothere.yaml: file not found" in missing
    assert "assessed_on: expected a date" in error_of(
        files, "questionnaire: kinds.yaml\nsubject: T\nassessed_on: last week\n"
    )
    assert "unknown key 'answer'" in error_of(
        files, "questionnaire: kinds.yaml\nsubject: T\nanswer: {}\n"
    )


def test_version_mismatch_is_a_warning(files) -> None:  # type: ignore[no-untyped-def]
    answers = load_answers(
        answers_file(files, 'questionnaire: kinds.yaml\nquestionnaire_version: "1.0"\nsubject: T\n')
    )
    assert "version 1.0" in answers.warnings[0]


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InvalidFile, match="file not found"):
        load_answers(tmp_path / "missing.yaml")
    with pytest.raises(InvalidFile, match="is a folder"):
        load_answers(tmp_path)
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("subject: caf\xe9\n".encode("latin-1"))
    with pytest.raises(InvalidFile, match="not UTF-8"):
        load_answers(bad)


def test_text_answers_keep_their_words(files) -> None:  # type: ignore[no-untyped-def]
    answers = load_answers(
        answers_file(
            files,
            "questionnaire: kinds.yaml\nsubject: ''\nanswers:\n  words: dk\n  one: n/a\n",
        )
    )
    assert answers.subject == ""
    assert answers.answers["words"].value == "dk"
    assert answers.answers["one"].value == "not_applicable"


def test_text_can_be_answered_dont_know(files) -> None:  # type: ignore[no-untyped-def]

    path = answers_file(
        files, "questionnaire: kinds.yaml\nsubject: T\nanswers:\n  words: unknown\n"
    )
    statuses = {a.question: a.status for a in score(load_answers(path)).answers}
    assert statuses["words"] == "unknown"


def test_group_names_the_part_of_the_organisation(files) -> None:  # type: ignore[no-untyped-def]
    body = "questionnaire: ./kinds.yaml\nsubject: s\ngroup: '  EU / Retail  '\n"
    answers = load_answers(answers_file(files, body))
    assert answers.group == "EU / Retail"  # surrounding spaces are not part of the name
    assert score(answers).group == "EU / Retail"
    no_group = load_answers(answers_file(files, "questionnaire: ./kinds.yaml\nsubject: s\n"))
    assert no_group.group == "" and score(no_group).group == ""


@pytest.mark.parametrize("value", ['"a\\tb"', '"two\\nlines"', "'" + "x" * 81 + "'", "yes", "[a]"])
def test_a_group_is_one_short_line_of_text(files, value: str) -> None:  # type: ignore[no-untyped-def]
    message = error_of(files, f"questionnaire: ./kinds.yaml\nsubject: s\ngroup: {value}\n")
    assert "a.yaml:3:8" in message and "group" in message, message
