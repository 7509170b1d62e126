"""The rule compiler: type checks against the questionnaire, and fast closures.

Every node becomes a closure over the answers (:class:`maturity_cli.rules.types.Env`);
user text is only ever tokenised and parsed by :mod:`maturity_cli.rules.syntax`,
never evaluated by Python.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from maturity_cli.rules.functions import Calls, find_question, show, suggest
from maturity_cli.rules.syntax import (
    BoolOp,
    Call,
    Compare,
    ExpressionError,
    ListLit,
    Literal,
    Name,
    Node,
    Not,
)
from maturity_cli.rules.types import (
    Compiled,
    Env,
    Fn,
    Scope,
    Truth,
    Ty,
)


def kind_name(ty: Ty) -> str:
    names = {
        "bool": "true/false",
        "number": "a number",
        "string": "a text value",
        "text": "free text",
        "choice": "a choice",
        "scale": "a scale value",
        "set": "a set of choices",
        "list": "a list",
    }
    if ty.question is not None:
        return f"{names[ty.kind]} (question {ty.question.id!r})"
    return names[ty.kind]


def truth_hint(ty: Ty) -> str | None:
    q = ty.question
    if q is None:
        return None
    if q.type == "number":
        return f"compare it, e.g. {q.id} >= 1"
    if q.values:
        return f"compare it, e.g. {q.id} == {show(q.values[-1])}"
    return f"ask whether it was answered: answered({q.id})"


def _three(op: Callable[[Any, Any], bool]) -> Callable[[Fn, Fn], Fn]:
    def make(left: Fn, right: Fn) -> Fn:
        def fn(env: Env) -> Truth:
            a = left(env)
            if a is None:
                return None
            b = right(env)
            if b is None:
                return None
            return op(a, b)

        return fn

    return make


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "in": lambda a, b: a in b,
    "not in": lambda a, b: a not in b,
}


class Compiler:
    """Type-checks a syntax tree against a :class:`Scope` and builds its closures."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def compile(self, node: Node) -> Compiled:
        if isinstance(node, Literal):
            return self._literal(node)
        if isinstance(node, ListLit):
            items = tuple(item.value for item in node.items)
            return Compiled(lambda env: items, Ty("list", items=items), node, ())
        if isinstance(node, Name):
            return self._name(node)
        if isinstance(node, Call):
            return self._call(node)
        if isinstance(node, Not):
            return self._not(node)
        if isinstance(node, BoolOp):
            return self._boolop(node)
        return self._compare(node)

    def _literal(self, node: Literal) -> Compiled:
        value = node.value
        kind = (
            "bool" if isinstance(value, bool) else "string" if isinstance(value, str) else "number"
        )
        return Compiled(lambda env: value, Ty(kind), node, ())

    def _name(self, node: Name) -> Compiled:
        q = find_question(self.scope, node.id, node.pos)
        kind = {
            "yes_no": "bool",
            "number": "number",
            "text": "text",
            "single_choice": "choice",
            "scale": "scale",
            "multiple_choice": "set",
        }[q.type]
        qid = node.id

        def fn(env: Env) -> Any:
            return env.values.get(qid)

        return Compiled(fn, Ty(kind, q), node, (qid,))

    def _call(self, node: Call) -> Compiled:
        return Calls(self.scope).compile(node)

    def _not(self, node: Not) -> Compiled:
        inner = self._bool(node.operand, "'not'")
        fn = _not_answer(node) or _negated(inner.fn)
        return Compiled(fn, Ty("bool"), node, inner.refs, (inner,))

    def _boolop(self, node: BoolOp) -> Compiled:
        parts = tuple(self._bool(operand, f"'{node.op}'") for operand in node.operands)
        fns = tuple(p.fn for p in parts)
        refs = tuple(r for p in parts for r in p.refs)
        if node.op == "and":

            def fn(env: Env) -> Truth:
                result: Truth = True
                for f in fns:
                    value = f(env)
                    if value is False:
                        return False
                    if value is None:
                        result = None
                return result
        else:

            def fn(env: Env) -> Truth:
                result: Truth = False
                for f in fns:
                    value = f(env)
                    if value is True:
                        return True
                    if value is None:
                        result = None
                return result

        return Compiled(fn, Ty("bool"), node, refs, parts)

    def _bool(self, node: Node, where: str) -> Compiled:
        c = self.compile(node)
        if c.ty.kind != "bool":
            raise ExpressionError(
                f"{where} needs true/false, but this is {kind_name(c.ty)}",
                node.pos,
                truth_hint(c.ty),
            )
        return c

    def _compare(self, node: Compare) -> Compiled:
        left, right = self.compile(node.left), self.compile(node.right)
        op = node.op
        if op in ("in", "not in"):
            fn = self._membership(node, left, right)
        else:
            fn = self._ordered(node, left, right) or self._plain(node, left, right)
        return Compiled(fn, Ty("bool"), node, left.refs + right.refs, (left, right))

    def _ordered(self, node: Compare, left: Compiled, right: Compiled) -> Fn | None:
        """A comparison with a choice or scale answer (None when neither side is one)."""
        op = node.op
        # Put the question-typed side on the left for checking; keep evaluation order.
        q_side, lit_side = (left, right) if left.ty.question else (right, left)
        qk = q_side.ty.kind
        if qk in ("choice", "scale") and lit_side.ty.kind in ("string", "number"):
            self._check_value(q_side.ty, lit_side)
            if op in ("<", "<=", ">", ">=") and qk == "choice":
                raise ExpressionError(
                    f"{op!r} needs an ordered answer, but {q_side.ty.question.id!r} "  # type: ignore[union-attr]
                    "is a single choice",
                    node.pos,
                    "use a 'scale' question for ordered answers, or compare with == / in",
                )
            if qk == "scale":
                rank = q_side.ty.question.rank  # type: ignore[union-attr]
                return _fast(node, op, rank) or _three(_OPS[op])(
                    _ranked(left.fn, rank), _ranked(right.fn, rank)
                )
            return _fast(node, op) or _three(_OPS[op])(left.fn, right.fn)
        if left.ty.kind == right.ty.kind == "scale" and left.ty.question == right.ty.question:
            rank = left.ty.question.rank  # type: ignore[union-attr]
            return _three(_OPS[op])(_ranked(left.fn, rank), _ranked(right.fn, rank))
        return None

    def _plain(self, node: Compare, left: Compiled, right: Compiled) -> Fn:
        """Numbers, yes/no, text and same-question choices."""
        op = node.op
        lk, rk = left.ty.kind, right.ty.kind
        equality = op in ("==", "!=")
        if not (
            lk == rk == "number"
            or (equality and {lk, rk} <= {"bool"})
            or (equality and {lk, rk} <= {"text", "string"} and "text" in (lk, rk))
            or (equality and lk == rk == "choice" and left.ty.question == right.ty.question)
        ):
            hint = None
            if "bool" in (lk, rk) and "string" in (lk, rk):
                hint = "yes/no answers are true or false: write  q  or  not q  (or q == true)"
            elif "set" in (lk, rk):
                hint = 'test a multiple-choice answer with  "value" in question'
            raise ExpressionError(
                f"cannot compare {kind_name(left.ty)} with {kind_name(right.ty)} using {op!r}",
                node.pos,
                hint,
            )
        return (
            _fast(node, op)
            or _against_constant(node, op, left.fn)
            or _three(_OPS[op])(left.fn, right.fn)
        )

    def _membership(self, node: Compare, left: Compiled, right: Compiled) -> Fn:
        lk, rk = left.ty.kind, right.ty.kind
        op = _OPS[node.op]
        if rk == "set":
            if lk not in ("string", "number"):
                raise ExpressionError(
                    f"the left of {node.op!r} must be a choice value in quotes",
                    node.left.pos,
                    f'e.g. "value" in {right.ty.question.id}',  # type: ignore[union-attr]
                )
            self._check_value(right.ty, left)
            return _three(op)(left.fn, right.fn)
        if rk == "list":
            if lk in ("choice", "scale"):
                for item in node.right.items:  # type: ignore[union-attr]
                    self._check_value(left.ty, self._literal(item))
            elif lk == "number":
                if any(isinstance(i, (bool, str)) for i in right.ty.items):
                    raise ExpressionError("the list must hold numbers", node.right.pos)
            elif lk not in ("text", "string"):
                raise ExpressionError(
                    f"cannot look up {kind_name(left.ty)} in a list", node.left.pos
                )
            items = frozenset(right.ty.items)
            return _in_items(node, items) or _three(op)(left.fn, lambda env: items)
        raise ExpressionError(
            f"the right of {node.op!r} must be a list in [ ] or a multiple-choice question",
            node.right.pos,
        )

    def _check_value(self, ty: Ty, lit: Compiled) -> None:
        q = ty.question
        assert q is not None and isinstance(lit.node, Literal)
        value = lit.node.value
        if value not in q.values or isinstance(value, bool):
            shown = ", ".join(show(v) for v in q.values)
            hint = suggest(str(value), [str(v) for v in q.values])
            raise ExpressionError(
                f"{show(value)} is not a choice of question {q.id!r}",
                lit.node.pos,
                hint or f"choices: {shown}",
            )


