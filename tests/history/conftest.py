"""A tiny questionnaire and a git repository helper for the history tests."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

import pytest

from maturity_cli.cli import console

QUESTIONNAIRE = """\
id: tiny
version: "2.0"
title: Tiny
dimensions:
  - {id: dev, title: Development}
  - {id: ops, title: Operations}
questions:
  - {id: tracking, text: Do you track experiments?, type: yes_no, dimension: dev}
  - id: tests
    text: How are tests run?
    type: scale
    dimension: dev
    choices:
      - {value: none, label: Not at all}
      - {value: manual, label: By hand}
      - {value: auto, label: Automatically}
  - {id: monitoring, text: Do you monitor models?, type: yes_no, dimension: ops}
frameworks:
  - id: gate
    title: Gate
    style: gated
    levels:
      - {level: 0, name: Manual}
      - level: 1
        name: Tracked
        criteria:
          - {id: g1, text: Experiments tracked, rule: tracking, dimension: dev}
      - level: 2
        name: Tested
        criteria:
          - {id: g2, text: Tests automated, rule: 'tests >= "auto"', dimension: dev}
          - {id: g3, text: Monitored, rule: monitoring, dimension: ops}
"""


def answers(subject: str, tracking: str, tests: str, monitoring: str, version: str = "2.0") -> str:
    """An answers file for the tiny questionnaire (next to it in the repository root)."""
    return textwrap.dedent(
        f"""\
        questionnaire: ../tiny.yaml
        questionnaire_version: "{version}"
        subject: {subject}
        answers:
          tracking: {tracking}
          tests: {tests}
          monitoring: {monitoring}
        """
    )


class Repo:
    """A git repository in a temp folder, with commits at chosen dates."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.git("init", "-q", "-b", "main")
        (root / "tiny.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")

    def git(self, *args: str, date: str = "2026-01-01T12:00:00+00:00") -> str:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "Tester",
            "GIT_AUTHOR_EMAIL": "tester@example.com",
            "GIT_COMMITTER_NAME": "Tester",
            "GIT_COMMITTER_EMAIL": "tester@example.com",
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        done = subprocess.run(
            ["git", "-C", str(self.root), *args],
            env=env,
            capture_output=True,
            check=True,
            text=True,
        )
        return done.stdout.strip()

    def commit(self, files: dict[str, str], date: str, message: str = "update") -> str:
        for name, text in files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, date=date)
        return self.git("rev-parse", "HEAD")

    def move(self, old: str, new: str, date: str) -> str:
        self.git("mv", old, new)
        self.git("commit", "-q", "-m", f"move {old}", date=date)
        return self.git("rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    console.out.cache_clear()
    console.err.cache_clear()
    return Repo(tmp_path)
