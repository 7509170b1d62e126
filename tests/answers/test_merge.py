"""Several respondents: consensus per rule (hand-computed), spread, flags, and merging one file."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from maturity_cli.answers.loader import Answers, parse_answers
from maturity_cli.answers.merge import merge_answers, merged_file_text
from maturity_cli.cli import console
from maturity_cli.cli.app import app
from maturity_cli.questionnaire.loader import parse_questionnaire

QUESTIONNAIRE = """\
id: workshop
version: "1.0"
title: Workshop
dimensions:
  - {id: dev, title: Development}
  - {id: ops, title: Operations}
questions:
  - {id: people, text: How many people?, type: number, integer: true, min: 0, context: true}
  - {id: tracking, text: Do you track experiments?, type: yes_no, dimension: dev}
  - {id: tests, text: How are tests run?, type: scale, dimension: dev, choices: [none, manual, partial, auto]}
  - {id: serving, text: How do you serve?, type: single_choice, context: true, choices: [batch, online, streaming]}
  - {id: tools, text: Which tools?, type: multiple_choice, dimension: dev, choices: [git, mlflow, dvc]}
  - {id: monitoring, text: Do you monitor?, type: yes_no, dimension: ops, allow_unknown: true, allow_na: true}
  - {id: notes, text: Anything else?, type: text, context: true}
frameworks:
  - id: gate
    title: Gate
    style: gated
    levels:
      - {level: 0, name: Manual}
      - level: 1
        name: Tracked
        criteria:
          - {id: g1, text: Tracked, rule: tracking, dimension: dev}
