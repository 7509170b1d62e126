"""Every snippet in docs/ci.md runs: commands, workflows, the action, hooks, policies.

Installs (``pip install ...``) are not run (no network in tests; the install line
is checked to pin a git tag), nor is ``gh pr comment`` (it needs GitHub; it is
checked to post a file an earlier step wrote). Everything else runs for real in a
workspace laid out with the file names the docs use, with ``maturity`` on PATH.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_action import Runner
from typer.testing import CliRunner

from maturity_cli.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", DOC, re.S)
GITHUB = {
    "${{ github.base_ref }}": "main",
    "${{ github.token }}": "token",
    "${{ github.event.pull_request.number }}": "7",
}


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    team = (ROOT / "examples" / "model-cicd.yaml").read_text()
    for name in (
        "answers.yaml",
        "main-answers.yaml",
        "answers/team-a.yaml",
        "teams/fraud/answers.yaml",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(team)
    policy = (ROOT / "docs" / "example-policy.yml").read_text()
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "policy.yml").write_text(policy)
    (tmp_path / ".maturity.yml").write_text(policy)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=tmp_path, check=True)
    subprocess.run(
        [*git, "update-ref", "refs/remotes/origin/main", "HEAD"], cwd=tmp_path, check=True
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_console_commands_run(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [
        line.removeprefix("$ ").split("  #")[0].strip()
        for lang, body in BLOCKS
        if lang == "console"
        for line in body.splitlines()
    ]
    assert len(lines) >= 5
    for line in lines:
        args = shlex.split(line)
        assert args[0] == "maturity", line
        monkeypatch.chdir(ROOT if "examples/" in line else workspace)
        result = CliRunner().invoke(app, args[1:])
        assert result.exit_code in (0, 1), f"{line}: {result.output}"


def _workflow_steps(doc: Any) -> list[dict[str, Any]]:
    if isinstance(doc, dict) and "jobs" in doc:
        return [s for job in doc["jobs"].values() for s in job["steps"]]
    if isinstance(doc, dict) and "steps" in doc:
        return list(doc["steps"])
    return []


def _yaml_blocks() -> list[Any]:
    docs = []
    for lang, body in BLOCKS:
        if lang == "yaml":
            text = (
                body
                if not body.startswith("    ")
                else "\n".join(line[4:] for line in body.splitlines())
            )
            docs.append(yaml.safe_load(text))
    return docs


def _sub(text: str) -> str:
    for expr, value in GITHUB.items():
        text = text.replace(expr, value)
    return text


def _run_shell(step: dict[str, Any], workspace: Path, temp: Path) -> None:
    script = step["run"]
    if "pip install" in script:
        assert re.search(r"git\+https://[^ \"]+@v\d+\.\d+\.\d+", script), script
        return
    if script.startswith("gh pr comment"):
        assert '--body-file "$RUNNER_TEMP/diff.md"' in script
        assert (temp / "diff.md").read_text().startswith("### Maturity changes")
        return
    env = {**os.environ, **{k: _sub(str(v)) for k, v in step.get("env", {}).items()}}
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}",
        RUNNER_TEMP=str(temp),
        GITHUB_STEP_SUMMARY=str(temp / "summary.md"),
    )
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", _sub(script)],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), f"{script}\n{done.stdout}{done.stderr}"


def test_workflow_snippets_run(workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    temp = tmp_path_factory.mktemp("runner")
    steps = [s for doc in _yaml_blocks() for s in _workflow_steps(doc)]
    action_steps = [s for s in steps if str(s.get("uses", "")).startswith("OWNER/maturity-cli@")]
    run_steps = [s for s in steps if "run" in s]
    assert action_steps and len(run_steps) >= 5
    for step in run_steps:
        _run_shell(step, workspace, temp)
    assert "Maturity changes" in (temp / "summary.md").read_text()
    checkout = [s for s in steps if s.get("uses") == "actions/checkout@v4" and s.get("with")]
    assert all(s["with"]["fetch-depth"] == 0 for s in checkout)
    runner = Runner(workspace, temp)
    for step in action_steps:
        inputs = {k: _sub(str(v)) for k, v in step["with"].items()}
        status, out, log = runner.run(inputs)
        assert status in (0, 1), log
        assert out["verdict"] in ("pass", "fail") and out["sarif-file"] == inputs["sarif"]
        assert (workspace / inputs["sarif"]).is_file()


def test_gitlab_script_runs(workspace: Path) -> None:
    [job] = [d["maturity"] for d in _yaml_blocks() if isinstance(d, dict) and "maturity" in d]
    for line in job["script"]:
        if "pip install" in line:
            continue
        result = CliRunner().invoke(app, shlex.split(line)[1:])
        assert result.exit_code in (0, 1), result.output
    assert (workspace / job["artifacts"]["reports"]["junit"]).is_file()


def test_pre_commit_snippet_names_real_hooks() -> None:
    hooks = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    [config] = [d for d in _yaml_blocks() if isinstance(d, dict) and "repos" in d]
    used = {h["id"] for repo in config["repos"] for h in repo["hooks"]}
    assert used and used <= hooks


def test_policy_snippets_validate(workspace: Path) -> None:
    policies = [
        d for d in _yaml_blocks() if isinstance(d, dict) and ("targets" in d or "extends" in d)
    ]
    assert len(policies) >= 3
    (workspace / "org").mkdir()
    paths = []
    for i, policy in enumerate(policies):
        base = "require_owner" in policy  # the central policy the team's file extends
        path = workspace / ("org/maturity-base.yml" if base else f"policy-{i}.yml")
        path.write_text(yaml.safe_dump(policy))
        paths.append(path)
    for path in paths:
        result = CliRunner().invoke(app, ["validate", str(path)])
        assert result.exit_code == 0, f"{path.name}: {result.output}"
