"""The pre-commit hooks pick up the file names the docs use, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
HOOKS = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
DOCUMENTED = {
    # file name as the docs write it: (validated, checked)
    "answers.yaml": (True, True),
    "answers/team-a.yaml": (True, True),
    "assessments/2026/team-b.yml": (True, True),
    ".maturity.yml": (True, False),
    "ci/policy.yml": (True, False),
    "questionnaires/ours.yaml": (True, False),
    "examples/model-cicd.yaml": (True, False),
}


def _matches(hook: str, name: str) -> bool:
    return re.search(HOOKS[hook]["files"], name) is not None


def test_hooks_cover_the_documented_names() -> None:
    docs = (ROOT / "docs" / "ci.md").read_text() + (ROOT / "README.md").read_text()
    for name, (validated, checked) in DOCUMENTED.items():
        base = name.split("/")[0] if "/" in name else name
        assert base in docs, f"{base} is not used in the docs any more"
        assert _matches("maturity-validate", name) is validated, name
        assert _matches("maturity-check", name) is checked, name
        assert _matches("maturity-check", "sub/project/" + name) is checked, name


def test_hooks_leave_other_yaml_alone() -> None:
    for name in (".github/workflows/ci.yml", "config.yaml", "src/answers_helper.yaml"):
        assert not _matches("maturity-validate", name), name
        assert not _matches("maturity-check", name), name
