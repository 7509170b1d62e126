"""The rule compiler: type checks against the questionnaire, and fast closures.

Every node becomes a closure over the answers (:class:`maturity_cli.rules.types.Env`);
user text is only ever tokenised and parsed by :mod:`maturity_cli.rules.syntax`,
never evaluated by Python.
"""

from __future__ import annotations

import difflib
import operator
from collections.abc import Callable
from typing import Any

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
    COUNTABLE_STATUSES,
    RESULT_FUNCTIONS,
    STATUS_FUNCTIONS,
    Compiled,
    Env,
    Fn,
    QuestionSig,
    ResultRef,
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
        return f"compare it, e.g. {q.id} == {_show(q.values[-1])}"
    return f"ask whether it was answered: answered({q.id})"


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value).lower()


def _suggest(name: str, options: Any) -> str | None:
    match = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return f"did you mean {match[0]!r}?" if match else None


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

    def _question(self, name: str, pos: int) -> QuestionSig:
        q = self.scope.questions.get(name)
        if q is None and name in self.scope.later_questions:
            raise ExpressionError(
                f"question {name!r} comes later in the file",
                pos,
                "a 'when' can only use questions asked before this one: move it earlier",
            )
        if q is None:
            raise ExpressionError(
                f"unknown question {name!r}", pos, _suggest(name, self.scope.questions)
            )
        return q

    def _name(self, node: Name) -> Compiled:
        q = self._question(node.id, node.pos)
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
        func = node.func
        if func in STATUS_FUNCTIONS:
            return self._status_call(node)
        if func not in RESULT_FUNCTIONS:
            raise ExpressionError(
                f"unknown function {func!r}",
                node.pos,
                _suggest(func, [*STATUS_FUNCTIONS, *RESULT_FUNCTIONS])
                or "functions: answered, unknown, not_applicable, asked, count, count_answers, "
                "level, score, met",
            )
        if func == "count_answers":
            return self._count_answers(node)
        if func == "count":
            q = self._single_question_arg(node)
            if q.type != "multiple_choice":
                raise ExpressionError(
                    "count() takes a multiple-choice question", node.pos, f"{q.id!r} is {q.type}"
                )
            qid = q.id

            def count(env: Env) -> int | None:
                value = env.values.get(qid)
                return None if value is None else len(value)

            return Compiled(count, Ty("number"), node, (qid,))
        if not self.scope.allow_results:
            raise ExpressionError(
                f"{func}() cannot be used in {self.scope.where}",
                node.pos,
                "only answers can be used here",
            )
        args = [self._string_arg(a, func) for a in node.args]
        if func == "met":
            if len(args) != 1:
                raise ExpressionError("met() takes one criterion id", node.pos)
            crit = args[0]
            if crit not in self.scope.criteria:
                hint = _suggest(crit, self.scope.all_criteria or self.scope.criteria)
                if crit in self.scope.all_criteria:
                    hint = "only criteria of frameworks defined earlier in the file can be used"
                raise ExpressionError(f"unknown criterion {crit!r}", node.args[0].pos, hint)
            return Compiled(
                lambda env: env.met.get(crit), Ty("bool"), node, (ResultRef("met", crit),)
            )
        if not 1 <= len(args) <= 2:
            raise ExpressionError(
                f"{func}() takes a framework id and an optional dimension", node.pos
            )
        fw = args[0]
        if fw not in self.scope.frameworks:
            hint = _suggest(fw, self.scope.all_frameworks or self.scope.frameworks)
            if fw in self.scope.all_frameworks:
                hint = "only frameworks defined earlier in the file can be used here"
            raise ExpressionError(f"unknown framework {fw!r}", node.args[0].pos, hint)
        dim = args[1] if len(args) == 2 else None
        if dim is not None and dim not in self.scope.frameworks[fw]:
            raise ExpressionError(
                f"framework {fw!r} rates no dimension {dim!r}",
                node.args[1].pos,
                _suggest(dim, self.scope.frameworks[fw]),
            )
        key = (fw, dim)
        table = "levels" if func == "level" else "scores"
        ref = ResultRef("level" if func == "level" else "score", fw, dim)

        def result(env: Env) -> Any:
            return getattr(env, table).get(key)

        return Compiled(result, Ty("number"), node, (ref,))

    def _count_answers(self, node: Call) -> Compiled:
        """``count_answers(VALUE [, "dimension"])``: how many questions got that answer."""
        usage = 'e.g. count_answers("manual") or count_answers("unknown", "data")'
        if not 1 <= len(node.args) <= 2 or not isinstance(node.args[0], Literal):
            raise ExpressionError(
                "count_answers() takes an answer value and an optional dimension id",
                node.pos,
                usage,
            )
        wanted = node.args[0].value
        dim = self._string_arg(node.args[1], "count_answers") if len(node.args) == 2 else None
        questions = [q for q in self.scope.questions.values() if dim is None or q.dimension == dim]
        if dim is not None and not questions:
            dims = {q.dimension for q in self.scope.questions.values() if q.dimension}
            raise ExpressionError(
                f"no question is in dimension {dim!r}", node.args[1].pos, _suggest(dim, dims)
            )
        key = (str(wanted), dim)
        if wanted in COUNTABLE_STATUSES:
            ids = tuple(q.id for q in questions)

            def by_status(env: Env) -> int:
                found = sum(1 for qid in ids if env.status.get(qid) == wanted)
                env.counts[key] = found
                return found

            return Compiled(by_status, Ty("number"), node, (ResultRef("count", str(wanted), dim),))
        if isinstance(wanted, bool):
            singles = tuple(q.id for q in questions if q.type == "yes_no")
            sets: tuple[str, ...] = ()
        else:
            singles = tuple(
                q.id
                for q in questions
                if q.type in ("single_choice", "scale") and wanted in q.values
            )
            sets = tuple(
                q.id for q in questions if q.type == "multiple_choice" and wanted in q.values
            )
        if not singles and not sets:
            values = {str(v) for q in questions for v in q.values}
            where = f" in dimension {dim!r}" if dim else ""
            raise ExpressionError(
                f"no question{where} has the answer {_show(wanted)}",
                node.args[0].pos,
                _suggest(str(wanted), values) or usage,
            )

        def by_value(env: Env) -> int:
            values = env.values
            found = sum(1 for qid in singles if values.get(qid) == wanted) + sum(
                1 for qid in sets if wanted in values.get(qid, ())
            )
            env.counts[key] = found
            return found

        return Compiled(by_value, Ty("number"), node, (ResultRef("count", str(wanted), dim),))

    def _string_arg(self, node: Node, func: str) -> str:
        if not isinstance(node, Literal) or not isinstance(node.value, str):
            raise ExpressionError(f"{func}() takes ids in quotes", node.pos, f'e.g. {func}("id")')
        return node.value

    def _single_question_arg(self, node: Call) -> QuestionSig:
        if len(node.args) != 1 or not isinstance(node.args[0], Name):
            raise ExpressionError(
                f"{node.func}() takes one question id", node.pos, f"e.g. {node.func}(my_question)"
            )
        arg = node.args[0]
        return self._question(arg.id, arg.pos)

    def _status_call(self, node: Call) -> Compiled:
        q = self._single_question_arg(node)
        qid = q.id
        wanted = STATUS_FUNCTIONS[node.func]
        if wanted is None:  # asked(): the question's `when` held

            def asked(env: Env) -> bool:
                return env.status.get(qid, "not_asked") != "not_asked"

            return Compiled(asked, Ty("bool"), node, (qid,))

        def status(env: Env) -> bool:
            return env.status.get(qid) == wanted

        return Compiled(status, Ty("bool"), node, (qid,))

    def _not(self, node: Not) -> Compiled:
        inner = self._bool(node.operand, "'not'")

        def fn(env: Env) -> Truth:
            value = inner.fn(env)
            return None if value is None else not value

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
        refs = left.refs + right.refs
        lk, rk = left.ty.kind, right.ty.kind

        if op in ("in", "not in"):
            fn = self._membership(node, left, right)
            return Compiled(fn, Ty("bool"), node, refs, (left, right))

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
                fn = _fast(node, op, rank) or _three(_OPS[op])(
                    _ranked(left.fn, rank), _ranked(right.fn, rank)
                )
                return Compiled(fn, Ty("bool"), node, refs, (left, right))
            if op not in ("==", "!="):  # pragma: no cover - rejected above
                raise AssertionError(op)
        elif lk == rk == "scale" and left.ty.question == right.ty.question:
            rank = left.ty.question.rank  # type: ignore[union-attr]
            fn = _three(_OPS[op])(_ranked(left.fn, rank), _ranked(right.fn, rank))
            return Compiled(fn, Ty("bool"), node, refs, (left, right))
        elif (
            lk == rk == "number"
            or (op in ("==", "!=") and {lk, rk} <= {"bool"})
            or (op in ("==", "!=") and {lk, rk} <= {"text", "string"} and "text" in (lk, rk))
            or (
                op in ("==", "!=")
                and lk == rk == "choice"
                and left.ty.question == right.ty.question
            )
        ):
            pass
        else:
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
        if op not in ("==", "!=") and lk != "number":
            raise ExpressionError(f"{op!r} needs numbers or a scale", node.pos)
        return Compiled(
            _fast(node, op) or _three(_OPS[op])(left.fn, right.fn),
            Ty("bool"),
            node,
            refs,
            (left, right),
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
            return _three(op)(left.fn, lambda env: items)
        raise ExpressionError(
            f"the right of {node.op!r} must be a list in [ ] or a multiple-choice question",
            node.right.pos,
        )

    def _check_value(self, ty: Ty, lit: Compiled) -> None:
        q = ty.question
        assert q is not None and isinstance(lit.node, Literal)
        value = lit.node.value
        if value not in q.values or isinstance(value, bool):
            shown = ", ".join(_show(v) for v in q.values)
            hint = _suggest(str(value), [str(v) for v in q.values])
            raise ExpressionError(
                f"{_show(value)} is not a choice of question {q.id!r}",
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
        const = rank[const]
        ranks = rank

        def scaled(env: Env) -> Truth:
            value = env.values.get(qid)
            return None if value is None else compare(ranks[value], const)

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
