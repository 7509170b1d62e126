"""The values a rule works with: the names in scope, the answers it reads, its types."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

import msgspec

from maturity_cli.rules.syntax import Node

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
GROUP_FUNCTIONS = ("all_yes", "share_yes")


class QuestionSig(msgspec.Struct, frozen=True):
    """What the rule checker needs to know about one question."""

    id: str
    type: str
    values: tuple[Any, ...] = ()
    dimension: str | None = None
    tags: tuple[str, ...] = ()

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

    __slots__ = ("counts", "levels", "met", "scores", "short", "status", "values")

    def __init__(self, values: dict[str, Any], status: dict[str, str]) -> None:
        self.values = values  # question id -> usable answer value (only real answers)
        self.status = status  # question id -> answered | unknown | not_applicable | ...
        self.levels: dict[tuple[str, str | None], int | None] = {}
        self.scores: dict[tuple[str, str | None], float | None] = {}
        self.met: dict[str, bool | None] = {}  # None: the criterion does not apply
        self.counts: dict[tuple[str, str | None], int] = {}  # count_answers() results
        # all_yes()/share_yes(): (questions counted, ids of those not answered yes)
        self.short: dict[ResultRef, tuple[int, list[str]]] = {}


class ResultRef(msgspec.Struct, frozen=True):
    """A computed fact a rule reads: a level, a score, a criterion met, or an answer count.

    ``target`` is the framework id (level, score), the criterion id (met), the
    counted answer or status (count) or the dimension or tag (all_yes, share_yes);
    ``area`` is the dimension, where one is named.
    """

    kind: Literal["level", "score", "met", "count", "all_yes", "share_yes"]
    target: str
    area: str | None = None


#: What a rule refers to: a question id, or a computed result.
Ref = str | ResultRef


class Ty(msgspec.Struct, frozen=True):
    kind: str  # bool number string text choice scale set list
    question: QuestionSig | None = None
    items: tuple[Any, ...] = ()


class Compiled(msgspec.Struct, frozen=True):
    fn: Fn
    ty: Ty
    node: Node
    refs: tuple[Ref, ...]  # question ids and result references, in order
    children: tuple[Compiled, ...] = ()
