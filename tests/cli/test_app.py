"""The real command line, driven through typer's CliRunner."""

from __future__ import annotations

import json
import os
import pickle
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from maturity_cli import __version__
from maturity_cli.cli.app import app
from maturity_cli.errors import InvalidFile, Problem

QUESTIONNAIRE = """
id: tiny
version: "1.0"
title: Tiny
dimensions:
  - {id: dev, title: Development}
questions:
  - {id: tracking, title: Tracking, text: "Do you track experiments?", type: yes_no, dimension: dev,
     help: "A shared place where runs, parameters and metrics are recorded."}
  - {id: serving, text: "How do you serve?", type: single_choice, context: true, choices: [batch, online]}
frameworks:
  - id: fw
    title: Framework
    style: gated
    levels:
      - {level: 0, name: Start}
      - {level: 1, name: Tracked, criteria: [{id: c1, text: Tracked, rule: tracking, dimension: dev}]}
recommendations:
  - {id: track, title: Start tracking, why: Needed., when: not tracking}
"""


def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), input=input)


@pytest.fixture
def project(files) -> Path:  # type: ignore[no-untyped-def]
    return files(
        {
            "tiny.yaml": QUESTIONNAIRE,
            "good.yaml": "questionnaire: tiny.yaml\nsubject: Team A\nanswers: {tracking: no}\n",
            "better.yaml": "questionnaire: tiny.yaml\nsubject: Team B\nanswers: {tracking: yes}\n",
            "bad.yaml": "questionnaire: tiny.yaml\nsubject: Team C\nanswers: {tracking: perhaps}\n",
        }
    )


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"maturity-cli {__version__}"


def test_help_lists_every_command() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for name in ("list", "questions", "init", "validate", "schema", "score"):
        assert name in result.stdout


def test_score_table(project: Path) -> None:
    result = invoke("score", str(project / "good.yaml"))
    assert result.exit_code == 0, result.stderr
    assert "Framework: level 0 of 1: Start" in result.stdout
    assert "1 thing stands between you and level 1 (Tracked):" in result.stdout
    assert "1. Start tracking" in result.stdout


def test_score_json_one_file_is_an_object_and_many_a_list(project: Path) -> None:
    one = json.loads(invoke("score", str(project / "good.yaml"), "-f", "json").stdout)
    assert one["subject"] == "Team A" and one["frameworks"][0]["level"] == 0
    many = invoke("score", str(project / "good.yaml"), str(project / "better.yaml"), "-f", "json")
    assert [r["frameworks"][0]["level"] for r in json.loads(many.stdout)] == [0, 1]


def test_one_bad_file_is_reported_and_the_others_still_scored(project: Path) -> None:
    result = invoke(
        "score",
        str(project / "good.yaml"),
        str(project / "bad.yaml"),
        str(project / "better.yaml"),
        "-f",
        "json",
    )
    assert result.exit_code == 2
    assert [r["subject"] for r in json.loads(result.stdout)] == ["Team A", "Team B"]
    assert "bad.yaml:3:21: answer to 'tracking': expected yes or no" in result.stderr
    assert "Traceback" not in result.stderr


def test_score_folders_and_globs(project: Path) -> None:
    (project / "bad.yaml").unlink()
    (project / "tiny.yaml").rename(project.parent / "tiny.yaml")
    for name in ("good.yaml", "better.yaml"):
        path = project / name
        path.write_text(path.read_text().replace("tiny.yaml", "../tiny.yaml"))
    folder = invoke("score", str(project), "-f", "json")
    assert folder.exit_code == 0, folder.stderr
    assert [r["subject"] for r in json.loads(folder.stdout)] == ["Team B", "Team A"]
    pattern = invoke("score", str(project / "g*.yaml"), "-f", "json")
    assert [r["subject"] for r in json.loads(pattern.stdout)] == ["Team A"]
    nothing = invoke("score", str(project / "zzz*.yaml"))
    assert nothing.exit_code == 2 and "pattern matched no files" in nothing.stderr


