"""Policy files and command-line overrides for ``maturity check``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from maturity_cli.ci.policy import parse_level_flag, parse_policy, with_overrides
from maturity_cli.cli import console
from maturity_cli.cli.app import app
from maturity_cli.errors import InvalidFile, UsageError

DATA = Path(__file__).resolve().parents[1] / "data"
TEAM_A = """\
questionnaire: ./quick.yaml
subject: Team A
assessed_on: 2026-11-01
answers:
  people: 3
  tracking: yes
  tests: manual
  serving: online
  monitoring: unknown
"""


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.chdir(tmp_path)
    console.out.cache_clear()
    console.err.cache_clear()
    shutil.copy(DATA / "ci_quick.yaml", tmp_path / "quick.yaml")
    (tmp_path / "a.yaml").write_text(TEAM_A)
    return tmp_path


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args))


def test_parse_valid_policy() -> None:
    policy = parse_policy(
        """\
max_age_days: 30
targets:
  - framework: gate
    min_level: 2
  - framework: gate
    dimension: ops
    min_level: 1
    severity: warning
  - criterion: g1
waivers:
  - target: gate/ops
    reason: migration
    owner: jane@example.com
    expires: 2027-03-31
""",
        "p.yml",
    )
    assert [t.kind for t in policy.targets] == ["max_age", "framework", "dimension", "criterion"]
    assert [t.key for t in policy.targets] == ["max_age", "gate", "gate/ops", "g1"]
    assert policy.targets[2].severity == "warning"
    assert policy.max_age_days == 30
    assert policy.waivers[0].expires is not None and policy.waivers[0].expires.year == 2027


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("waivers:\n  - target: gate\n    owner: x\n", "missing required key 'reason'", 2),
        ("waivers:\n  - target: gate\n    reason: '  '\n", "a waiver needs a reason", 3),
        ("targets:\n  - framework: gate\n    min_levl: 2\n", "unknown key 'min_levl'", 3),
        ("targets:\n  - framework: gate\n", "missing required key 'min_level'", 2),
        ("targets:\n  - criterion: g1\n    min_level: 1\n", "takes no framework", 2),
        ("targets:\n  - severity: error\n", "needs 'framework'", 2),
        ("targets:\n  - framework: gate\n    min_level: 2\n    severity: fatal\n", "severity", 4),
        ("waivers:\n  - target: gate\n    reason: r\n    expires: someday\n", "expires", 4),
    ],
)
def test_invalid_policy_is_located(text: str, message: str, line: int) -> None:
    with pytest.raises(InvalidFile) as info:
        parse_policy(text, "p.yml")
    problem = info.value.problems[0]
    assert message in problem.message
    assert (problem.file, problem.line) == ("p.yml", line)


def test_waiver_without_reason_exits_2(work: Path) -> None:
    (work / "p.yml").write_text(
        "targets:\n  - framework: gate\n    min_level: 1\nwaivers:\n  - target: gate\n"
    )
    result = run("check", "a.yaml", "--policy", "p.yml")
    assert result.exit_code == 2
    assert "p.yml:5:" in result.stderr
    assert "missing required key 'reason'" in result.stderr


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("- framework: gaet\n    min_level: 1", "did you mean 'gate'"),
        ("- framework: gate\n    dimension: opps\n    min_level: 1", "did you mean 'ops'"),
        ("- criterion: g4", "valid criteria: g1, g2, g3"),
        ("- framework: gate\n    min_level: 7", "levels 0 to 2"),
        ("- dimension: dev\n    min_level: 1", "ambiguous"),
    ],
)
def test_unknown_ids_name_the_valid_ones(work: Path, target: str, expected: str) -> None:
    (work / "p.yml").write_text(f"targets:\n  {target}\n")
    result = run("check", "a.yaml", "--policy", "p.yml")
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert "p.yml:2:" in result.stderr


def test_unknown_waiver_target(work: Path) -> None:
    (work / "p.yml").write_text(
        "targets:\n  - framework: gate\n    min_level: 1\n"
        "waivers:\n  - target: gate/opps\n    reason: r\n"
    )
    result = run("check", "a.yaml", "--policy", "p.yml")
    assert result.exit_code == 2
    assert "did you mean 'gate/ops'" in result.stderr


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["--min-level", "gate"], "expected NAME=LEVEL"),
        (["--min-level", "gate=two"], "expected NAME=LEVEL"),
        (["--min-level", "gate/dev=2"], "--min-dimension"),
        (["--min-dimension", "gate/=2"], "FRAMEWORK/DIMENSION=LEVEL"),
        (["--today", "01/12/2026", "--min-level", "gate=1"], "YYYY-MM-DD"),
    ],
)
def test_bad_flag_syntax_exits_2_with_hint(work: Path, args: list[str], hint: str) -> None:
    result = run("check", "a.yaml", *args)
    assert result.exit_code == 2
    assert hint in result.stderr
    assert "hint:" in result.stderr


def test_parse_level_flag() -> None:
    t = parse_level_flag("gate=2", "--min-level")
    assert (t.kind, t.framework, t.min_level, t.from_flag) == ("framework", "gate", 2, True)
    d = parse_level_flag("gate/ops=1", "--min-dimension")
    assert (d.framework, d.dimension, d.key) == ("gate", "ops", "gate/ops")
    bare = parse_level_flag("ops=1", "--min-dimension")
    assert bare.framework is None and bare.key == "ops"
    with pytest.raises(UsageError):
        parse_level_flag("=1", "--min-level")


def test_flags_override_the_file(work: Path) -> None:
    (work / ".maturity.yml").write_text(
        "max_age_days: 10\ntargets:\n  - framework: gate\n    min_level: 2\n"
    )
    # the file alone fails: gate is at level 1 and the answers are 30 days old
    assert run("check", "a.yaml", "--today", "2026-12-01").exit_code == 1
    result = run(
        "check",
        "a.yaml",
        "--today",
        "2026-12-01",
        "--min-level",
        "gate=1",
        "--max-age",
        "60",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    outcomes = json.loads(result.stdout)["outcomes"]
    assert [(o["target"], o["status"]) for o in outcomes] == [("max_age", "pass"), ("gate", "pass")]


def test_min_dimension_flag_bare_dimension_when_unambiguous(work: Path) -> None:
    single = (work / "quick.yaml").read_text().split("  - id: pct")[0]
    (work / "quick.yaml").write_text(single.replace("recommendations:", "") + "\n")
    result = run("check", "a.yaml", "--min-dimension", "ops=2", "-f", "json")
    assert result.exit_code == 1, result.output
    [outcome] = json.loads(result.stdout)["outcomes"]
    assert outcome["target"] == "gate/ops"


def test_ambiguous_bare_dimension_flag(work: Path) -> None:
    result = run("check", "a.yaml", "--min-dimension", "dev=1")
    assert result.exit_code == 2
    assert "ambiguous" in result.stderr and "gate/dev" in result.stderr


def test_no_policy_is_a_usage_error(work: Path) -> None:
    result = run("check", "a.yaml")
    assert result.exit_code == 2
    assert ".maturity.yml" in result.stderr


def test_missing_policy_file(work: Path) -> None:
    result = run("check", "a.yaml", "--policy", "nope.yml")
    assert result.exit_code == 2
    assert "file not found" in result.stderr


def test_warn_only_downgrades() -> None:
    policy = parse_policy("targets:\n  - framework: gate\n    min_level: 2\n", "p.yml")
    relaxed = with_overrides(policy, [], warn_only=True)
    assert relaxed.warn_only and all(t.severity == "warning" for t in relaxed.targets)


def test_policy_schema_and_validate(work: Path) -> None:
    result = run("schema", "policy")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "PolicyFile" in json.dumps(schema)
    (work / "p.yml").write_text("targets:\n  - framework: gate\n    min_level: 2\n")
    result = run("validate", "p.yml", "-q", "quick.yaml")
    assert result.exit_code == 0, result.output
    assert "policy with 1 target(s)" in result.stderr
    # without -q the built-in questionnaires are used, and none has framework 'gate'
    assert run("validate", "p.yml").exit_code == 2


def test_example_policy_is_valid() -> None:
    root = Path(__file__).resolve().parents[2]
    result = run("validate", str(root / "docs" / "example-policy.yml"))
    assert result.exit_code == 0, result.output
