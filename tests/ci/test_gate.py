"""``maturity check``: targets, waivers, staleness, baselines, JUnit and GitHub output."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from maturity_cli.ci.gate import check
from maturity_cli.ci.github import command, escape_data, escape_property
from maturity_cli.ci.policy import parse_policy
from maturity_cli.cli import console
from maturity_cli.cli.app import app
from maturity_cli.scoring.batch import score_file

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
TEAM_B = """\
questionnaire: ./quick.yaml
subject: Team B
assessed_on: 2026-11-01
answers:
  people: 3
  tracking: yes
  tests: auto
  serving: batch
"""
POLICY = """\
max_age_days: 60
targets:
  - framework: gate
    min_level: 2
  - framework: pct
    dimension: ops
    min_level: 1
    severity: warning
  - criterion: g1
  - framework: gate
    dimension: dev
    min_level: 2
waivers:
  - target: gate/dev
    reason: "Tests migration in Q1, 100% planned"
    owner: jane@example.com
    expires: 2027-03-31
"""
GH_COMMAND = re.compile(r"^::(error|warning|notice)( [a-z]+=[^,:]*(,[a-z]+=[^,:]*)*)?::.*$")


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(tmp_path)
    console.out.cache_clear()
    console.err.cache_clear()
    shutil.copy(DATA / "ci_quick.yaml", tmp_path / "quick.yaml")
    (tmp_path / "a.yaml").write_text(TEAM_A)
    (tmp_path / "b.yaml").write_text(TEAM_B)
    (tmp_path / "policy.yml").write_text(POLICY)
    return tmp_path


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args))


def outcomes(result) -> dict[str, dict]:  # type: ignore[no-untyped-def,type-arg]
    return {o["target"]: o for o in json.loads(result.stdout)["outcomes"]}


def test_exit_0_when_every_error_target_is_met(work: Path) -> None:
    result = run("check", "b.yaml", "--policy", "policy.yml", "--today", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert "gate >= 2" in result.stdout and "pass" in result.stdout


def test_exit_1_with_table_of_each_kind(work: Path) -> None:
    result = run("check", "a.yaml", "--policy", "policy.yml", "--today", "2026-12-01")
    assert result.exit_code == 1
    out = result.stdout
    for text in ("Target", "Required", "Actual", "Status", "What to do"):
        assert text in out
    assert "gate >= 2" in out and "fail" in out
    assert "meet g2, g3" in out
    assert "1 error-level target(s) missed" in result.stderr


def test_outcomes_per_kind_json(work: Path) -> None:
    result = run("check", "a.yaml", "--policy", "policy.yml", "--today", "2026-12-01", "-f", "json")
    assert result.exit_code == 1
    got = outcomes(result)
    assert got["max_age"]["status"] == "pass"
    assert got["max_age"]["actual"] == "30 days old (2026-11-01)"
    assert (got["gate"]["required"], got["gate"]["actual"], got["gate"]["status"]) == (
        "2 (Tested)",
        "1 (Tracked)",
        "fail",
    )
    assert got["gate"]["advice"].startswith("meet g2, g3")
    # warning-level miss reports but does not fail
    assert got["pct/ops"]["status"] == "warn"
    assert got["pct/ops"]["severity"] == "warning"
    assert got["g1"]["status"] == "pass"
    assert got["gate/dev"]["status"] == "waived"
    assert got["gate/dev"]["waiver"]["owner"] == "jane@example.com"


def test_criterion_target_fails_with_advice(work: Path) -> None:
    result = run("check", "a.yaml", "--min-level", "gate=0", "-f", "json", "--policy", "p.yml")
    assert result.exit_code == 2  # p.yml does not exist
    (work / "p.yml").write_text("targets:\n  - criterion: g2\n")
    result = run("check", "a.yaml", "--policy", "p.yml", "-f", "json")
    assert result.exit_code == 1
    g2 = outcomes(result)["g2"]
    assert (g2["actual"], g2["status"]) == ("not met", "fail")
    assert g2["advice"].startswith("meet: Tests automated")


def test_warning_only_target_exits_0(work: Path) -> None:
    (work / "p.yml").write_text(
        "targets:\n  - framework: gate\n    min_level: 2\n    severity: warning\n"
    )
    result = run("check", "a.yaml", "--policy", "p.yml")
    assert result.exit_code == 0
    assert "warn" in result.stdout


def test_warn_only_flag_never_fails(work: Path) -> None:
    result = run(
        "check", "a.yaml", "--policy", "policy.yml", "--today", "2027-12-01", "--warn-only"
    )
    assert result.exit_code == 0, result.output


def test_expired_waiver_no_longer_waives(work: Path) -> None:
    result = run(
        "check",
        "a.yaml",
        "--policy",
        "policy.yml",
        "--today",
        "2027-04-01",
        "--max-age",
        "999",
        "-f",
        "json",
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    dev = outcomes(result)["gate/dev"]
    assert dev["status"] == "fail"
    assert dev["advice"].startswith("waiver expired on 2027-03-31")
    assert [w["target"] for w in data["expired_waivers"]] == ["gate/dev"]
    assert "expired" in result.stderr


def test_waiver_valid_on_its_expiry_day(work: Path) -> None:
    result = run(
        "check",
        "a.yaml",
        "--policy",
        "policy.yml",
        "--today",
        "2027-03-31",
        "--max-age",
        "999",
        "-f",
        "json",
    )
    assert outcomes(result)["gate/dev"]["status"] == "waived"


def test_stale_assessment_fails(work: Path) -> None:
    result = run("check", "b.yaml", "--policy", "policy.yml", "--today", "2027-01-01", "-f", "json")
    assert result.exit_code == 1
    age = outcomes(result)["max_age"]
    assert age["status"] == "error-stale"
    assert age["actual"] == "61 days old (2026-11-01)"
    assert run("check", "b.yaml", "--policy", "policy.yml", "--today", "2026-12-31").exit_code == 0


def test_missing_assessed_on_fails_max_age(work: Path) -> None:
    (work / "c.yaml").write_text(TEAM_B.replace("assessed_on: 2026-11-01\n", ""))
    result = run("check", "c.yaml", "--max-age", "30", "-f", "json")
    assert result.exit_code == 1
    age = outcomes(result)["max_age"]
    assert (age["actual"], age["status"]) == ("no assessed_on date", "error-stale")
    assert "assessed_on" in age["advice"]


def test_check_is_pure_with_injected_today(work: Path) -> None:
    results = [score_file(work / "a.yaml"), score_file(work / "b.yaml")]
    policy = parse_policy(POLICY, "policy.yml")
    report = check(results, policy, dt.date(2026, 12, 1))
    assert report.failed
    assert len(report.outcomes) == 10
    assert {o.subject for o in report.outcomes} == {"Team A", "Team B"}
    later = check(results, policy, dt.date(2027, 6, 1))
    assert later.count("error-stale") == 2


def test_baseline_regression(work: Path) -> None:
    # Team A's old answers (gate 2) are the baseline; a.yaml has gone down
    (work / "old.yaml").write_text(TEAM_B.replace("Team B", "Team A"))
    result = run(
        "check",
        "a.yaml",
        "--baseline",
        "old.yaml",
        "--min-level",
        "gate=1",
        "-f",
        "json",
        "--today",
        "2026-12-01",
    )
    assert result.exit_code == 1
    regressions = [o for o in json.loads(result.stdout)["outcomes"] if o["kind"] == "regression"]
    targets = {o["target"] for o in regressions}
    assert {"gate", "gate/dev", "g2", "g3"} <= targets
    assert all(o["status"] == "fail" for o in regressions)
    assert next(o for o in regressions if o["target"] == "gate")["actual"] == "1 (Tracked)"
    # a regression row names the answers that changed
    dev = next(o for o in regressions if o["target"] == "gate/dev")
    assert "answers changed: How are tests run?: Automatically → By hand" in dev["advice"]
    assert dev["questions"] == ["tests"]


def test_baseline_is_matched_by_subject_never_by_position(work: Path) -> None:
    # One baseline (Team B) and two checked files: only Team B is compared, and
    # Team A is reported as having no baseline instead of 'regressing' from Team B.
    (work / "old-b.yaml").write_text(TEAM_B.replace("tests: auto", "tests: manual"))
    (work / "old-c.yaml").write_text(TEAM_B.replace("Team B", "Team C"))
    result = run(
        "check",
        "a.yaml",
        "b.yaml",
        "--baseline",
        "old-b.yaml",
        "--min-level",
        "gate=1",
        "-f",
        "json",
        "--today",
        "2026-12-01",
    )
    data = json.loads(result.stdout)
    regressions = [o for o in data["outcomes"] if o["kind"] == "regression"]
    assert {o["subject"] for o in regressions} == {"Team B"}
    assert all(o["status"] == "pass" for o in regressions)
    assert any("no baseline for 'Team A'" in w for w in data["warnings"])
    assert "no baseline for 'Team A'" in result.stderr
    folder = work / "base"
    folder.mkdir()
    for name in ("b", "c"):
        text = (work / f"old-{name}.yaml").read_text().replace("./quick", "../quick")
        (folder / f"{name}.yaml").write_text(text)
    result = run("check", "b.yaml", "--baseline", "base/", "--min-level", "gate=1", "-f", "json")
    warnings = json.loads(result.stdout)["warnings"]
    assert any("no checked file has subject 'Team C'" in w for w in warnings), result.output


def test_baseline_from_json_result_without_regression(work: Path) -> None:
    scored = run("score", "b.yaml", "-f", "json")
    (work / "old.json").write_text(scored.stdout)
    result = run("check", "b.yaml", "--baseline", "old.json", "--min-level", "gate=1", "-f", "json")
    assert result.exit_code == 0, result.output
    assert outcomes(result)["baseline"]["status"] == "pass"


def test_bad_answers_file_exits_2(work: Path) -> None:
    (work / "bad.yaml").write_text(
        "questionnaire: ./quick.yaml\nsubject: X\nanswers:\n  tests: 5\n"
    )
    result = run("check", "bad.yaml", "--min-level", "gate=1")
    assert result.exit_code == 2


def test_junit_matches_schema(work: Path) -> None:

    result = run(
        "check",
        "a.yaml",
        "b.yaml",
        "--policy",
        "policy.yml",
        "--today",
        "2026-12-01",
        "--junit",
        "out/junit.xml",
    )
    assert result.exit_code == 1
    schema = etree.XMLSchema(etree.parse(str(DATA / "junit.xsd")))
    doc = etree.parse(str(work / "out" / "junit.xml"))
    schema.assertValid(doc)
    root = doc.getroot()
    assert root.get("tests") == "10" and root.get("failures") == "1"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["a.yaml", "b.yaml"]
    cases = {c.get("name"): c for c in suites[0].findall("testcase")}
    assert cases["gate >= 2"].get("classname") == "Team A/a.yaml"
    failure = cases["gate >= 2"].find("failure")
    assert failure is not None and failure.get("type") == "target-missed"
    skipped = cases["gate/dev >= 2"].find("skipped")
    assert skipped is not None and "Tests migration" in str(skipped.get("message"))
    out = cases["pct/ops >= 1"].find("system-out")
    assert out is not None and str(out.text).startswith("warning:")
    assert list(cases["criterion g1"]) == []


def test_github_annotations_and_summary(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = work / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run("check", "a.yaml", "--policy", "policy.yml", "--today", "2027-04-01")
    assert result.exit_code == 1
    commands = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert commands
    for line in commands:
        assert GH_COMMAND.match(line), line
    kinds = [line.split(" ", 1)[0] for line in commands]
    assert "::error" in kinds and "::warning" in kinds
    located = re.compile(r"^::error title=maturity%3A gate >= 2,file=a.yaml,line=\d+,col=\d+::")
    assert any(located.match(line) for line in commands), commands
    text = summary.read_text()
    assert text.startswith("## Maturity check ❌ failed")
    assert "| a.yaml | gate \\>= 2 | 2 (Tested) | 1 (Tracked) | ❌ fail |" in text
    assert "<" not in text.replace("&lt;", "")


def test_github_escaping() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    line = command("warning", "multi\nline: 100%", title="x: y, z", file="dir/a,b.yaml")
    assert line == "::warning title=x%3A y%2C z,file=dir/a%2Cb.yaml::multi%0Aline: 100%25"
    assert GH_COMMAND.match(line)


def test_documented_example_result(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(__file__).resolve().parents[2]
    monkeypatch.chdir(root)
    result = run(
        "check",
        "examples/model-cicd.yaml",
        "--policy",
        "docs/example-policy.yml",
        "--today",
        "2026-12-01",
    )
    doc = (root / "docs" / "ci.md").read_text()
    block = doc.split("```text\n", 1)[1].split("```", 1)[0]
    assert "exit code 0" in doc and result.exit_code == 0
    got = "\n".join(line.rstrip() for line in result.stdout.splitlines())
    assert got.strip() == block.strip()


def test_junit_never_overwrites_an_input(work: Path) -> None:
    answers = work / "answers.yaml"
    answers.write_text(
        "questionnaire: ci_quick.yaml\nsubject: T\nassessed_on: 2026-11-01\nanswers: {}\n"
    )
    before = answers.read_text()
    result = run("check", str(answers), "--min-level", "gate=0", "--junit", str(answers))
    assert result.exit_code == 2
    assert "the output file is one of the input files" in result.stderr
    assert answers.read_text() == before
