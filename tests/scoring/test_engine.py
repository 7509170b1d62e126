"""Scoring: gated and banded levels, answer statuses, and recommendation order."""

from __future__ import annotations

import json
import textwrap

import pytest

from maturity_cli.answers.loader import parse_answers
from maturity_cli.questionnaire.definitions import MEMO_LIMIT
from maturity_cli.questionnaire.loader import parse_questionnaire
from maturity_cli.scoring.engine import score
from maturity_cli.scoring.result import Result, result_from_json, to_builtins, to_json

GATED = """
id: g
version: "1"
title: G
dimensions:
  - {id: a, title: A}
  - {id: b, title: B}
  - {id: c, title: C}
questions:
  - {id: q1, text: Q1?, type: yes_no, dimension: a}
  - {id: q2, text: Q2?, type: yes_no, dimension: b}
  - {id: q3, text: Q3?, type: yes_no, dimension: b, when: q2}
  - {id: team, text: Team size?, type: number, context: true}
frameworks:
  - id: fw
    title: FW
    style: gated
    levels:
      - {level: 0, name: Zero}
      - level: 1
        name: One
        criteria: [{id: c1, text: Q1 done, rule: q1, dimension: a}]
      - level: 2
        name: Two
        criteria:
          - {id: c2, text: Q2 done, rule: q2, dimension: b}
          - {id: c3, text: Q3 done, rule: q3, dimension: b}
      - level: 3
        name: Three
        criteria: [{id: c4, text: Big team, rule: team >= 10}]
  - id: after
    title: After
    style: gated
    levels:
      - {level: 0, name: Not yet}
      - level: 1
        name: Reached
        criteria: [{id: a1, text: FW two, rule: 'level("fw") >= 2 and met("c1")'}]
recommendations:
  - {id: base, title: Base, why: W., when: not q1, impact: low, effort: high}
  - {id: quick, title: Quick win, why: W., when: not q2, impact: high, effort: low,
     prerequisites: [base]}
  - {id: big, title: Big, why: W., when: not q2, impact: high, effort: high}
  - {id: mid, title: Mid, why: W., when: not q2, impact: medium, effort: medium, addresses: [c2]}
  - {id: mid2, title: Mid2, why: W., when: not q2, impact: medium, effort: medium}
  - {id: hold, title: Hold, why: W., kind: hold_off, when: team < 5, impact: high, effort: low}
  - {id: always, title: Always, why: W., impact: low, effort: low}
"""


def run(questionnaire: str, answers: str) -> Result:
    q = parse_questionnaire(textwrap.dedent(questionnaire), "q.yaml")
    body = "questionnaire: q.yaml\nsubject: T\nanswers:\n" + textwrap.indent(
        textwrap.dedent(answers), "  "
    )
    return score(parse_answers(body, "a.yaml", q))


def test_levels_are_gated_by_every_lower_level() -> None:
    result = run(GATED, "q1: no\nq2: yes\nq3: yes\nteam: 20\n")
    fw = result.framework("fw")
    assert (fw.level, fw.level_name) == (0, "Zero")  # level 1 unmet blocks 2 and 3
    assert {d.id: d.level for d in fw.dimensions} == {"a": 0, "b": 2, "c": None}
    assert fw.next_level is not None and [c.id for c in fw.next_level.unmet] == ["c1"]
    assert fw.score == 0.0


def test_progress_toward_the_next_level() -> None:
    fw = run(GATED, "q1: yes\nq2: yes\nq3: no\n").framework("fw")
    assert fw.level == 1
    assert fw.next_level is not None
    assert [c.id for c in fw.next_level.met] == ["c2"]
    assert [c.id for c in fw.next_level.unmet] == ["c3"]
    assert fw.progress == 0.5 and fw.score == 1.5


def test_later_frameworks_can_use_earlier_results() -> None:
    result = run(GATED, "q1: yes\nq2: yes\nq3: yes\nteam: 3\n")
    assert result.framework("fw").level == 2
    assert result.framework("after").level == 1


def test_when_decides_what_is_asked() -> None:
    result = run(GATED, "q1: yes\nq2: no\nq3: yes\n")
    statuses = {a.question: a.status for a in result.answers}
    assert statuses == {"q1": "answered", "q2": "answered", "q3": "not_asked", "team": "unanswered"}
    assert any("'q3' ignored" in w for w in result.warnings)
    c = result.completeness
    assert (c.total, c.answered, c.not_asked, c.unanswered) == (4, 2, 1, 1)


def test_recommendations_follow_prerequisites_then_impact_for_effort() -> None:
    result = run(GATED, "q1: no\nq2: no\nteam: 2\n")
    order = [r.id for r in result.recommendations]
    # "quick" has the best impact for its effort but waits for its prerequisite "base";
    # equal ratios go to higher impact; "hold off" advice comes last.
    assert order == ["big", "mid", "mid2", "always", "base", "quick", "hold"]
    assert result.recommendations[-1].kind == "hold_off"
    assert [r.priority for r in result.recommendations] == list(range(1, len(order) + 1))


def test_next_level_gaps_break_ties() -> None:
    result = run(GATED, "q1: yes\nq2: no\nteam: 2\n")
    order = [r.id for r in result.recommendations]
    assert order.index("mid") < order.index("mid2")


