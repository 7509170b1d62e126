"""End to end: scan -> init -> score with a contradiction -> report -> check fails naming it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from evidence.helpers import questionnaire_text, write_tree
from lxml import etree
from typer.testing import CliRunner

from maturity_cli.cli.app import app

EVIDENCE = """
signals:
  - {id: tracking_dep, title: Tracking library declared, dependency: mlflow}
  - {id: ci_tests, text: {pattern: pytest, files: ".github/workflows/*.yml"}}
proposals:
  - {question: tracking, answer: yes, when: tracking_dep, confidence: medium}
  - {question: tracking, answer: no, when: not tracking_dep, confidence: low}
  - {question: tests, answer: automated, when: ci_tests, confidence: high}
"""


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def team(tmp_path: Path) -> tuple[Path, Path]:
    """A repository without tracking, and an answers file that claims tracking."""
    (tmp_path / "q.yaml").write_text(questionnaire_text(EVIDENCE), encoding="utf-8")
    repo = write_tree(
        tmp_path / "repo",
        {".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - run: pytest <b>x</b>\n"},
    )
    answers = tmp_path / "team.yaml"
    made = invoke("init", "-q", str(tmp_path / "q.yaml"), "--scan", str(repo), "-o", str(answers))
    assert made.exit_code == 0, made.stderr
    data = yaml.safe_load(answers.read_text(encoding="utf-8"))
    assert data["answers"]["tracking"]["value"] is False  # what the files suggest
    data["answers"]["tracking"] = True  # ... but the team claims tracking
    answers.write_text(yaml.safe_dump(data), encoding="utf-8")
    return answers, repo


def test_score_lists_the_contradiction_and_keeps_the_answers_level(team: tuple[Path, Path]) -> None:
    answers, repo = team
    result = invoke("score", str(answers), "--scan", str(repo))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "level 2 from the answers; level 0 (Zero) from the evidence alone" in out
    assert "contradicted: Tracking (tracking)" in out
    assert "answered: Yes" in out and "the files suggest: No (low confidence)" in out
    assert "confirmed by evidence: Tests: automated" in out
    data = json.loads(invoke("score", str(answers), "--scan", str(repo), "-f", "json").stdout)
    assert data["frameworks"][0]["level"] == 2
    assert [c["support"] for c in data["evidence"]["claims"]] == ["contradicted", "confirmed"]


def test_report_shows_each_answers_support(team: tuple[Path, Path], tmp_path: Path) -> None:
    answers, repo = team
    saved = tmp_path / "scan.json"
    scanned = invoke(
        "scan", str(repo), "-q", str(tmp_path / "q.yaml"), "-f", "json", "-o", str(saved)
    )
    assert scanned.exit_code == 0, scanned.stderr
    md = invoke("report", str(answers), "--evidence", str(saved))
    assert md.exit_code == 0, md.stderr
    assert "## Claims and evidence" in md.stdout
    assert "| Tracking | Yes | contradicted by evidence | No (low) |" in md.stdout
    assert "| Tests | automated | confirmed by evidence | automated (high) |" in md.stdout
    page = invoke("report", str(answers), "--scan", str(repo), "-f", "html").stdout
    assert "pytest &lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    assert page.index('<section class="claims">') < page.index("</body>")


def test_check_fails_naming_the_contradicted_claim(team: tuple[Path, Path]) -> None:
    answers, repo = team
    result = invoke("check", str(answers), "--scan", str(repo), "--min-level", "f=1")
    assert result.exit_code == 1
    assert "Tracking (tracking): answered 'Yes', but the files of" in result.stderr
    assert "suggest 'No' (low confidence): not found: Tracking library declared" in result.stderr
    relaxed = invoke(
        "check",
        str(answers),
        "--scan",
        str(repo),
        "--min-level",
        "f=1",
        "--contradictions",
        "warning",
    )
    assert relaxed.exit_code == 0 and "warning:" in relaxed.stderr


def test_check_annotates_github_with_the_file(
    team: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    answers, repo = team
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = invoke("check", str(answers), "--scan", str(repo), "--min-level", "f=1")
    assert result.exit_code == 1
    line = next(x for x in result.stdout.splitlines() if x.startswith("::error title="))
    assert "claim not backed by the repository" in line
    assert f"file={answers}" in line.replace("%3A", ":")
    assert "Tracking (tracking): answered 'Yes'" in line
    assert "Claims and evidence" in summary.read_text(encoding="utf-8")


def test_evidence_options_are_checked(team: tuple[Path, Path], tmp_path: Path) -> None:
    answers, repo = team
    missing = invoke("score", str(answers), "--scan", str(repo / "nope"))
    assert (
        missing.exit_code == 2 and "expected a repository folder or a saved scan" in missing.stderr
    )
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1}', encoding="utf-8")
    result = invoke("score", str(answers), "--evidence", str(bad))
    assert result.exit_code == 2 and "not a saved scan" in result.stderr
    other = tmp_path / "other.json"
    made = invoke("scan", str(repo), "-f", "json", "-o", str(other))  # built-in mlops
    assert made.exit_code == 0, made.stderr
    result = invoke("score", str(answers), "--evidence", str(other))
    assert result.exit_code == 2 and "made with 'mlops'" in result.stderr


@pytest.mark.parametrize(
    ("policy", "code", "message"),
    [
        ("evidence: {contradictions: warning}\n", 0, "warning: "),
        ("evidence: {min_confidence: medium}\n", 0, None),
        (
            "evidence: {min_confidence: high, backed_above: 0}\n",
            1,
            "f level 1 criterion 'c1' (Tracked) is met on answers no evidence confirms (tracking)",
        ),
    ],
)
def test_the_policy_sets_what_evidence_the_check_requires(
    team: tuple[Path, Path], tmp_path: Path, policy: str, code: int, message: str | None
) -> None:
    answers, repo = team
    policy_file = tmp_path / "policy.yml"
    policy_file.write_text(
        "targets:\n  - {framework: f, min_level: 1}\n" + policy, encoding="utf-8"
    )
    result = invoke("check", str(answers), "--scan", str(repo), "-p", str(policy_file))
    assert result.exit_code == code, result.stderr
    if message is None:
        assert "contradicted" not in result.stderr and "not back" not in result.stderr
    else:
        assert message in result.stderr
    validated = invoke("validate", "-q", str(tmp_path / "q.yaml"), str(policy_file))
    assert validated.exit_code == 0, validated.stderr


def test_junit_names_the_contradicted_claim(team: tuple[Path, Path], tmp_path: Path) -> None:
    answers, repo = team
    report = tmp_path / "junit.xml"
    result = invoke(
        "check", str(answers), "--scan", str(repo), "--min-level", "f=1", "--junit", str(report)
    )
    assert result.exit_code == 1
    root = ET.parse(report).getroot()
    suite = next(s for s in root.iter("testsuite") if s.get("name") == "evidence")
    [case] = list(suite)
    assert case.get("name") == "evidence: tracking"
    failure = case.find("failure")
    assert failure is not None and "answered 'Yes'" in (failure.get("message") or "")
    assert root.get("failures") == "1" and root.get("tests") == "2"
    xsd = Path(__file__).resolve().parent.parent / "data" / "junit.xsd"
    etree.XMLSchema(etree.parse(str(xsd))).assertValid(etree.parse(str(report)))
