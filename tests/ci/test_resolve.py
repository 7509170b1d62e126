"""Policy ids checked against a questionnaire: at ``validate`` time and at ``check`` time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_gate import POLICY, TEAM_B, run, work  # noqa: F401 - fixture

BAD_POLICY = """\
targets:
  - framework: gat
    min_level: 1
  - framework: gate
    min_level: 9
  - dimension: ops
    min_level: 1
  - framework: gate
    dimension: dve
    min_level: 1
  - criterion: g9
waivers:
  - target: gate/nothing
    reason: typo
"""


def test_validate_checks_policy_ids_against_the_questionnaire(work: Path) -> None:  # noqa: F811
    (work / "bad.yml").write_text(BAD_POLICY)
    result = run("validate", "bad.yml", "-q", "quick.yaml")
    assert result.exit_code == 2
    err = result.stderr
    assert "bad.yml:2:5: unknown framework 'gat'" in err and "did you mean 'gate'?" in err
    assert "bad.yml:4:5: min_level 9 is outside framework 'gate''s levels" in err
    assert "bad.yml:6:5: dimension 'ops' is ambiguous: frameworks gate, pct all rate it" in err
    assert "name the framework, e.g. gate/ops" in err
    assert "bad.yml:8:5: unknown dimension 'dve'" in err and "did you mean 'dev'?" in err
    assert "bad.yml:11:5: unknown criterion 'g9'" in err
    assert "bad.yml:13:13: waiver target 'gate/nothing'" in err
    ok = run("validate", "policy.yml", "-q", "quick.yaml")
    assert ok.exit_code == 0, ok.output
    assert "checked against questionnaire 'quick'" in ok.output


def test_a_dimension_a_framework_does_not_rate_is_an_error(work: Path) -> None:  # noqa: F811
    # A points total rates the framework as a whole, never its dimensions.
    points = (
        "  - id: pts\n    title: Points\n    style: points\n    levels:\n"
        "      - {level: 0, name: Few}\n      - {level: 1, name: Many, at_least: 2}\n"
    )
    text = (work / "quick.yaml").read_text()
    (work / "quick.yaml").write_text(text.replace("recommendations:", points + "recommendations:"))
    (work / "p.yml").write_text(
        "targets:\n  - framework: pts\n    dimension: dev\n    min_level: 1\n"
    )
    result = run("validate", "p.yml", "-q", "quick.yaml")
    assert result.exit_code == 2, result.output
    assert "framework 'pts' does not rate dimension 'dev'" in result.stderr
    assert "frameworks that rate it: gate, pct" in result.stderr


def test_waivers_for_no_file_and_unused_waivers_are_reported(work: Path) -> None:  # noqa: F811
    (work / "p.yml").write_text(
        POLICY
        + "  - target: gate\n    reason: nobody\n    subject: Team Z\n"
        + "  - target: g1\n    reason: never needed\n"
    )
    result = run("check", "b.yaml", "--policy", "p.yml", "--today", "2026-12-01", "-f", "json")
    warnings = json.loads(result.stdout)["warnings"]
    assert any("names subject 'Team Z', which no checked file has" in w for w in warnings)
    assert any("p.yml:21:13: unused waiver for g1" in w for w in warnings), warnings
    assert "unused waiver for g1" in result.stderr


def test_policy_is_searched_up_to_the_repository_root(
    work: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (work / ".git").mkdir()
    (work / ".maturity.yml").write_text("targets:\n  - framework: gate\n    min_level: 2\n")
    deep = work / "teams" / "b"
    deep.mkdir(parents=True)
    (deep / "b.yaml").write_text(TEAM_B.replace("./quick.yaml", "../../quick.yaml"))
    monkeypatch.chdir(deep)
    result = run("check", "b.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["policy"].endswith(".maturity.yml")
    # --no-policy ignores it: flags only
    flags_only = run("check", "b.yaml", "--no-policy", "--min-level", "gate=1", "-f", "json")
    assert json.loads(flags_only.stdout)["policy"] is None
    assert [o["target"] for o in json.loads(flags_only.stdout)["outcomes"]] == ["gate"]
    assert run("check", "b.yaml", "--no-policy").exit_code == 2
    # the search stops at the repository root: a policy above it is not used
    (work / ".git").rmdir()
    (deep / ".git").mkdir()
    assert run("check", "b.yaml").exit_code == 2
