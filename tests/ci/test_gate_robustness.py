"""``maturity check`` in CI: bad files, impossible values, odd consoles and characters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from test_gate import DATA, TEAM_A, TEAM_B, run, work  # noqa: F401 - fixture

BROKEN = "questionnaire: ./quick.yaml\nsubject: Broken\nanswers:\n  tests: [oops\n"


def test_a_bad_file_is_reported_and_the_others_still_checked(
    work: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (work / "bad.yaml").write_text(BROKEN)
    summary = work / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    args = [
        "check",
        "a.yaml",
        "bad.yaml",
        "b.yaml",
        "--min-level",
        "gate=1",
        "--today",
        "2026-12-01",
    ]
    result = run(*args, "--junit", "j.xml", "-f", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert {o["subject"] for o in data["outcomes"]} == {"Team A", "Team B"}
    [error] = data["errors"]
    assert (
        error["source"] == "bad.yaml" and error["line"] == 5 and "invalid YAML" in error["message"]
    )
    assert "bad.yaml:5" in result.stderr
    assert "1 file(s) could not be checked: bad.yaml" in result.stderr.splitlines()[-1]
    suites = etree.parse(str(work / "j.xml")).getroot()
    assert suites.get("errors") == "1"
    names = [s.get("name") for s in suites.findall("testsuite")]
    assert names == ["a.yaml", "b.yaml", "bad.yaml"]
    assert suites.find("testsuite[@name='bad.yaml']/testcase/error") is not None
    assert any(
        line.startswith("::error title=maturity%3A cannot check this file,file=bad.yaml,line=5")
        for line in result.stderr.splitlines()
    )
    text = summary.read_text()
    assert "| bad.yaml | (whole file) |" in text and "1 file error(s)" in text
    table = run(*args)
    assert table.exit_code == 2
    assert table.stdout.count("gate >= 1") == 2


def test_missed_targets_are_named_on_the_last_line(work: Path) -> None:  # noqa: F811
    result = run("check", "a.yaml", "b.yaml", "--min-level", "gate=2", "--today", "2026-12-01")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].endswith(
        "1 error-level target(s) missed: gate >= 2 (a.yaml)"
    )


@pytest.mark.parametrize(
    ("where", "text"),
    [
        ("answers", TEAM_B.replace("2026-11-01", "2026-02-30")),
        ("answers", TEAM_B + "  people: " + "9" * 5000 + "\n"),
    ],
)
def test_impossible_values_in_answers_are_located_errors(
    work: Path,  # noqa: F811
    where: str,
    text: str,
) -> None:
    (work / "odd.yaml").write_text(text.replace("  people: 3\n", "", 1) if "9999" in text else text)
    result = run("check", "odd.yaml", "b.yaml", "--min-level", "gate=1", "-f", "json")
    assert result.exit_code == 2, result.output
    [error] = json.loads(result.stdout)["errors"]
    assert error["source"] == "odd.yaml" and error["line"] is not None
    assert "cannot read the value" in error["message"]
    assert "internal error" not in result.output


def test_impossible_waiver_date_is_a_located_error(work: Path) -> None:  # noqa: F811
    (work / "p.yml").write_text(
        "targets:\n  - framework: gate\n    min_level: 1\nwaivers:\n"
        "  - target: gate\n    reason: x\n    expires: 2027-02-30\n"
    )
    result = run("check", "b.yaml", "--policy", "p.yml")
    assert result.exit_code == 2
    assert "p.yml:7:14: cannot read the value '2027-02-30'" in result.stderr


def test_future_assessment_is_an_error_not_fresh(work: Path) -> None:  # noqa: F811
    result = run("check", "b.yaml", "--max-age", "30", "--today", "2026-10-01", "-f", "json")
    assert result.exit_code == 1
    age = json.loads(result.stdout)["outcomes"][0]
    assert age["status"] == "error-stale"
    assert age["actual"] == "assessed in the future (2026-11-01)"


def test_control_characters_never_break_junit(work: Path) -> None:  # noqa: F811
    (work / "c.yaml").write_text(TEAM_B.replace("Team B", '"Team\\x1b[31m\\x00 C"'))
    result = run("check", "c.yaml", "--min-level", "gate=1", "--junit", "j.xml")
    assert result.exit_code == 0, result.output
    root = etree.parse(str(work / "j.xml")).getroot()  # parses: no raw control characters
    [case] = root.iter("testcase")
    assert case.get("classname") == "Team[31m C/c.yaml"  # control characters removed


def test_output_to_a_pipe_is_never_truncated(work: Path) -> None:  # noqa: F811
    name = "team-" + "with-a-very-long-name-" * 8 + "c.yaml"
    (work / name).write_text(TEAM_A)
    result = run("check", "b.yaml", name, "--min-level", "gate=2", "--today", "2026-12-01")
    row = next(line for line in result.stdout.splitlines() if "fail" in line)
    # one row on one line: the whole file name, target and advice, nothing cut or wrapped
    assert name in row and "gate >= 2" in row and "meet g2, g3" in row


def test_a_cp1252_console_gets_ascii_fallbacks(work: Path) -> None:  # noqa: F811
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    (work / "c.yaml").write_text(TEAM_B.replace("Team B", "Team \u2603 \u2192 B"))
    cmd = [sys.executable, "-m", "maturity_cli", "check", "a.yaml", "c.yaml", "--max-age", "30"]
    done = subprocess.run(
        [*cmd, "--min-level", "gate=2", "--today", "2026-12-01"],
        capture_output=True,
        env=env,
        cwd=work,
        check=False,
    )
    assert done.returncode == 1, done.stderr.decode("cp1252")
    out = done.stdout.decode("cp1252")
    assert "<= 30 days old" in out
    assert "Traceback" not in done.stderr.decode("cp1252")
    as_json = subprocess.run(
        [*cmd, "-f", "json", "--today", "2026-12-01"],
        capture_output=True,
        env=env,
        cwd=work,
        check=False,
    )
    data = json.loads(as_json.stdout.decode("cp1252"))
    assert {o["subject"] for o in data["outcomes"]} == {"Team A", "Team \u2603 \u2192 B"}
    diff = subprocess.run(
        [sys.executable, "-m", "maturity_cli", "diff", "a.yaml", "b.yaml"],
        capture_output=True,
        env=env,
        cwd=work,
        check=False,
    )
    assert diff.returncode == 0 and "->" in diff.stdout.decode("cp1252")
