"""The check and diff JSON documents: versioned and described by a published JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from test_gate import TEAM_B, run, work  # noqa: F401 - fixture


def _schema(name: str) -> dict:  # type: ignore[type-arg]
    result = run("schema", name)
    assert result.exit_code == 0, result.output
    schema: dict = json.loads(result.stdout)  # type: ignore[type-arg]
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def test_check_json_matches_its_published_schema(work: Path) -> None:  # noqa: F811
    (work / "bad.yaml").write_text("questionnaire: ./quick.yaml\nanswers: [\n")
    (work / "old.yaml").write_text(TEAM_B.replace("tests: auto", "tests: none"))
    result = run(
        "check",
        "a.yaml",
        "b.yaml",
        "bad.yaml",
        "--policy",
        "policy.yml",
        "--baseline",
        "old.yaml",
        "--today",
        "2027-06-01",
        "-f",
        "json",
    )
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1 and data["errors"] and data["expired_waivers"]
    jsonschema.validate(data, _schema("check"), cls=jsonschema.Draft202012Validator)
    data["outcomes"][0]["status"] = "maybe"
    errors = list(jsonschema.Draft202012Validator(_schema("check")).iter_errors(data))
    assert errors  # the schema does constrain the document


def test_diff_json_matches_its_published_schema(work: Path) -> None:  # noqa: F811
    result = run("diff", "a.yaml", "b.yaml", "-f", "json")
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1 and data["answers_changed"]
    jsonschema.validate(data, _schema("diff"), cls=jsonschema.Draft202012Validator)
