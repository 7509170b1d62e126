"""The interview state machine behind ``maturity assess`` (no terminal involved)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from maturity_cli.answers.loader import UNKNOWN, GivenAnswer, load_answers, parse_answers
from maturity_cli.cli.app import app
from maturity_cli.interview.session import Interview, describe
from maturity_cli.questionnaire.loader import Questionnaire, load_questionnaire

QUESTIONNAIRE = """\
id: interview-test
version: "2.1"
title: Interview test
dimensions:
  - {id: dev, title: Development}
  - {id: ops, title: Operations}
questions:
  - {id: people, text: How many people?, type: number, integer: true, min: 0, context: true,
     unit: people}
  - {id: tracking, text: Do you track experiments?, type: yes_no, dimension: dev}
  - id: tools
    text: Which tools?
    type: multiple_choice
    dimension: dev
    choices: [{value: git, points: 1}, {value: ci, points: 1}, {value: registry, points: 1}]
  - {id: serving, text: How is it served?, type: single_choice, context: true,
     choices: [batch, online]}
  - {id: monitoring, text: Do you monitor?, type: yes_no, dimension: ops,
     when: 'serving == "online"', allow_na: true}
  - {id: alerts, text: Do monitors alert?, type: yes_no, dimension: ops, when: monitoring}
  - {id: notes, text: Anything else?, type: text, context: true}
frameworks:
  - id: pct
    title: Percent
    style: percentage
    levels:
      - {level: 0, name: Low}
      - {level: 1, name: High, at_least: 50}