def test_score_refuses_to_write_over_an_input(project: Path) -> None:
    target = project / "good.yaml"
    before = target.read_text()
    result = invoke("score", str(target), "-f", "json", "-o", str(target))
    assert result.exit_code == 2
    assert "the output file is one of the input files" in result.stderr
    assert target.read_text() == before


def test_score_writes_output_file(project: Path) -> None:
    out = project / "out.json"
    result = invoke("score", str(project / "good.yaml"), "-f", "json", "-o", str(out))
    assert result.exit_code == 0
    assert json.loads(out.read_text())["subject"] == "Team A"


def test_validate(project: Path) -> None:
    ok = invoke("validate", str(project / "tiny.yaml"), str(project / "good.yaml"))
    assert ok.exit_code == 0
    assert "questionnaire 'tiny' 1.0: 2 questions" in ok.stderr
    bad = invoke("validate", str(project / "good.yaml"), str(project / "bad.yaml"))
    assert bad.exit_code == 2
    assert "1 of 2 file(s) invalid" in bad.stderr
    other = project / "other.yaml"
    other.write_text("hello: world\n")
    assert "not a questionnaire, answers file or policy" in invoke("validate", str(other)).stderr


def test_malformed_yaml_is_a_located_error_not_a_traceback(project: Path) -> None:
    broken = project / "broken.yaml"
    broken.write_text("questionnaire: tiny.yaml\nsubject: [oops\n")
    result = invoke("score", str(broken))
    assert result.exit_code == 2
    assert f"{broken}:3:1: invalid YAML" in result.stderr
    assert "Traceback" not in result.stderr


def test_init_writes_a_template_that_validates_once_filled(project: Path) -> None:
    target = project / "new.yaml"
    result = invoke(
        "init", "-q", str(project / "tiny.yaml"), "-o", str(target), "--subject", "Team Z"
    )
    assert result.exit_code == 0, result.stderr
    text = target.read_text()
    assert "# Answer: yes or no; or unknown" in text
    assert "# A shared place where runs, parameters and metrics are recorded." in text
    assert "  tracking:\n" in text and "  serving:\n" in text
    assert invoke("validate", str(target)).exit_code == 0
    target.write_text(text.replace("  tracking:\n", "  tracking: yes\n"))
    scored = json.loads(invoke("score", str(target), "-f", "json").stdout)
    assert scored["subject"] == "Team Z" and scored["frameworks"][0]["level"] == 1


def test_init_never_overwrites_without_force(project: Path) -> None:
    target = project / "good.yaml"
    before = target.read_text()
    result = invoke("init", "-q", str(project / "tiny.yaml"), "-o", str(target))
    assert result.exit_code == 2
    assert "file already exists" in result.stderr and "--force" in result.stderr
    assert target.read_text() == before
    assert (
        invoke("init", "-q", str(project / "tiny.yaml"), "-o", str(target), "--force").exit_code
        == 0
    )
    assert target.read_text() != before


def test_questions_table_and_json(project: Path) -> None:
    table = invoke("questions", str(project / "tiny.yaml"))
    assert table.exit_code == 0
    assert "Development" in table.stdout and "tracking" in table.stdout
    data = json.loads(invoke("questions", str(project / "tiny.yaml"), "-f", "json").stdout)
    assert [q["id"] for q in data] == ["tracking", "serving"]
    assert data[1]["choices"] == [
        {"value": "batch", "label": "batch"},
        {"value": "online", "label": "online"},
    ]


def test_unknown_questionnaire_has_a_hint() -> None:
    result = invoke("questions", "mlopz")
    assert result.exit_code == 2
    assert "no built-in questionnaire 'mlopz'" in result.stderr


@pytest.mark.parametrize("name", ["questionnaire", "answers", "result"])
def test_schemas_are_json_schema(name: str) -> None:
    result = invoke("schema", name)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "$defs" in schema


def test_questionnaire_schema_accepts_the_documented_examples(project: Path) -> None:

    schema = json.loads(invoke("schema", "questionnaire").stdout)
    jsonschema.validate(yaml.safe_load(QUESTIONNAIRE), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "x"}, schema)


