"""The functions rules can call, type-checked against the scope and compiled to closures.

``answered``/``unknown``/``not_applicable``/``asked`` read a question's status;
``count``/``count_answers`` count choices and answers; ``level``/``score``/``met``
read earlier results; ``all_yes``/``share_yes`` judge a group of yes/no questions
(a dimension or a tag) and remember which of them fall short, for explanations.
"""

from __future__ import annotations

import difflib
from typing import Any

from maturity_cli.rules.syntax import Call, ExpressionError, Literal, Name, Node
from maturity_cli.rules.types import (
    COUNTABLE_STATUSES,
    GROUP_FUNCTIONS,
    RESULT_FUNCTIONS,
    STATUS_FUNCTIONS,
    Compiled,
    Env,
    QuestionSig,
    ResultRef,
    Scope,
    Truth,
    Ty,
)

_SKIPPED = ("not_applicable", "not_asked")


def show(value: Any) -> str:
    """A value as it would be written in a rule."""
    return f'"{value}"' if isinstance(value, str) else str(value).lower()


def suggest(name: str, options: Any) -> str | None:
    """A did-you-mean hint, when a close match exists."""
    match = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return f"did you mean {match[0]!r}?" if match else None


def find_question(scope: Scope, name: str, pos: int) -> QuestionSig:
    """The question a rule names, or a located error saying why it cannot be used."""
    q = scope.questions.get(name)
    if q is None and name in scope.later_questions:
        raise ExpressionError(
            f"question {name!r} comes later in the file",
            pos,
            "a 'when' can only use questions asked before this one: move it earlier",
        )
    if q is None:
        raise ExpressionError(f"unknown question {name!r}", pos, suggest(name, scope.questions))
    return q


