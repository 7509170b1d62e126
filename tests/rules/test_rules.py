"""The rule language: parsing, type checks with located messages, three-valued logic."""

from __future__ import annotations

from typing import Any

import pytest

from maturity_cli.rules.rule import compile_rule
from maturity_cli.rules.syntax import ExpressionError, parse
from maturity_cli.rules.types import Env, QuestionSig, Scope

QUESTIONS = {
    "tracking": QuestionSig("tracking", "yes_no"),
    "serving": QuestionSig("serving", "single_choice", ("batch", "online")),
    "teams": QuestionSig("teams", "number"),
    "tests": QuestionSig("tests", "scale", ("none", "manual", "automated")),
    "tools": QuestionSig("tools", "multiple_choice", ("tracker", "registry")),
    "notes": QuestionSig("notes", "text"),
}
SCOPE = Scope(QUESTIONS, {"fw": frozenset({"dev"})}, frozenset({"crit-1"}))


def run(rule: str, values: dict[str, Any], status: dict[str, str] | None = None) -> bool | None:
    env = Env(values, status or dict.fromkeys(values, "answered"))
    env.levels[("fw", None)] = 2
    env.levels[("fw", "dev")] = 1
    env.met["crit-1"] = True
    return compile_rule(rule, SCOPE).evaluate(env)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ('teams >= 3 and serving == "online"', True),
        ("teams > 5", False),
        ('tests >= "manual"', True),
        ('tests < "automated"', False),
        ('"tracker" in tools', True),
        ('"registry" not in tools', True),
        ("count(tools) == 1", True),
        ('serving in ["online", "batch"]', True),
        ("not tracking", False),
        ('tracking or serving == "batch"', True),
        ('level("fw") >= 2 and level("fw", "dev") == 1', True),
        ('met("crit-1")', True),
        ("answered(teams) and not unknown(teams)", True),
        ("teams in [1, 5, 9]", True),
        ("(teams == 5)", True),
        ('notes == "hi"', True),
    ],
)
def test_rules_evaluate(rule: str, expected: bool) -> None:
    values = {
        "teams": 5,
        "serving": "online",
        "tests": "automated",
        "tools": frozenset({"tracker"}),
        "tracking": True,
        "notes": "hi",
    }
    assert run(rule, values) is expected


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("teams >= 3", None),
        ("not (teams >= 3)", None),
        ("teams >= 3 and tracking", None),
        ("teams >= 3 and not tracking", False),
        ("teams >= 3 or tracking", True),
        ("teams >= 3 or not tracking", None),
        ("unknown(teams)", True),
        ("answered(teams)", False),
        ("not_applicable(teams)", False),
        ("asked(teams)", True),
        ('"tracker" in tools', None),
        ("count(tools) >= 0", None),
    ],
)
def test_missing_answers_are_unknown(rule: str, expected: bool | None) -> None:
    status = {"teams": "unknown", "tracking": "answered", "tools": "unanswered"}
    assert run(rule, {"tracking": True}, status) is expected


def test_unknown_never_holds() -> None:
    rule = compile_rule("not tracking", SCOPE)
    assert not rule.holds(Env({}, {"tracking": "unknown"}))


def test_witnesses_name_the_facts_that_made_a_rule_hold() -> None:
    rule = compile_rule('tracking or (teams > 1 and serving == "online")', SCOPE)
    env = Env({"tracking": False, "teams": 3, "serving": "online"}, {})
    assert rule.witnesses(env) == ("teams", "serving")