def test_usage_errors_exit_2() -> None:
    assert invoke("score").exit_code == 2
    assert invoke("schema", "nonsense").exit_code == 2
    assert invoke("frobnicate").exit_code == 2


def test_list_shows_builtins() -> None:
    result = invoke("list", "-f", "json")
    assert result.exit_code == 0
    ids = [q["id"] for q in json.loads(result.stdout)]
    assert ids == sorted(ids)


def test_output_files_get_ordinary_permissions(project: Path) -> None:

    umask = os.umask(0o022)
    try:
        for fmt in ("json", "jsonl", "table"):
            out = project / f"out.{fmt}"
            assert (
                invoke("score", str(project / "good.yaml"), "-f", fmt, "-o", str(out)).exit_code
                == 0
            )
            assert out.stat().st_mode & 0o777 == 0o644, fmt
    finally:
        os.umask(umask)


def test_the_wrong_kind_of_file_is_named(project: Path) -> None:
    scored = invoke("score", str(project / "tiny.yaml"))
    assert scored.exit_code == 2
    assert "this is a questionnaire, not an answers file" in scored.stderr
    assert f"maturity init -q {project / 'tiny.yaml'}" in scored.stderr
    listed = invoke("questions", str(project / "good.yaml"))
    assert listed.exit_code == 2
    assert "this is an answers file, not a questionnaire" in listed.stderr


BAD_QUESTIONNAIRES = {
    "malformed YAML": ("title: Tiny", "title: [Tiny", "invalid YAML"),
    "duplicate key": ("title: Tiny\n", "title: Tiny\ntitle: Again\n", "duplicate key 'title'"),
    "wrong type": ('version: "1.0"', "version: 1.0", "expected `str`, got `float`"),
    "unknown id in a rule": ("when: not tracking", "when: not trackin", "unknown question"),
    "bad rule syntax": ("when: not tracking", "when: tracking = no", "unexpected character '='"),
    "prerequisite cycle": (
        "  - {id: track, title: Start tracking, why: Needed., when: not tracking}",
        "  - {id: track, title: T, why: W., when: not tracking, prerequisites: [other]}\n"
        "  - {id: other, title: O, why: W., prerequisites: [track]}",
        "prerequisites form a cycle",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_QUESTIONNAIRES))
def test_every_error_class_is_located_and_exits_2(files, case: str) -> None:  # type: ignore[no-untyped-def]
    old, new, message = BAD_QUESTIONNAIRES[case]
    assert old in QUESTIONNAIRE
    root = files({"bad.yaml": QUESTIONNAIRE.replace(old, new, 1)})
    for command in (["validate"], ["questions"]):
        result = invoke(*command, str(root / "bad.yaml"))
        assert result.exit_code == 2
        assert message in result.stderr
        assert re.search(r"bad\.yaml:\d+:\d+: ", result.stderr), result.stderr
        assert "Traceback" not in result.stderr


def test_unknown_question_in_answers_is_located_and_exits_2(project: Path) -> None:
    answers = project / "typo.yaml"
    answers.write_text("questionnaire: tiny.yaml\nsubject: T\nanswers:\n  trackin: yes\n")
    result = invoke("score", str(answers))
    assert result.exit_code == 2
    assert "typo.yaml:4:3: unknown question 'trackin'" in result.stderr
    assert "did you mean 'tracking'?" in result.stderr


def test_questionnaire_flag_is_relative_to_the_working_directory(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = project / "sub" / "a.yaml"
    answers.parent.mkdir()
    answers.write_text("questionnaire: nowhere.yaml\nsubject: T\nanswers: {tracking: yes}\n")
    monkeypatch.chdir(project)
    result = invoke("score", "sub/a.yaml", "-q", "tiny.yaml", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["frameworks"][0]["level"] == 1


def test_errors_keep_their_locations_across_processes() -> None:

    error = InvalidFile(Problem("bad", file="f.yaml", line=3, column=4, hint="fix it"))
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, InvalidFile)
    assert copy.problems == error.problems