def test_reasons_name_the_answers_that_made_advice_apply() -> None:
    result = run(GATED, "q1: no\nq2: yes\nq3: yes\nteam: 2\n")
    reasons = {r.id: r.reason for r in result.recommendations}
    assert reasons["base"] == "Applies because: Q1?: No."
    assert reasons["hold"] == "Applies because: Team size?: 2."
    assert reasons["always"] == "Applies to every team."


BANDED = """
id: b
version: "1"
title: B
dimensions:
  - {id: x, title: X}
  - {id: y, title: Y}
questions:
  - {id: s, text: S?, type: scale, dimension: x, choices: [none, some, lots, all]}
  - {id: m, text: M?, type: multiple_choice, dimension: x,
     choices: [{value: p, points: 1}, {value: r, points: 2}, {value: z}]}
  - {id: c, text: C?, type: single_choice, dimension: y,
     choices: [{value: good, points: 3}, {value: bad, points: 0}], allow_na: true}
  - {id: yn, text: Y?, type: yes_no, dimension: y}
frameworks:
  - id: pts
    title: Points
    style: points
    levels: [{level: 0, name: L0}, {level: 1, name: L1, at_least: 3}, {level: 2, name: L2, above: 5}]
  - id: minpts
    title: Min points
    style: points
    aggregate: min
    levels: [{level: 0, name: L0}, {level: 1, name: L1, above: 1}]
  - id: pct
    title: Percent
    style: percentage
    weights: {s: 3}
    levels: [{level: 0, name: L0}, {level: 1, name: L1, at_least: 50}]
"""


def test_points_from_every_scorable_type() -> None:
    result = run(BANDED, "s: lots\nm: [p, r, z]\nc: good\nyn: no\n")
    pts = result.framework("pts")
    # scale without points: 2/3; multiple choice: 1 + 2 (+0); single choice 3; no: 0
    assert {d.id: d.score for d in pts.dimensions} == {"x": pytest.approx(3.6667), "y": 3.0}
    assert pts.score == pytest.approx(6.6667) and pts.level == 2
    assert {d.id: d.level for d in pts.dimensions} == {"x": None, "y": None}
    minpts = result.framework("minpts")
    assert minpts.score == 3.0 and minpts.level == 1
    assert {d.id: d.level for d in minpts.dimensions} == {"x": 1, "y": 1}


def test_percentages_leave_out_not_applicable_and_count_unknown_as_zero() -> None:
    result = run(BANDED, "s: all\nm: unknown\nc: not_applicable\nyn: yes\n")
    pct = result.framework("pct")
    # s: 3 x 1/1, m: 0 of 1 (unknown), c: left out, yn: 1/1  -> 4 / 5
    assert pct.score == 80.0 and pct.level == 1
    assert {d.id: d.score for d in pct.dimensions} == {"x": 75.0, "y": 100.0}
    assert pct.next_level is None and pct.progress == 0.0


def test_progress_between_bands() -> None:
    pts = run(BANDED, "s: none\nm: [r]\nc: bad\nyn: yes\n").framework("pts")
    assert pts.score == 3.0 and pts.level == 1
    assert pts.next_level is not None and pts.next_level.requirement == "score above 5"
    assert pts.progress == 0.0


def test_results_round_trip_through_json_and_are_deterministic() -> None:
    first = run(GATED, "q1: no\nq2: yes\nq3: yes\nteam: 2\n")
    second = run(GATED, "q1: no\nq2: yes\nq3: yes\nteam: 2\n")
    assert to_json(first) == to_json(second)

    assert result_from_json(json.loads(to_json(first))) == first
    assert to_builtins(first)["schema_version"] == 1
    with pytest.raises(AttributeError):
        first.subject = "changed"  # type: ignore[misc]


def test_shared_caches_never_leak_between_files() -> None:
    # 2 == 2.0 in Python, but an answers file that says 2.0 must still read 2.0.
    q = parse_questionnaire(textwrap.dedent(GATED), "q.yaml")

    def scored(answers: str) -> str:
        body = "questionnaire: q.yaml\nsubject: T\nanswers:\n" + textwrap.indent(answers, "  ")
        return to_json(score(parse_answers(body, "a.yaml", q)))

    whole, decimal = "q1: yes\nteam: 2\n", "q1: yes\nteam: 2.0\n"
    first = scored(whole), scored(decimal)
    second = scored(decimal), scored(whole)
    assert first == second[::-1]
    assert '"value": 2.0' in first[1]
    assert '"value": 2,' in first[0]


def test_memos_stay_bounded_and_never_change_results() -> None:
    # Every team size is different, as in a real organisation: the wording of
    # "Team size?: N" and each answer record must not pile up in memory.
    q = parse_questionnaire(textwrap.dedent(GATED), "q.yaml")
    body = "questionnaire: q.yaml\nsubject: T\nanswers:\n  q1: no\n  team: {}\n"
    sizes = [-(i / 8) for i in range(3 * MEMO_LIMIT)]
    outputs = [to_json(score(parse_answers(body.format(size), "a.yaml", q))) for size in sizes]
    assert q._memos and all(len(memo) <= MEMO_LIMIT for memo in q._memos.values())
    fresh = parse_questionnaire(textwrap.dedent(GATED), "q.yaml")
    for i in (0, MEMO_LIMIT, len(sizes) - 1):
        assert to_json(score(parse_answers(body.format(sizes[i]), "a.yaml", fresh))) == outputs[i]
    assert f"Team size?: {sizes[-1]}" in outputs[-1]
