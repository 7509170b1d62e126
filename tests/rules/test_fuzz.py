"""Fuzzing the rule language: any text parses, or fails with a located ExpressionError.

Hypothesis generates both arbitrary text and text built from the language's own
tokens (which reaches deeper into the parser and type checker). Compiled rules are
evaluated against arbitrary answers: evaluation gives true, false or unknown and
never raises. The example budget is bounded so this runs in the normal suite (CI);
findings become the ``@example`` regressions.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

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
FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

TOKENS = st.sampled_from(
    [
        *QUESTIONS,
        "and",
        "or",
        "not",
        "in",
        "true",
        "false",
        "null",
        "unknown",
        "==",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "(",
        ")",
        "[",
        "]",
        ",",
        ".",
        '"online"',
        '"batch"',
        "'none'",
        '"',
        "1",
        "-2.5",
        "1e309",
        "9" * 400,
        "level",
        "met",
        "answered",
        "count",
        '"fw"',
        '"dev"',
        '"crit-1"',
        "#",
        "\\",
        "\x00",
    ]
)
ATOMS = st.sampled_from(
    [
        "tracking",
        'serving == "online"',
        "teams > 1",
        "teams <= -2.5",
        'tests >= "manual"',
        '"tracker" in tools',
        "count(tools) >= 1",
        'level("fw") >= 1',
        'level("fw", "dev") < 2',
        'met("crit-1")',
        "answered(notes)",
        "unknown(teams)",
        'notes == "x"',
        "true",
    ]
)
# Well-formed expressions reach the type checker and evaluation; token soup and
# arbitrary text reach the tokenizer's and parser's error paths.
EXPRESSIONS = st.recursive(
    ATOMS,
    lambda inner: (
        st.tuples(inner, st.sampled_from([" and ", " or "]), inner).map("".join)
        | inner.map(lambda x: f"not ({x})")
    ),
    max_leaves=8,
)
RULES = EXPRESSIONS | st.lists(TOKENS, max_size=12).map(" ".join) | st.text(max_size=60)
VALUES: dict[str, Any] = {
    "tracking": st.none() | st.booleans(),
    "serving": st.none() | st.sampled_from(["batch", "online"]),
    "teams": st.none() | st.integers(-5, 5) | st.floats(allow_nan=False, allow_infinity=False),
    "tests": st.none() | st.sampled_from(["none", "manual", "automated"]),
    "tools": st.none() | st.lists(st.sampled_from(["tracker", "registry"]), unique=True),
    "notes": st.none() | st.text(max_size=5),
}


def _check_error(exc: ExpressionError, text: str) -> None:
    assert exc.message
    assert 0 <= exc.offset <= max(len(text), 1)


@FUZZ
@given(text=RULES)
@example(text="(" * 1000)
@example(text="not " * 1000 + "tracking")
@example(text='"' + "\\" * 50)
@example(text="teams > " + "9" * 5000)
def test_parsing_never_crashes(text: str) -> None:
    try:
        parse(text)
    except ExpressionError as exc:
        _check_error(exc, text)


@FUZZ
@given(text=RULES, values=st.fixed_dictionaries(VALUES))
@example(text="teams > 1e309", values={})
@example(text='tools in ["tracker"]', values={"tools": []})
def test_compiled_rules_evaluate_to_three_values(text: str, values: dict[str, Any]) -> None:
    try:
        rule = compile_rule(text, SCOPE)
    except ExpressionError as exc:
        _check_error(exc, text)
        return
    given_values = {k: v for k, v in values.items() if v is not None}
    env = Env(
        given_values, {k: "answered" if k in given_values else "unanswered" for k in QUESTIONS}
    )
    env.levels[("fw", None)] = 1
    env.met["crit-1"] = True
    assert rule.evaluate(env) in (True, False, None)
