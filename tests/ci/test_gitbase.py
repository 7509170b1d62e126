"""``maturity check --baseline-ref REF``: each file's baseline from git."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from test_gate import TEAM_B, run, work  # noqa: F401 - fixture


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(work: Path) -> Path:  # noqa: F811
    git(work, "init", "-q", "-b", "main")
    (work / "teams").mkdir()
    (work / "teams" / "b.yaml").write_text(TEAM_B.replace("./quick.yaml", "../quick.yaml"))
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "base")
    return work


def test_baseline_of_each_file_comes_from_the_ref(repo: Path) -> None:
    b = repo / "teams" / "b.yaml"
    b.write_text(b.read_text().replace("tests: auto", "tests: manual"))
    new = repo / "teams" / "new.yaml"
    new.write_text(b.read_text().replace("Team B", "Team N"))
    result = run("check", "teams/", "--baseline-ref", "main", "--min-level", "gate=0", "-f", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    lost = [o for o in data["outcomes"] if o["kind"] == "regression" and o["status"] == "fail"]
    assert {o["subject"] for o in lost} == {"Team B"}
    assert any("since main:teams/b.yaml" in o["advice"] for o in lost)
    assert any("no baseline for 'Team N'" in w for w in data["warnings"])


def test_a_missing_ref_in_a_shallow_clone_says_so(
    repo: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "teams" / "b.yaml").write_text((repo / "teams" / "b.yaml").read_text() + "\n")
    git(repo, "commit", "-q", "-am", "change")
    clone = tmp_path_factory.mktemp("clone") / "c"
    git(
        repo.parent,
        "clone",
        "-q",
        "--depth",
        "1",
        "--branch",
        "feature",
        f"file://{repo}",
        str(clone),
    )
    (clone / "quick.yaml").write_text((repo / "quick.yaml").read_text())
    monkeypatch.chdir(clone)
    result = run("check", "teams/b.yaml", "--baseline-ref", "origin/main", "--min-level", "gate=0")
    assert result.exit_code == 2
    assert "--baseline-ref 'origin/main': no such commit or branch here" in result.stderr
    assert "shallow" in result.stderr and "fetch-depth: 0" in result.stderr
    both = run("check", "teams/b.yaml", "--baseline-ref", "HEAD", "--baseline", "x.yaml")
    assert both.exit_code == 2
