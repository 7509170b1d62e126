"""Every output of ``maturity check``, byte for byte, and JSON equal to the whole report.

``check`` writes its outputs as outcomes arrive (nothing holds the report), so
these snapshots pin the bytes: they were taken from the version that encoded the
finished report in one go. The inputs make the streaming hard: a team comes back
later in the stream (two files of JSON Lines), a file cannot be read, waivers
expire, a baseline is missing for some teams.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from test_gate import TEAM_A, TEAM_B, run, work  # noqa: F401 - fixture

from maturity_cli import __version__
from maturity_cli.ci.gate import check
from maturity_cli.ci.policy import parse_policy
from maturity_cli.ci.records import iter_results
from maturity_cli.scoring.result import to_json

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOTS = ROOT / "tests" / "snapshots" / "check"
EXPIRED = """\
max_age_days: 200
targets:
  - {framework: gate, min_level: 2}
  - {framework: pct, dimension: ops, min_level: 1, severity: warning}
  - {criterion: g1}
  - {framework: gate, dimension: dev, min_level: 2}
waivers:
  - {target: gate/dev, reason: "Tests migration", owner: jane@example.com, expires: 2026-11-15}
  - {target: pct/ops, subject: Team B, reason: "Not served online", owner: ops, expires: 2027-03-31}
"""


def _teams(folder: Path, count: int) -> list[Path]:
    """``count`` answers files for the built-in questionnaire; every third a low one."""
    low = (ROOT / "examples" / "small-startup.yaml").read_text(encoding="utf-8")
    high = (ROOT / "examples" / "multi-team-platform.yaml").read_text(encoding="utf-8")
    paths = []
    for i in range(count):
        lines = [
            f'subject: "Team {i:02d}"' if line.startswith("subject:") else line
            for line in (low if i % 3 == 0 else high).splitlines()
        ]
        path = folder / f"team-{i:02d}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _inputs(work: Path) -> list[str]:  # noqa: F811
    """Answers files, a bad file, and JSON Lines that bring Team A back later."""
    (work / "c.yaml").write_text(
        TEAM_B.replace("Team B", "Team C").replace("tests: auto", "tests: none")
    )
    (work / "d.yaml").write_text(TEAM_A.replace("Team A", "Team D"))  # once only
    (work / "bad.yaml").write_text("questionnaire: ./quick.yaml\nanswers: [\n")
    (work / "old.yaml").write_text(TEAM_B.replace("tests: auto", "tests: manual"))
    (work / "expired.yml").write_text(EXPIRED)
    (work / ".git").mkdir()
    for name, files in (("x.jsonl", ["c.yaml", "b.yaml"]), ("y.jsonl", ["a.yaml", "c.yaml"])):
        scored = run("score", *files, "-f", "jsonl")
        assert scored.exit_code == 0, scored.output
        (work / name).write_text(scored.stdout)
    return [
        "a.yaml",
        "b.yaml",
        "x.jsonl",
        "bad.yaml",
        "y.jsonl",
        "d.yaml",
        "--policy",
        "expired.yml",
        "--baseline",
        "old.yaml",
        "--today",
        "2026-12-01",
    ]


def _matches(name: str, text: str) -> None:
    text = text.replace(f'"version": "{__version__}"', '"version": "VERSION"')
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"missing snapshot {path}; run with UPDATE_SNAPSHOTS=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; UPDATE_SNAPSHOTS=1 to accept"


def test_every_output_keeps_its_bytes(
    work: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = _inputs(work)
    summary = work / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(work))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    table = run("check", *args, "--junit", "out/junit.xml", "--sarif", "out/check.sarif")
    assert table.exit_code == 2, table.output
    _matches("table-and-annotations.txt", table.stdout)
    _matches("stderr.txt", table.stderr)
    _matches("junit.xml", (work / "out" / "junit.xml").read_text(encoding="utf-8"))
    _matches("check.sarif", (work / "out" / "check.sarif").read_text(encoding="utf-8"))
    _matches("summary.md", summary.read_text(encoding="utf-8"))
    as_json = run("check", *args, "-f", "json")
    assert as_json.exit_code == 2
    _matches("check.json", as_json.stdout)
    _matches("stderr-json.txt", as_json.stderr)  # the annotations go to stderr here


def test_streamed_json_is_the_whole_report_encoded(tmp_path: Path) -> None:
    """Over a few dozen files: the JSON written as outcomes come equals ``to_json`` of the report."""
    teams = tmp_path / "teams"
    teams.mkdir()
    paths = _teams(teams, 36)
    (teams / "broken.yaml").write_text("subject: [unclosed\n", encoding="utf-8")
    policy_file = tmp_path / "policy.yml"
    policy_file.write_text(
        "targets:\n  - {framework: microsoft, min_level: 3}\n"
        "  - {framework: google, min_level: 2, severity: warning}\n"
        "waivers:\n  - {target: google, subject: Team 04, reason: later, owner: me}\n",
        encoding="utf-8",
    )
    result = run("check", str(teams), "-p", str(policy_file), "--today", "2026-12-01", "-f", "json")
    assert result.exit_code == 2, result.output
    streamed = json.loads(result.stdout)
    results = [r for p in paths for r in iter_results(p)]
    policy = parse_policy(policy_file.read_text(encoding="utf-8"), str(policy_file))
    whole = check(results, policy, dt.date(2026, 12, 1))
    expected = json.loads(to_json(whole))
    assert [e["source"] for e in streamed["errors"]] == [str(teams / "broken.yaml")]
    streamed["errors"] = []
    assert streamed == expected
    assert len(streamed["outcomes"]) == 72
    # the text itself: the same bytes once the unreadable file is left out of both
    clean = run(
        "check", *map(str, paths), "-p", str(policy_file), "--today", "2026-12-01", "-f", "json"
    )
    assert clean.stdout == to_json(whole)
