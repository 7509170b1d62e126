"""Advice never contradicts itself: ladders, do over hold off, next-level gaps over hold off."""

from __future__ import annotations

import json
import textwrap

from typer.testing import CliRunner

from maturity_cli.answers.loader import parse_answers
from maturity_cli.cli import app
from maturity_cli.questionnaire.loader import parse_questionnaire
from maturity_cli.scoring.engine import score
from maturity_cli.scoring.result import Result

QUESTIONNAIRE = """
id: adv
version: "1"
title: Advice
dimensions:
  - {id: data, title: Data}
questions:
  - {id: pipeline, text: Data pipeline?, type: yes_no, dimension: data}
  - {id: shared_code, text: Shared feature code?, type: yes_no, dimension: data}
  - {id: store, text: Feature store?, type: yes_no, dimension: data}
  - {id: people, text: People?, type: number, context: true}
frameworks:
  - id: fw
    title: Framework
    style: gated
    levels:
      - {level: 0, name: Start}
      - level: 1
        name: Piped
        criteria:
          - {id: c-pipe, text: Data arrives through a pipeline., rule: pipeline, dimension: data}
          - {id: c-store, text: Features come from a store., rule: store, dimension: data}
  - id: later
    title: Later
    style: gated
    levels:
      - {level: 0, name: Not yet}
      - level: 1
        name: Follows
        criteria:
          - {id: c-follow, text: The framework is at level 1., rule: 'level("fw") >= 1'}
recommendations:
  - {id: do-pipeline, title: Build a data pipeline, why: W., when: not pipeline and people >= 3,
     addresses: [c-pipe], topic: pipeline}
  - {id: do-shared-code, title: Share feature code, why: W., when: not shared_code,
     topic: features}
  - {id: do-store, title: Adopt a feature store, why: W., when: not store, topic: features,
     prerequisites: [do-shared-code], addresses: [c-store]}
  - {id: hold-store, title: Hold off on a feature store, why: W., kind: hold_off,
     when: people < 5, topic: features}
  - {id: hold-pipeline, title: Hold off on pipelines, why: W., kind: hold_off,
     when: people < 3, topic: pipeline}
"""


def run(answers: str) -> Result:
    q = parse_questionnaire(textwrap.dedent(QUESTIONNAIRE), "q.yaml")
    body = "questionnaire: q.yaml\nsubject: T\nanswers:\n" + textwrap.indent(
        textwrap.dedent(answers), "  "
    )
    return score(parse_answers(body, "a.yaml", q))


def given(result: Result) -> list[str]:
    return [r.id for r in result.recommendations]


def aside(result: Result) -> dict[str, str]:
    return {s.id: s.reason for s in result.set_aside}


def test_a_ladder_gives_only_the_next_rung() -> None:
    result = run("pipeline: yes\nshared_code: no\nstore: no\npeople: 20\n")
    assert "do-shared-code" in given(result) and "do-store" not in given(result)
    assert aside(result)["do-store"].endswith("comes first: Share feature code")
    climbed = run("pipeline: yes\nshared_code: yes\nstore: no\npeople: 20\n")
    assert "do-store" in given(climbed) and "do-store" not in aside(climbed)


def test_do_wins_over_hold_off_of_the_same_topic() -> None:
    result = run("pipeline: yes\nshared_code: yes\nstore: no\npeople: 2\n")
    assert "do-store" in given(result)
    assert "hold-store" not in given(result)
    assert "Adopt a feature store" in aside(result)["hold-store"]


def test_next_level_gap_wins_over_hold_off_and_the_result_says_why() -> None:
    # Two people: holding off on pipelines would be the advice, but level 1 needs one.
    result = run("pipeline: no\nshared_code: yes\nstore: yes\npeople: 2\n")
    assert "hold-pipeline" not in given(result)
    reason = aside(result)["hold-pipeline"]
    assert "data arrives through a pipeline (level 1)" in reason
    # Once the gap is closed there is nothing to hold off on, and no contradiction.
    done = run("pipeline: yes\nshared_code: yes\nstore: yes\npeople: 2\n")
    assert "hold-pipeline" in given(done) and not aside(done)


def test_next_level_sentence_names_what_stands_in_the_way_and_where_to_start() -> None:
    result = run("pipeline: no\nshared_code: yes\nstore: no\npeople: 20\n")
    nxt = result.framework("fw").next_level
    assert nxt is not None
    assert nxt.summary == (
        "2 things stand between you and level 1 (Piped): data arrives through a pipeline; "
        "features come from a store. Start with: Build a data pipeline."
    )
    assert nxt.unlocked_by == "do-pipeline" and nxt.reachable
    tags = {r.id: [(u.framework, u.level) for u in r.unlocks] for r in result.recommendations}
    assert tags["do-pipeline"] == [("fw", 1)] and tags["do-store"] == [("fw", 1)]


def test_a_level_waiting_on_another_result_is_not_reachable() -> None:
    result = run("pipeline: no\nshared_code: yes\nstore: yes\npeople: 20\n")
    later = result.framework("later").next_level
    assert later is not None and not later.reachable
    assert later.summary.startswith("1 thing stands between you and level 1 (Follows)")


def test_every_output_states_the_next_level_sentence(files) -> None:  # type: ignore[no-untyped-def]
    folder = files(
        {
            "q.yaml": QUESTIONNAIRE,
            "a.yaml": "questionnaire: q.yaml\nsubject: T\nanswers:\n"
            "  pipeline: no\n  shared_code: yes\n  store: no\n  people: 20\n",
        }
    )
    runner = CliRunner()
    sentence = "2 things stand between you and level 1 (Piped)"
    table = runner.invoke(app, ["score", str(folder / "a.yaml")])
    assert sentence in table.stdout and "Start with: Build a data pipeline" in table.stdout
    data = json.loads(runner.invoke(app, ["score", str(folder / "a.yaml"), "-f", "json"]).stdout)
    assert data["frameworks"][0]["next_level"]["summary"].startswith(sentence)
    for fmt in ("md", "html"):
        report = runner.invoke(app, ["report", str(folder / "a.yaml"), "-f", fmt]).stdout
        assert sentence in report and "Start with: Build a data pipeline" in report, fmt
    summary = runner.invoke(app, ["report", str(folder / "a.yaml"), "--summary"]).stdout
    assert sentence in summary
