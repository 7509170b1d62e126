"""One consensus result per team, from several respondents' answers."""

from __future__ import annotations

from history.conftest import QUESTIONNAIRE

from maturity_cli.answers.loader import parse_answers
from maturity_cli.history.consensus import score_consensus
from maturity_cli.questionnaire.loader import parse_questionnaire

Q = parse_questionnaire(QUESTIONNAIRE, "tiny.yaml")


def _answers(name: str, subject: str, tests: str) -> object:
    text = f"questionnaire: tiny\nsubject: {subject}\nassessor: {name}\nanswers:\n  tracking: yes\n  tests: {tests}\n  monitoring: yes\n"
    return parse_answers(text, f"{name}.yaml", Q)


def test_teams_are_grouped_in_order_and_only_groups_are_merged() -> None:
    teams = score_consensus(
        [
            _answers("ann", "A", "none"),  # type: ignore[list-item]
            _answers("bo", "B", "auto"),  # type: ignore[list-item]
            _answers("cy", "A", "auto"),  # type: ignore[list-item]
        ],
        "median",
    )
    assert [t.result.subject for t in teams] == ["A", "B"]
    a, b = teams
    assert a.result.source == "ann.yaml + cy.yaml" and b.result.source == "bo.yaml"
    assert b.merged is None and a.merged is not None
    # median of none and auto (two answers): the lower, so team A stays at level 1
    assert [fw.level for fw in a.result.frameworks] == [1]
    assert [fw.level for fw in b.result.frameworks] == [2]
    assert [q.question for q in a.merged.flagged] == ["tests"]