def _fast(node: Compare, op: str, rank: dict[Any, int] | None = None) -> Fn | None:
    """A closure specialised for the common ``question OP value`` shape (no extra calls)."""
    base: Callable[[Any, Any], bool] = _OPS[op]
    compare: Callable[[Any, Any], bool]
    if isinstance(node.left, Name) and isinstance(node.right, Literal):
        qid, const, compare = node.left.id, node.right.value, base
    elif isinstance(node.left, Literal) and isinstance(node.right, Name):
        qid, const = node.right.id, node.left.value

        def compare(a: Any, b: Any) -> bool:
            return base(b, a)
    else:
        return None
    if rank is not None:
        # The answer to a scale question is one of its choices: whether the comparison
        # holds is worked out here for each, and looked up when the rule runs.
        holds = {value: compare(i, rank[const]) for value, i in rank.items()}

        def scaled(env: Env) -> Truth:
            value = env.values.get(qid)
            return None if value is None else holds[value]

        return scaled

    def plain(env: Env) -> Truth:
        value = env.values.get(qid)
        return None if value is None else compare(value, const)

    return plain


def _ranked(fn: Fn, rank: dict[Any, int]) -> Fn:
    def ranked(env: Env) -> int | None:
        value = fn(env)
        return None if value is None else rank.get(value)

    return ranked


