"""Every mistake in a questionnaire is reported in one run, located, without follow-on noise."""

from __future__ import annotations

import re
import textwrap

import pytest
from typer.testing import CliRunner

from maturity_cli.cli import app
from maturity_cli.errors import InvalidFile
from maturity_cli.questionnaire.loader import parse_questionnaire
from tests.conftest import FileTree

TEN_MISTAKES = """\
id: demo
version: "1.0"
title: Demo
dimensions:
  - {id: dev, title: Development}
  - {id: ops, title: Operations}
questions:
  - id: tracking
    text: Do you track experiments?
    type: yes_no
    dimensoin: dev
  - id: tracking
    text: Asked twice
    type: scale
    dimension: dev
    choices: [a, b]
  - id: serving
    text: How do you serve?
    type: single_choice
    context: true
    choices: [batch, online, no]
  - id: release
    text: How are models released?
    type: scale
    dimension: ops
    choices:
      - {value: manual, label: Ad hoc, by hand}
      - {value: auto, label: Automated}
  - id: broken
    text: Broken
    type: yes_or_no
    dimension: ops
frameworks:
  - id: fw
    title: Framework
    style: gated
    levels:
      - {level: 0, name: Start}
      - level: 1
        name: Tracked
        criteria:
          - {id: c1, text: Tracked, rule: trackin, dimension: dev}
          - {id: c2, text: Broken, rule: broken, dimension: ops}
      - level: 2
        name: Served
        criteria:
          - {id: c3, text: Online, rule: 'serving == "onlin"', dimension: devv}
recommendations:
  - id: r1
    title: Track
    why: Because.
    when: not tracking
    prerequisites: [r2]
    impactt: high
"""


def test_ten_different_mistakes_are_reported_in_one_validate_run(files: FileTree) -> None:
    folder = files({"q.yaml": TEN_MISTAKES})
    result = CliRunner().invoke(app, ["validate", str(folder / "q.yaml")])
    assert result.exit_code == 2
    out = result.output
    expected = [
        (11, "unknown key 'dimensoin'", "did you mean 'dimension'?"),
        (12, "duplicate question id 'tracking' (first defined on line 8)", None),
        (21, "expected text, got true/false", 'put the value in quotes, e.g. "no"'),
        (27, "an unquoted comma inside { }", 'label: "Ad hoc, by hand"'),
        (31, "invalid value 'yes_or_no'", "expected one of: yes_no"),
        (42, "unknown question 'trackin'", "did you mean 'tracking'?"),
        (47, '"onlin" is not a choice', "did you mean 'online'?"),
        (47, "unknown dimension of this framework 'devv'", "did you mean 'dev'?"),
        (53, "unknown recommendation 'r2'", None),
        (54, "unknown key 'impactt'", "did you mean 'impact'?"),
    ]
    for line, message, hint in expected:
        assert re.search(rf"q\.yaml:{line}:\d+: .*{re.escape(message)}", out), (message, out)
        if hint:
            assert hint in out
    # Exactly these ten: nothing follows on from the duplicate, the dropped question
    # (rule 'broken' in c2) or the misspelt 'dimension' key.
    assert out.count("error: ") == 11  # ten problems and the summary line
    assert "has no dimension" not in out
    assert "'broken'" not in out


def load_error(text: str) -> str:
    with pytest.raises(InvalidFile) as caught:
        parse_questionnaire(textwrap.dedent(text), "q.yaml")
    return str(caught.value)


def test_a_duplicate_names_both_places_and_the_repeat_is_not_checked_again() -> None:
    text = TEN_MISTAKES.replace("dimensoin", "dimension").replace("type: yes_or_no", "type: yes_no")
    text = text.replace(", no]", "]").replace("Ad hoc, by hand", "By hand")
    text = text.replace("trackin,", "tracking,").replace('"onlin"', '"online"')
    text = text.replace("devv", "dev").replace("[r2]", "[]").replace("impactt", "impact")
    message = load_error(text)
    assert message.count("\n") == 1, message  # one problem: the message and its hint
    assert "q.yaml:12:9: duplicate question id 'tracking' (first defined on line 8)" in message


def test_unknown_key_without_a_close_match_lists_the_allowed_keys() -> None:
    text = TEN_MISTAKES.replace("impactt: high", "zzz: 1")
    assert "allowed keys: id, title, why," in load_error(text)
