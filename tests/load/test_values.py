"""Numbers are finite and bounded, text is real characters: in every kind of file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from maturity_cli.ci.policy import load_policy
from maturity_cli.cli.app import app
from maturity_cli.errors import InvalidFile
from maturity_cli.interview.session import parse_number
from maturity_cli.load.reader import parse_document
from maturity_cli.questionnaire.loader import load_questionnaire

QUESTIONNAIRE = """\
id: tiny
version: "1.0"
title: Tiny
dimensions: [{id: dev, title: Development}]
questions:
  - {id: people, text: "How many?", type: number, min: 0, dimension: dev}
frameworks:
  - id: fw
    title: Framework
    style: points
    levels: [{level: 0, name: Start}, {level: 1, name: Up, above: 1}]
"""


@pytest.mark.parametrize("bad", [".nan", ".inf", "-.Inf", ".NaN"])
def test_a_questionnaire_with_a_non_finite_number_is_refused(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(QUESTIONNAIRE.replace("above: 1", f"above: {bad}"), encoding="utf-8")
    with pytest.raises(InvalidFile, match="finite") as caught:
        load_questionnaire(path)
    assert caught.value.problems[0].location() == f"{path}:11:67"


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_result_json_with_a_non_finite_number_is_refused(bad: str) -> None:
    with pytest.raises(InvalidFile, match="finite") as caught:
        parse_document('{"level": 1,\n "score": ' + bad + "}", "r.json")
    assert (caught.value.problems[0].line, caught.value.problems[0].column) == (2, 11)


def test_huge_integers_are_refused_in_json_and_yaml() -> None:
    with pytest.raises(InvalidFile, match="too large"):
        parse_document('{"a": ' + "9" * 30 + "}", "r.json")
    with pytest.raises(InvalidFile, match="too large"):
        parse_document("a: " + "9" * 30, "r.yaml")
    assert parse_document("a: 9223372036854775807", "r.yaml") == {"a": 2**63 - 1}


def test_a_policy_with_a_non_finite_number_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "policy.yml"
    path.write_text("targets:\n  - {framework: fw, min_level: .nan}\n", encoding="utf-8")
    with pytest.raises(InvalidFile, match="finite"):
        load_policy(path)


def test_an_answer_of_nan_is_refused(tmp_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    for text in ("people: .nan", "people: .inf"):
        (tmp_path / "a.yaml").write_text(
            f"questionnaire: tiny.yaml\nsubject: T\nanswers: {{{text}}}\n"
        )
        result = CliRunner().invoke(app, ["score", str(tmp_path / "a.yaml")])
        assert result.exit_code == 2
        assert "finite" in result.stderr
    with pytest.raises(ValueError, match="finite"):
        parse_number("nan")
    with pytest.raises(ValueError, match="finite"):
        parse_number("9" * 5000)


def test_lone_surrogates_are_refused() -> None:
    with pytest.raises(InvalidFile, match="surrogate") as caught:
        parse_document('{"subject":\n "a\\udc00"}', "a.json")
    assert caught.value.problems[0].line == 2
    assert parse_document('{"s": "\\ud83d\\ude00"}', "a.json") == {"s": "😀"}