@pytest.mark.parametrize(
    ("rule", "message", "offset", "hint"),
    [
        ("teams = 3", "unexpected character '='", 6, "use '=='"),
        ("trackin", "unknown question 'trackin'", 0, "did you mean 'tracking'?"),
        ('serving == "onlne"', '"onlne" is not a choice', 11, "did you mean 'online'?"),
        ('tracking == "yes"', "cannot compare", 9, "yes/no answers are true or false"),
        ('serving > "batch"', "needs an ordered answer", 8, "scale"),
        ("teams", "a condition must be true or false", 0, "teams >= 1"),
        ('"x" in tools', '"x" is not a choice', 0, None),
        ("teams >", "expected a value", 7, None),
        ("(teams > 1", "expected ')'", 10, None),
        ("teams > 1 teams", "unexpected 'teams'", 10, "join conditions"),
        ("1 < teams < 3", "cannot be chained", 10, None),
        ('level("nope") > 1', "unknown framework 'nope'", 6, None),
        ('level("fw", "ops") > 1', "rates no dimension 'ops'", 12, None),
        ('met("crit-2")', "unknown criterion 'crit-2'", 4, "did you mean 'crit-1'?"),
        ("lenght(tools) > 1", "unknown function 'lenght'", 0, None),
        ("count(teams) > 1", "count() takes a multiple-choice question", 0, None),
        ("", "the rule is empty", 0, None),
        ("tracking and", "expected a value", 12, None),
        ("__import__('os')", "unknown function '__import__'", 0, None),
    ],
)
def test_bad_rules_are_reported_with_position_and_hint(
    rule: str, message: str, offset: int, hint: str | None
) -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_rule(rule, SCOPE)
    assert message in caught.value.message
    assert caught.value.offset == offset
    if hint is not None:
        assert caught.value.hint is not None and hint in caught.value.hint


def test_results_are_refused_where_only_answers_may_be_used() -> None:
    scope = Scope(QUESTIONS, allow_results=False, where="a question's 'when'")
    with pytest.raises(ExpressionError, match="cannot be used in a question's 'when'"):
        compile_rule('level("fw") > 1', scope)


def test_python_syntax_is_not_the_rule_language() -> None:
    for text in ("tracking.__class__", "teams ** 2 > 1", "lambda: 1", "tools[0]"):
        with pytest.raises(ExpressionError):
            compile_rule(text, SCOPE)


def test_deep_nesting_is_refused_not_a_crash() -> None:
    with pytest.raises(ExpressionError, match="nested too deeply"):
        parse("(" * 500 + "tracking" + ")" * 500)
    with pytest.raises(ExpressionError, match="nested too deeply"):
        parse("not " * 100 + "tracking")


def test_yes_and_no_are_true_and_false() -> None:
    assert run("tracking == yes", {"tracking": True}) is True
    assert run("tracking == no", {"tracking": True}) is False


COUNTING = {
    "a": QuestionSig("a", "scale", ("none", "manual", "auto"), "data"),
    "b": QuestionSig("b", "scale", ("none", "manual", "auto"), "model"),
    "c": QuestionSig("c", "multiple_choice", ("manual", "x"), "model"),
    "d": QuestionSig("d", "yes_no", (), "data"),
}


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ('count_answers("manual") == 3', True),
        ('count_answers("manual", "data") == 1', True),
        ('count_answers("auto") == 0', True),
        ('count_answers("unknown") == 1', True),
        ('count_answers("unanswered", "data") == 0', True),
        ("count_answers(yes) == 1", True),
    ],
)
def test_count_answers(rule: str, expected: bool) -> None:
    env = Env(
        {"a": "manual", "b": "manual", "c": frozenset({"manual"}), "d": True},
        {"a": "answered", "b": "answered", "c": "answered", "d": "answered", "e": "unknown"},
    )
    scope = Scope({**COUNTING, "e": QuestionSig("e", "yes_no", (), "model")})
    assert compile_rule(rule, scope).evaluate(env) is expected


def test_count_answers_checks_its_arguments() -> None:
    scope = Scope(COUNTING)
    with pytest.raises(ExpressionError, match='no question has the answer "manul"') as caught:
        compile_rule('count_answers("manul") > 0', scope)
    assert caught.value.hint == "did you mean 'manual'?"
    with pytest.raises(ExpressionError, match="no question is in dimension 'dta'"):
        compile_rule('count_answers("manual", "dta") > 0', scope)
    with pytest.raises(ExpressionError, match="takes an answer value"):
        compile_rule("count_answers(a) > 0", scope)