"""
Q = parse_questionnaire(QUESTIONNAIRE, "workshop.yaml")


def respondent(assessor: str, answers: str, subject: str = "Team A") -> Answers:
    text = f"questionnaire: workshop\nsubject: {subject}\nassessor: {assessor}\nanswers:\n"
    text += textwrap.indent(textwrap.dedent(answers), "  ")
    return parse_answers(text, f"{assessor}.yaml", Q)


ALICE = respondent(
    "Alice",
    "people: 3\ntracking: yes\ntests: none\nserving: online\ntools: [git, mlflow]\nmonitoring: unknown\n",
)
BOB = respondent(
    "Bob",
    "people: 10\ntracking: yes\ntests: auto\nserving: batch\ntools: [git, mlflow]\nmonitoring: unknown\n",
)
CAROL = respondent(
    "Carol", "people: 4\ntracking: no\ntests: manual\nserving: online\ntools: [git, dvc]\n"
)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        # sorted: people 3 4 10; tracking no yes yes; tests none manual auto
        ("median", {"people": 4, "tracking": True, "tests": "manual", "tools": {"git", "mlflow"}}),
        ("min", {"people": 3, "tracking": False, "tests": "none", "tools": {"git"}}),
        # every count ties except tracking (yes twice) and tools: ties go to the lower answer
        ("majority", {"people": 3, "tracking": True, "tests": "none", "tools": {"git", "mlflow"}}),
    ],
)
def test_consensus_per_rule(rule: str, expected: dict[str, object]) -> None:
    merged = merge_answers([ALICE, BOB, CAROL], rule)  # type: ignore[arg-type]
    values = {qid: g.value for qid, g in merged.answers.answers.items()}
    assert {k: values[k] for k in expected} == {
        k: frozenset(v) if isinstance(v, set) else v for k, v in expected.items()
    }
    assert values["serving"] == "online"  # unordered: the most common, whatever the rule
    assert values["monitoring"] == "unknown"  # nobody gave a real answer
    assert "notes" not in values


def test_spread_and_flags() -> None:
    merged = merge_answers([ALICE, BOB, CAROL])
    spread = {s.question: (s.spread, s.flagged) for s in merged.questions}
    assert spread == {
        "people": (7, True),
        "tracking": (1, False),
        "tests": (3, True),
        "serving": (1, False),
        "tools": (2, True),  # mlflow and dvc are picked by some but not all
        "monitoring": (0, False),
    }
    dims = {
        d.dimension: (d.questions, d.disagreements, d.flagged, d.max_spread)
        for d in merged.dimensions
    }
    assert dims == {"dev": (3, 3, 2, 3), "ops": (1, 0, 0, 0)}
    note = merged.answers.answers["tests"].note
    assert "Alice: Not at all" not in note and "Alice: none" in note and "spread 3 steps" in note


def test_median_of_an_even_count_is_the_lower_middle() -> None:
    a = respondent("A", "tests: none\n")
    b = respondent("B", "tests: auto\n")
    assert merge_answers([a, b]).answers.answers["tests"].value == "none"
    assert merge_answers([b, a], "majority").answers.answers["tests"].value == "none"


def test_different_teams_are_refused() -> None:
    with pytest.raises(Exception, match="is about 'Team B', not 'Team A'"):
        merge_answers([ALICE, respondent("Dan", "people: 1\n", subject="Team B")])


def test_written_file_reloads_to_the_consensus() -> None:
    merged = merge_answers([ALICE, BOB, CAROL], "min")
    text = merged_file_text(merged, "workshop")
    assert text.startswith("# Written by maturity merge: 3 respondent(s), rule min.")
    assert "people, tests, tools" in text.splitlines()[1]
    again = parse_answers(text, "team.yaml", Q)
    assert {k: v.value for k, v in again.answers.items()} == {
        k: v.value for k, v in merged.answers.answers.items()
    }
    assert again.assessor == "consensus (min) of Alice, Bob, Carol"


_VALUES = {
    "people": st.integers(0, 500),
    "tracking": st.sampled_from(["yes", "no"]),
    "tests": st.sampled_from(["none", "manual", "partial", "auto"]),
    "serving": st.sampled_from(["batch", "online", "streaming"]),
    "tools": st.lists(st.sampled_from(["git", "mlflow", "dvc"]), unique=True),
    "monitoring": st.sampled_from(["yes", "no", "unknown", "not_applicable"]),
    "notes": st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=30),
}


@settings(max_examples=60, deadline=None)
@given(
    st.fixed_dictionaries({}, optional=_VALUES),
    st.sampled_from(["median", "min", "majority"]),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=20),
)
def test_merging_one_file_gives_that_file(answers: dict[str, object], rule: str, note: str) -> None:
    body = dict(answers)
    if "tests" in body and note.strip():
        body["tests"] = {"value": body["tests"], "note": note.strip()}
    data = {"questionnaire": "workshop", "subject": "Team A", "assessor": "Ann", "answers": body}
    original = parse_answers(yaml.safe_dump(data), "one.yaml", Q)
    merged = merge_answers([original], rule)  # type: ignore[arg-type]
    assert merged.answers == original
    again = parse_answers(merged_file_text(merged, "workshop"), "team.yaml", Q)
    assert (again.subject, again.assessor, again.answers) == (
        original.subject,
        original.assessor,
        original.answers,
    )


def test_cli_merge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    console.err.cache_clear()
    (tmp_path / "workshop.yaml").write_text(QUESTIONNAIRE)
    for name, tests in (("a", "none"), ("b", "auto"), ("c", "manual")):
        (tmp_path / f"{name}.yaml").write_text(
            f"questionnaire: ./workshop.yaml\nsubject: Team A\nassessor: {name}\nanswers:\n  tests: {tests}\n"
        )
    (tmp_path / "out").mkdir()
    done = CliRunner().invoke(
        app, ["merge", "a.yaml", "b.yaml", "c.yaml", "-o", "out/team.yaml", "--consensus", "min"]
    )
    assert done.exit_code == 0, done.output
    assert "tests (spread 3)" in done.stderr
    written = yaml.safe_load((tmp_path / "out" / "team.yaml").read_text())
    assert written["questionnaire"] == "../workshop.yaml"  # still found from the new folder
    assert written["answers"]["tests"]["value"] == "none"
    scored = CliRunner().invoke(app, ["score", "out/team.yaml", "-f", "json"])
    assert scored.exit_code == 0, scored.output
    refused = CliRunner().invoke(app, ["merge", "a.yaml", "b.yaml", "-o", "a.yaml"])
    assert refused.exit_code == 2 and "one of the input files" in refused.stderr
    # an existing answers file (here c.yaml, not an input) is never replaced
    before = (tmp_path / "c.yaml").read_text()
    refused = CliRunner().invoke(app, ["merge", "a.yaml", "b.yaml", "-o", "c.yaml"])
    assert refused.exit_code == 2 and "answers file" in refused.stderr
    assert (tmp_path / "c.yaml").read_text() == before
    printed = CliRunner().invoke(app, ["merge", "a.yaml", "b.yaml", "-o", "-"])
    assert printed.exit_code == 0 and "questionnaire: workshop.yaml" in printed.stdout
    assert "Wrote" not in printed.stderr


def test_report_with_several_respondents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    console.err.cache_clear()
    (tmp_path / "workshop.yaml").write_text(QUESTIONNAIRE)
    people = {"ann": ("yes", "none"), "ben": ("yes", "auto"), "cy": ("no", "manual")}
    for name, (tracking, tests) in people.items():
        (tmp_path / f"{name}.yaml").write_text(
            f"questionnaire: ./workshop.yaml\nsubject: Team A\nassessor: {name}\n"
            f"answers:\n  tracking: {tracking}\n  tests: {tests}\n"
        )
    (tmp_path / "other.yaml").write_text(
        "questionnaire: ./workshop.yaml\nsubject: Team B\nanswers:\n  tracking: no\n"
    )
    team = CliRunner().invoke(
        app, ["report", "ann.yaml", "ben.yaml", "cy.yaml", "--consensus", "min"]
    )
    assert team.exit_code == 0, team.output
    text = team.stdout
    assert "## Where your people disagree" in text
    assert (
        "3 respondents (ann, ben, cy), combined by min: they differ on 2 of 2 questions, 1 by more than one step."
        in text
    )
    assert "| How are tests run? | ann: none; ben: auto; cy: manual | none | 3 |" in text
    assert "| dev | 2 | 2 | 1 | 3 |" in text
    assert "# Workshop: Team A" in text and "Manual" in text  # min: tracking no, level 0
    html = CliRunner().invoke(
        app, ["report", "ann.yaml", "ben.yaml", "cy.yaml", "--consensus", "median", "-f", "html"]
    )
    assert html.exit_code == 0 and "Where your people disagree" in html.stdout
    org = CliRunner().invoke(
        app, ["report", *(f"{n}.yaml" for n in [*people, "other"]), "--consensus", "median"]
    )
    assert org.exit_code == 0, org.output
    assert "### Team A" in org.stdout and "Team B" in org.stdout
    plain = CliRunner().invoke(app, ["report", "ann.yaml", "ben.yaml", "cy.yaml"])
    assert "Where your people disagree" not in plain.stdout  # three separate teams' files


def test_score_with_several_respondents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    console.err.cache_clear()
    (tmp_path / "workshop.yaml").write_text(QUESTIONNAIRE)
    for name, tracking in (("ann", "yes"), ("ben", "yes"), ("cy", "no")):
        (tmp_path / f"{name}.yaml").write_text(
            f"questionnaire: ./workshop.yaml\nsubject: Team A\nassessor: {name}\nanswers:\n  tracking: {tracking}\n"
        )
    runner = CliRunner()
    files = ["ann.yaml", "ben.yaml", "cy.yaml"]
    for rule, level in (("median", 1), ("min", 0)):
        done = runner.invoke(app, ["score", *files, "--consensus", rule, "-f", "json"])
        assert done.exit_code == 0, done.output
        data = json.loads(done.stdout)  # one team: one result, not a list
        assert (data["subject"], data["frameworks"][0]["level"]) == ("Team A", level)
        assert data["source"] == "ann.yaml + ben.yaml + cy.yaml"
    # the same bytes as scoring the file maturity merge writes, but for the source
    assert runner.invoke(app, ["merge", *files, "-o", "team.yaml"]).exit_code == 0
    direct = runner.invoke(app, ["score", *files, "--consensus", "median", "-f", "jsonl"]).stdout
    merged = runner.invoke(app, ["score", "team.yaml", "-f", "jsonl"]).stdout
    strip = lambda text: {k: v for k, v in json.loads(text).items() if k != "source"}  # noqa: E731
    assert strip(direct) == strip(merged)
    table = runner.invoke(app, ["score", *files, "--consensus", "median"])
    assert table.exit_code == 0 and "Team A" in table.stdout
    rows = runner.invoke(app, ["score", *files, "--consensus", "min", "-f", "csv"]).stdout
    assert rows.splitlines()[1].startswith("ann.yaml + ben.yaml + cy.yaml,Team A,")
