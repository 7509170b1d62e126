"""Type-checking and compiling rule expressions into fast, safe closures.

Rules use three-valued logic: a comparison that involves a question with no usable
answer (unanswered, not asked, "don't know" or "not applicable") is *unknown*
(``None``). ``not`` keeps unknown unknown; ``and`` is false if any side is false,
``or`` is true if any side is true, otherwise unknown. A rule that ends unknown
does not hold. ``answered()``, ``unknown()``, ``not_applicable()`` and ``asked()``
are always true or false, so a rule can ask about the answer's status directly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import msgspec

from maturity_cli.rules.syntax import (
    BoolOp,
    ExpressionError,
    Node,
    parse,
)

Truth = bool | None
Fn = Callable[["Env"], Any]

STATUS_FUNCTIONS = {
    "answered": "answered",
    "unknown": "unknown",
    "not_applicable": "not_applicable",
    "asked": None,
}
RESULT_FUNCTIONS = ("level", "score", "met", "count", "count_answers")
COUNTABLE_STATUSES = ("unknown", "not_applicable", "unanswered")


class QuestionSig(msgspec.Struct, frozen=True):
    """What the rule checker needs to know about one question."""

    id: str
    type: str
    values: tuple[Any, ...] = ()
    dimension: str | None = None

    @property
    def rank(self) -> dict[Any, int]:
        return {value: i for i, value in enumerate(self.values)}


class Scope(msgspec.Struct, frozen=True):
    """The names a rule may use."""

    questions: Mapping[str, QuestionSig]
    frameworks: Mapping[str, frozenset[str]] = msgspec.field(default_factory=dict)
    criteria: frozenset[str] = frozenset()
    #: Everything that exists, for friendlier messages about out-of-scope names.
    all_frameworks: frozenset[str] = frozenset()
    all_criteria: frozenset[str] = frozenset()
    #: Questions that exist but may not be used here (defined after a 'when').
    later_questions: frozenset[str] = frozenset()
    allow_results: bool = True
    where: str = "this rule"


class Env:
    """The facts one answers file gives a rule: answers and computed results."""

    __slots__ = ("counts", "levels", "met", "scores", "status", "values")

    def __init__(self, values: dict[str, Any], status: dict[str, str]) -> None:
        self.values = values  # question id -> usable answer value (only real answers)
        self.status = status  # question id -> answered | unknown | not_applicable | ...
        self.levels: dict[tuple[str, str | None], int | None] = {}
        self.scores: dict[tuple[str, str | None], float | None] = {}
        self.met: dict[str, bool] = {}
        self.counts: dict[tuple[str, str | None], int] = {}  # count_answers() results


class Ty(msgspec.Struct, frozen=True):
    kind: str  # bool number string text choice scale set list
    question: QuestionSig | None = None
    items: tuple[Any, ...] = ()


class Compiled(msgspec.Struct, frozen=True):
    fn: Fn
    ty: Ty
    node: Node
    refs: tuple[str, ...]  # question ids and result references, in order
    children: tuple[Compiled, ...] = ()


class Rule(msgspec.Struct, frozen=True):
    """A compiled rule: evaluate it, and say which facts made it hold."""

    source: str
    compiled: Compiled

    def evaluate(self, env: Env) -> Truth:
        """True, false, or None when the answers leave it unknown."""
        return self.compiled.fn(env)  # type: ignore[no-any-return]

    def holds(self, env: Env) -> bool:
        """Whether the rule holds; unknown counts as not holding."""
        return self.compiled.fn(env) is True

    @property
    def questions(self) -> tuple[str, ...]:
        """Question ids this rule reads, in order of appearance."""
        return tuple(r for r in self.compiled.refs if not r.startswith("@"))

    def witnesses(self, env: Env) -> tuple[str, ...]:
        """The facts (question ids, or ``@kind:id`` results) that made the rule hold."""
        out: list[str] = []
        _witness(self.compiled, env, out)
        return tuple(dict.fromkeys(out))


def _witness(c: Compiled, env: Env, out: list[str]) -> None:
    node = c.node
    if isinstance(node, BoolOp):
        if node.op == "and":
            for child in c.children:
                _witness(child, env, out)
        else:
            for child in c.children:
                if child.fn(env) is True:
                    _witness(child, env, out)
                    break
    else:
        out.extend(c.refs)


def compile_rule(text: str, scope: Scope) -> Rule:
    """Parse and type-check ``text`` in ``scope``; raise :class:`ExpressionError`."""
    if not isinstance(text, str):
        raise ExpressionError("a rule must be text", 0, "put the rule in quotes")
    from maturity_cli.rules.compiler import Compiler, kind_name, truth_hint

    compiled = Compiler(scope).compile(parse(text))
    if compiled.ty.kind != "bool":
        raise ExpressionError(
            f"this rule gives {kind_name(compiled.ty)}, but a condition must be true or false",
            compiled.node.pos,
            truth_hint(compiled.ty),
        )
    return Rule(text, compiled)