class Calls:
    """Compiles function calls in one scope."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def compile(self, node: Call) -> Compiled:
        func = node.func
        if func in STATUS_FUNCTIONS:
            return self._status_call(node)
        if func in GROUP_FUNCTIONS:
            return self._group(node)
        if func not in RESULT_FUNCTIONS:
            raise ExpressionError(
                f"unknown function {func!r}",
                node.pos,
                suggest(func, [*STATUS_FUNCTIONS, *RESULT_FUNCTIONS, *GROUP_FUNCTIONS])
                or "functions: answered, unknown, not_applicable, asked, count, count_answers, "
                "all_yes, share_yes, level, score, met",
            )
        if func == "count_answers":
            return self._count_answers(node)
        if func == "count":
            return self._count(node)
        if not self.scope.allow_results:
            raise ExpressionError(
                f"{func}() cannot be used in {self.scope.where}",
                node.pos,
                "only answers can be used here",
            )
        if func == "met":
            return self._met(node)
        return self._result(node)

    def _count(self, node: Call) -> Compiled:
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

    def _met(self, node: Call) -> Compiled:
        args = [self._string_arg(a, "met") for a in node.args]
        if len(args) != 1:
            raise ExpressionError("met() takes one criterion id", node.pos)
        crit = args[0]
        if crit not in self.scope.criteria:
            hint = suggest(crit, self.scope.all_criteria or self.scope.criteria)
            if crit in self.scope.all_criteria:
                hint = "only criteria of frameworks defined earlier in the file can be used"
            raise ExpressionError(f"unknown criterion {crit!r}", node.args[0].pos, hint)
        return Compiled(lambda env: env.met.get(crit), Ty("bool"), node, (ResultRef("met", crit),))

    def _result(self, node: Call) -> Compiled:
        func = node.func
        args = [self._string_arg(a, func) for a in node.args]
        if not 1 <= len(args) <= 2:
            raise ExpressionError(
                f"{func}() takes a framework id and an optional dimension", node.pos
            )
        fw = args[0]
        if fw not in self.scope.frameworks:
            hint = suggest(fw, self.scope.all_frameworks or self.scope.frameworks)
            if fw in self.scope.all_frameworks:
                hint = "only frameworks defined earlier in the file can be used here"
            raise ExpressionError(f"unknown framework {fw!r}", node.args[0].pos, hint)
        dim = args[1] if len(args) == 2 else None
        if dim is not None and dim not in self.scope.frameworks[fw]:
            raise ExpressionError(
                f"framework {fw!r} rates no dimension {dim!r}",
                node.args[1].pos,
                suggest(dim, self.scope.frameworks[fw]),
            )
        key = (fw, dim)
        table = "levels" if func == "level" else "scores"
        ref = ResultRef("level" if func == "level" else "score", fw, dim)

        def result(env: Env) -> Any:
            return getattr(env, table).get(key)

        return Compiled(result, Ty("number"), node, (ref,))

    def _group(self, node: Call) -> Compiled:
        """``all_yes("group")`` / ``share_yes("group")`` over a dimension's or tag's
        yes/no questions; not applicable and not asked ones are left out."""
        func = node.func
        if len(node.args) != 1:
            raise ExpressionError(
                f"{func}() takes one dimension or tag, in quotes", node.pos, f'e.g. {func}("ops")'
            )
        group = self._string_arg(node.args[0], func)
        questions = self.scope.questions.values()
        ids = tuple(
            q.id
            for q in questions
            if q.type == "yes_no" and (q.dimension == group or group in q.tags)
        )
        if not ids:
            names = {q.dimension for q in questions if q.dimension} | {
                t for q in questions for t in q.tags
            }
            raise ExpressionError(
                f"no yes/no question is in dimension or tag {group!r}",
                node.args[0].pos,
                suggest(group, names) or "give questions this dimension, or this tag in 'tags'",
            )
        share = func == "share_yes"
        ref = ResultRef("share_yes" if share else "all_yes", group)

        def judge(env: Env) -> Any:
            counted = [qid for qid in ids if env.status.get(qid, "not_asked") not in _SKIPPED]
            short = [qid for qid in counted if env.values.get(qid) is not True]
            env.short[ref] = (len(counted), short)
            if not counted:
                return None
            if share:
                return round(100 * (len(counted) - len(short)) / len(counted), 4)
            if any(env.values.get(qid) is False for qid in short):
                return False
            truth: Truth = None if short else True
            return truth

        return Compiled(judge, Ty("number" if share else "bool"), node, (ref,))

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
                f"no question is in dimension {dim!r}", node.args[1].pos, suggest(dim, dims)
            )
        key = (str(wanted), dim)
        ref = ResultRef("count", str(wanted), dim)
        if wanted in COUNTABLE_STATUSES:
            ids = tuple(q.id for q in questions)

            def by_status(env: Env) -> int:
                found = sum(1 for qid in ids if env.status.get(qid) == wanted)
                env.counts[key] = found
                return found

            return Compiled(by_status, Ty("number"), node, (ref,))
        singles, sets = _holding(questions, wanted)
        if not singles and not sets:
            values = {str(v) for q in questions for v in q.values}
            where = f" in dimension {dim!r}" if dim else ""
            raise ExpressionError(
                f"no question{where} has the answer {show(wanted)}",
                node.args[0].pos,
                suggest(str(wanted), values) or usage,
            )

        def by_value(env: Env) -> int:
            values = env.values
            found = sum(1 for qid in singles if values.get(qid) == wanted) + sum(
                1 for qid in sets if wanted in values.get(qid, ())
            )
            env.counts[key] = found
            return found

        return Compiled(by_value, Ty("number"), node, (ref,))

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
        return find_question(self.scope, arg.id, arg.pos)

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


def _holding(questions: list[QuestionSig], wanted: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Single-answer and multiple-choice questions that can have the answer ``wanted``."""
    if isinstance(wanted, bool):
        return tuple(q.id for q in questions if q.type == "yes_no"), ()
    singles = tuple(
        q.id for q in questions if q.type in ("single_choice", "scale") and wanted in q.values
    )
    sets = tuple(q.id for q in questions if q.type == "multiple_choice" and wanted in q.values)
    return singles, sets
