"""The composite action (action.yml), run step by step in a simulated GitHub runner.

GitHub runs each ``run:`` step with ``bash --noprofile --norc -eo pipefail``, after
substituting ``${{ inputs.* }}`` and ``${{ steps.*.outputs.* }}``, with a fresh
``$GITHUB_OUTPUT`` file per step and ``$GITHUB_ENV`` lines exported to later steps.
``uses:`` steps (actions/setup-python, actions/cache) are GitHub's own: the
simulation records them and runs the shell in between. The first run installs
maturity-cli into the isolated venv for real; later runs find it as a cache hit.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_gate import DATA, TEAM_A, TEAM_B

ROOT = Path(__file__).resolve().parents[2]
_EXPR = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


class Runner:
    """Just enough of a GitHub runner to execute a composite action's steps."""

    def __init__(self, workspace: Path, temp: Path) -> None:
        self.workspace, self.temp = workspace, temp
        self.summary = temp / "summary.md"
        self.env_file = temp / "env"
        self.used: list[str] = []

    def run(self, inputs: dict[str, str]) -> tuple[int, dict[str, str], str]:
        action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
        values = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
        values.update(inputs)
        for name, spec in action["inputs"].items():
            if spec.get("required"):
                assert values.get(name), f"required input {name}"
        outputs: dict[str, dict[str, str]] = {}
        env = self._base_env()
        log = ""
        for step in action["runs"]["steps"]:
            ctx = {"inputs": values, "steps": outputs}
            if "if" in step and not self._condition(step["if"], ctx):
                continue
            if "uses" in step:
                self.used.append(step["uses"].split("@")[0])
                continue
            status, out, text = self._shell(step, ctx, env)
            log += text
            outputs[step.get("id", "")] = {"outputs": out}  # type: ignore[dict-item]
            if status != 0:
                break
        final = {
            name: self._expand(spec["value"], {"inputs": values, "steps": outputs})
            for name, spec in action["outputs"].items()
        }
        return status, final, log

    def _base_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "VIRTUAL_ENV"))}
        self.env_file.touch()
        env.update(
            GITHUB_ACTIONS="true",
            GITHUB_ACTION_PATH=str(ROOT),
            GITHUB_WORKSPACE=str(self.workspace),
            GITHUB_STEP_SUMMARY=str(self.summary),
            GITHUB_ENV=str(self.env_file),
            RUNNER_TEMP=str(self.temp),
            RUNNER_OS="Linux",
            PYTHONIOENCODING="utf-8",
        )
        return env

    def _lookup(self, expr: str, ctx: dict[str, Any]) -> str:
        node: Any = ctx
        for part in expr.split("."):
            node = node.get(part, "") if isinstance(node, dict) else ""
        return str(node)

    def _expand(self, text: str, ctx: dict[str, Any]) -> str:
        return _EXPR.sub(lambda m: self._lookup(m.group(1), ctx), str(text))

    def _condition(self, expr: str, ctx: dict[str, Any]) -> bool:
        match = re.fullmatch(r"([\w.-]+) != ''", expr.strip())
        assert match, f"the simulation understands only X != '' conditions, not {expr!r}"
        return self._lookup(match.group(1), ctx) != ""

    def _shell(
        self, step: dict[str, Any], ctx: dict[str, Any], env: dict[str, str]
    ) -> tuple[int, dict[str, str], str]:
        assert step["shell"] == "bash"
        output = self.temp / "output"
        output.write_text("")
        step_env = {**env, "GITHUB_OUTPUT": str(output)}
        for line in self.env_file.read_text().splitlines():
            key, _, value = line.partition("=")
            step_env[key] = value
        step_env.update({k: self._expand(v, ctx) for k, v in step.get("env", {}).items()})
        script = self.temp / "step.sh"
        script.write_text(self._expand(step["run"], ctx))
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace,
            env=step_env,
            capture_output=True,
            text=True,
            check=False,
        )
        pairs = [line.partition("=") for line in output.read_text().splitlines() if "=" in line]
        return done.returncode, {k: v for k, _, v in pairs}, done.stdout + done.stderr