"""


@pytest.fixture
def qpath(tmp_path: Path) -> Path:
    path = tmp_path / "q.yaml"
    path.write_text(QUESTIONNAIRE, encoding="utf-8")
    return path


@pytest.fixture
def q(qpath: Path) -> Questionnaire:
    return load_questionnaire(qpath)


def ids(iv: Interview) -> list[str]:
    return [x.id for x in iv.askable]


def test_when_is_re_evaluated_after_every_change(q: Questionnaire) -> None:
    iv = Interview(q, subject="T")
    assert ids(iv) == ["people", "tracking", "tools", "serving", "notes"]
    for raw in (3, "yes", ["git"]):
        iv.answer(raw)
    assert iv.progress().section == "Context"
    iv.answer("online")
    assert ids(iv) == ["people", "tracking", "tools", "serving", "monitoring", "notes"]
    assert iv.current is not None and iv.current.id == "monitoring"
    assert iv.progress().section == "Operations"
    iv.answer(True)
    assert iv.current is not None and iv.current.id == "alerts"
    assert (iv.progress().position, iv.progress().total) == (6, 7)
    # Going back and changing an earlier answer removes the questions that depended on it.
    iv.back()
    iv.back()
    assert iv.current is not None and iv.current.id == "serving"
    iv.answer("batch")
    assert ids(iv) == ["people", "tracking", "tools", "serving", "notes"]
    assert iv.current is not None and iv.current.id == "notes"
    assert iv.value_of("monitoring") is True  # kept in memory, left out of the file
    assert "monitoring:" not in iv.to_yaml()


def test_back_skip_and_invalid_answers(q: Questionnaire) -> None:
    iv = Interview(q, subject="T")
    assert iv.back() is False
    with pytest.raises(ValueError, match="below the minimum"):
        iv.answer(-1)
    with pytest.raises(ValueError, match="whole number"):
        iv.answer(1.5)
    assert iv.index == 0 and not iv.answers
    iv.answer(4)
    iv.skip()
    assert iv.current is not None and iv.current.id == "tools"
    assert not iv.is_answered("tracking")
    assert iv.back() and iv.current.id == "tracking"
    iv.answer(UNKNOWN)
    assert iv.value_of("tracking") == UNKNOWN
    iv.back()
    iv.skip()  # skipping an answered question leaves it unanswered
    assert not iv.is_answered("tracking")
    assert iv.first_unanswered() == 1


def test_resume_starts_at_first_unanswered(q: Questionnaire) -> None:
    given = {"people": GivenAnswer(2), "tracking": GivenAnswer(True, note="MLflow")}
    iv = Interview(q, given, subject="T")
    assert iv.current is not None and iv.current.id == "tools"
    assert iv.progress().position == 3
    done = {**given, "tools": GivenAnswer(frozenset()), "serving": GivenAnswer("batch")}
    done["notes"] = GivenAnswer("none")
    full = Interview(q, done, subject="T")
    assert full.complete and full.finished


def test_saves_after_every_answer(q: Questionnaire, tmp_path: Path) -> None:
    out = tmp_path / "answers.yaml"
    iv = Interview(q, subject="Team", path=out, questionnaire_ref="q.yaml")
    iv.answer(5)
    assert load_answers(out).answers["people"].value == 5
    iv.answer("no")
    loaded = load_answers(out)
    assert loaded.answers["tracking"].value is False
    assert loaded.subject == "Team"


def test_yaml_round_trip_scores_like_a_hand_written_file(q: Questionnaire, tmp_path: Path) -> None:
    out = tmp_path / "written.yaml"
    iv = Interview(
        q,
        {"tracking": GivenAnswer(None, note="ask Ana", evidence="https://x")},
        questionnaire_ref="q.yaml",
        subject='Team: "quoted" yes',
        assessor="Zoë",
        assessed_on="2026-03-31",
        path=out,
    )
    for raw in (7, "y", ["registry", "git"], "online", "not_applicable", "multi\nline: text"):
        iv.answer(raw)
    assert iv.finished and iv.complete
    text = out.read_text(encoding="utf-8")
    assert text == iv.to_yaml()
    again = parse_answers(text, "x.yaml", q)
    assert again.subject == 'Team: "quoted" yes' and again.assessor == "Zoë"
    assert again.answers["tools"].value == frozenset({"git", "registry"})
    assert again.answers["tracking"] == GivenAnswer(True, "ask Ana", "https://x")
    assert "tools:\n  - git\n  - registry" in text  # choice order, not answer order
    hand = tmp_path / "hand.yaml"
    hand.write_text(
        textwrap.dedent(
            """\
            questionnaire: q.yaml
            subject: 'Team: "quoted" yes'
            assessor: Zoë
            assessed_on: 2026-03-31
            answers:
              people: 7
              tracking: {value: yes, note: ask Ana, evidence: "https://x"}
              tools: [git, registry]
              serving: online
              monitoring: not_applicable
              notes: "multi\\nline: text"
            """
        ),
        encoding="utf-8",
    )
    runner = CliRunner()
    scored = []
    for path in (out, hand):
        result = runner.invoke(app, ["score", str(path), "-f", "json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        data.pop("source")
        scored.append(data)
    assert scored[0] == scored[1]
    assert scored[0]["completeness"]["answered"] == 5


def test_a_count_of_one_is_not_followed_by_a_plural_unit(q: Questionnaire) -> None:
    people = q.question_map["people"]
    assert describe(people, 1) == "1"
    assert describe(people, 3) == "3 people"


def test_where_am_i_estimates_the_questions_conditions_may_add(q: Questionnaire) -> None:
    iv = Interview(q, subject="T")
    # monitoring and alerts depend on open answers: counted half, so "about".
    first = iv.progress()
    assert (first.position, first.total, first.estimate, first.exact) == (1, 5, 6, False)
    assert first.where() == "section 1 of 5 · question 1 of about 6"
    for raw in (3, "yes", ["git"]):
        iv.answer(raw)
    iv.answer("batch")  # nothing left to switch on: the total is known
    last = iv.progress()
    assert last.exact and last.where() == "section 3 of 3 · question 5 of 5"


def test_answering_a_gap_moves_on_to_the_next_gap(q: Questionnaire) -> None:
    given = {"people": 3, "tools": ["git"], "serving": "batch"}
    iv = Interview(q, {k: GivenAnswer(v) for k, v in given.items()}, subject="T")
    assert iv.current is not None and iv.current.id == "tracking"  # the first gap
    iv.answer(True)
    assert iv.current is not None and iv.current.id == "notes"  # not tools, not serving
    iv.back()
    iv.back()
    assert iv.current is not None and iv.current.id == "tools"
    iv.answer(["ci"])  # changing an answer goes on in order
    assert iv.current is not None and iv.current.id == "serving"


def test_resume_keeps_notes_comments_and_says_what_it_leaves_out(
    qpath: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(
        textwrap.dedent(
            """\
            # Hand-written: reviewed with the platform team.
            questionnaire: q.yaml
            subject: Team
            answers:
              people: 4  # counted in March
              # ask Ana about tools
              tracking: yes
              serving: batch
              monitoring: {value: yes, note: "dashboards in Grafana", evidence: "https://x.test"}
            # closing remark
            """
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["assess", "--resume", "-o", str(answers)], input="1\n")
    text = answers.read_text(encoding="utf-8")
    assert "# Hand-written: reviewed with the platform team." in text
    assert "  # counted in March\n  people: 4" in text
    assert "  # ask Ana about tools\n  tracking: true" in text
    assert "# closing remark" in text
    loaded = load_answers(answers)
    # monitoring is not asked (serving is batch): its value is left out, its note kept
    assert loaded.answers["monitoring"].note == "dashboards in Grafana"
    assert loaded.answers["monitoring"].evidence == "https://x.test"
    assert loaded.answers["monitoring"].value is None
    assert "the answers to monitoring are not saved" in result.stderr
    assert not load_answers(answers).warnings
    # A second round trip keeps each comment once.
    CliRunner().invoke(app, ["assess", "--resume", "-o", str(answers)], input="\n" * 5)
    assert answers.read_text(encoding="utf-8").count("# ask Ana about tools") == 1
    assert answers.read_text(encoding="utf-8").count("# closing remark") == 1
