"""Build small questionnaires with an evidence section for the evidence tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

from maturity_cli.questionnaire.loader import Questionnaire, parse_questionnaire

BASE = """\
id: tiny
version: "1"
title: Tiny
dimensions: [{id: d, title: D}]
questions:
  - {id: tracking, title: Tracking, text: Are experiments tracked?, type: yes_no, dimension: d}
  - {id: tests, title: Tests, text: Are there tests?, type: scale, dimension: d,
     choices: [none, manual, automated]}
  - {id: people, text: How many people?, type: number, context: true, min: 0}
frameworks:
  - id: f
    title: F
    style: gated
    levels:
      - {level: 0, name: Zero}
      - level: 1
        name: One
        criteria: [{id: c1, text: Tracked, rule: tracking}]
      - level: 2
        name: Two
        criteria: [{id: c2, text: Tested, rule: 'tests == "automated"'}]
"""


def questionnaire_text(evidence: str) -> str:
    """The base questionnaire with ``evidence`` (YAML under ``evidence:``) appended."""
    return BASE + "evidence:\n" + textwrap.indent(textwrap.dedent(evidence).strip("\n"), "  ")


def questionnaire(evidence: str) -> Questionnaire:
    """The base questionnaire with an evidence section, parsed and checked."""
    return parse_questionnaire(questionnaire_text(evidence), "q.yaml")


def write_tree(root: Path, tree: dict[str, str | bytes]) -> Path:
    """Write ``{relative path: text or bytes}`` under ``root`` (text is dedented)."""
    for name, content in tree.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root