@pytest.fixture(scope="module")
def runner_temp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("runner-temp")  # shared: later runs hit the "cache"


@pytest.fixture
def gh(tmp_path: Path, runner_temp: Path) -> Runner:
    (tmp_path / "quick.yaml").write_text((DATA / "ci_quick.yaml").read_text())
    (tmp_path / "answers").mkdir()
    (tmp_path / "answers" / "team a.yaml").write_text(TEAM_A.replace("./", "../"))
    (tmp_path / "answers" / "team-b.yaml").write_text(TEAM_B.replace("./", "../"))
    (tmp_path / "policy.yml").write_text("targets:\n  - framework: gate\n    min_level: 2\n")
    for name in ("summary.md", "env", "maturity-check.json"):
        (runner_temp / name).unlink(missing_ok=True)
    return Runner(tmp_path, runner_temp)


def test_flags_only_run_with_spaces_and_globs(gh: Runner) -> None:
    (gh.workspace / ".maturity.yml").write_text("targets:\n  - framework: gate\n    min_level: 2\n")
    status, out, log = gh.run(
        {
            "paths": "answers/team a.yaml\n  answers/team-*.yaml  \n",
            "min-level": "gate=1",
            "no-policy": "true",
        }
    )
    assert status == 0, log
    assert out["verdict"] == "pass" and out["errors"] == "0", log
    assert out["junit-file"] == "" and out["sarif-file"] == ""
    assert (gh.temp / "maturity-cli-venv").is_dir()
    assert "actions/cache" in gh.used and "actions/setup-python" not in gh.used
    report = json.loads((gh.temp / "maturity-check.json").read_text())
    assert {o["subject"] for o in report["outcomes"]} == {"Team A", "Team B"}
    assert "## Maturity check" in gh.summary.read_text()


def test_policy_run_fails_with_outputs_and_junit(gh: Runner) -> None:
    status, out, log = gh.run(
        {
            "paths": "answers/",
            "policy": "policy.yml",
            "junit": "reports/maturity.xml",
            "python-version": "3.12",
        }
    )
    assert status == 1, log
    assert out["verdict"] == "fail" and out["errors"] == "1"
    assert out["junit-file"] == "reports/maturity.xml"
    assert (gh.workspace / "reports" / "maturity.xml").is_file()
    assert "actions/setup-python" in gh.used
    assert "maturity-cli restored from the cache" in log
    assert "MISSED: answers/team a.yaml: gate >= 2" in log
    assert "::error title=maturity%3A gate >= 2,file=answers/team a.yaml,line=" in log


def test_baseline_ref_and_sarif_run(gh: Runner) -> None:
    w = gh.workspace
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=w, check=True)
    subprocess.run([*git, "add", "-A"], cwd=w, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=w, check=True)
    b = w / "answers" / "team-b.yaml"
    b.write_text(b.read_text().replace("tests: auto", "tests: manual"))
    status, out, log = gh.run(
        {
            "paths": "answers/team-b.yaml",
            "baseline-ref": "main",
            "min-level": "gate=0",
            "sarif": "maturity.sarif",
        }
    )
    assert status == 1, log
    assert out["verdict"] == "fail" and out["sarif-file"] == "maturity.sarif"
    sarif = json.loads((w / "maturity.sarif").read_text())
    rules = {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert "maturity/regression" in rules
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == "answers/team-b.yaml"


def test_invalid_input_gives_verdict_error(gh: Runner) -> None:
    (gh.workspace / "answers" / "broken.yaml").write_text(
        "questionnaire: ../quick.yaml\nanswers: [\n"
    )
    status, out, log = gh.run({"paths": "answers/", "min-level": "gate=1"})
    assert status == 2, log
    assert out["verdict"] == "error" and out["errors"] == "1"


def test_a_bad_policy_is_an_error_with_a_count(gh: Runner) -> None:
    (gh.workspace / "policy.yml").write_text("targets:\n  - framework: nope\n    min_level: 1\n")
    status, out, log = gh.run({"paths": "answers/", "policy": "policy.yml"})
    assert status == 2, log
    assert out["verdict"] == "error" and out["errors"] == "1"
    assert "unknown framework 'nope'" in log