def _against_constant(node: Compare, op: str, left: Fn) -> Fn | None:
    """``expression OP value`` (e.g. ``level("x") >= 2``) without a call for the value."""
    if not isinstance(node.right, Literal):
        return None
    const, compare = node.right.value, _OPS[op]

    def fn(env: Env) -> Truth:
        value = left(env)
        return None if value is None else compare(value, const)

    return fn


def _in_items(node: Compare, items: frozenset[Any]) -> Fn | None:
    """``question in [...]`` (or ``not in``), reading the answer directly."""
    if not isinstance(node.left, Name):
        return None
    qid = node.left.id
    if node.op == "not in":

        def outside(env: Env) -> Truth:
            value = env.values.get(qid)
            return None if value is None else value not in items

        return outside

    def among(env: Env) -> Truth:
        value = env.values.get(qid)
        return None if value is None else value in items

    return among


def _negated(inner: Fn) -> Fn:
    def fn(env: Env) -> Truth:
        value = inner(env)
        return None if value is None else not value

    return fn


def _not_answer(node: Not) -> Fn | None:
    """``not question`` (a yes/no question), reading the answer directly."""
    if not isinstance(node.operand, Name):
        return None
    qid = node.operand.id

    def fn(env: Env) -> Truth:
        value = env.values.get(qid)
        return None if value is None else not value

    return fn
