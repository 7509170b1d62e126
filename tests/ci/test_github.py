"""GitHub annotations: located, repository-relative, grouped per file and target kind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_gate import GH_COMMAND, TEAM_A, run, work  # noqa: F401 - fixture

MANY = """\
targets:
  - framework: gate
    dimension: dev
    min_level: 2
  - framework: gate
    dimension: ops
    min_level: 2
  - framework: pct
    dimension: dev
    min_level: 2
  - criterion: g2
  - criterion: g3
"""


def test_one_annotation_per_file_and_target_kind(
    work: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sub = work / "teams"
    sub.mkdir()
    (sub / "a.yaml").write_text(TEAM_A.replace("./quick.yaml", "../quick.yaml"))
    (work / "many.yml").write_text(MANY)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(work))
    monkeypatch.chdir(sub)
    result = run("check", "a.yaml", "--policy", "../many.yml", "--today", "2026-12-01")
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    for line in errors:
        assert GH_COMMAND.match(line), line
    # three dimension misses and two criterion misses: two annotations, each listing all
    assert len(errors) == 2, errors
    dims = next(line for line in errors if "dimension targets missed" in line)
    for label in ("gate/dev >= 2", "gate/ops >= 2", "pct/dev >= 2"):
        assert label in dims
    match = re.search(r"file=([^,]+),line=(\d+),col=(\d+)::", dims)
    assert match is not None and match.group(1) == "teams/a.yaml"
    line = int(match.group(2))
    answered = (sub / "a.yaml").read_text().splitlines()[line - 1].strip()
    assert answered.split(":")[0] in {"tracking", "tests"}
    crit = next(line for line in errors if "criterion targets missed" in line)
    assert "criterion g2" in crit and "criterion g3" in crit


def test_one_annotation_per_unreadable_file(
    work: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (work / "bad.yaml").write_text(
        "questionnaire: ./quick.yaml\nsubject: X\nanswers:\n  tests: 5\n  tracking: 7\n"
    )
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run("check", "a.yaml", "bad.yaml", "--min-level", "gate=1")
    assert result.exit_code == 2
    [bad] = [line for line in result.stdout.splitlines() if "file=bad.yaml" in line]
    assert bad.startswith("::error title=maturity%3A cannot check this file,file=bad.yaml,line=4")
    assert "'tests'" in bad and "'tracking'" in bad
