"""A static check that "do" and "hold off" advice on one topic can never both apply.

For each such pair, the answers their two ``when`` rules read are tried in
combination: every choice, yes and no, numbers on both sides of each number the
rules compare with, levels of the frameworks they read, and "no answer" for
each. Up to :data:`EXHAUSTIVE` combinations are all tried; beyond that a fixed,
seeded sample of that many, so the check is repeatable. A combination where both
hold is a real counterexample, reported with the answers that produce it.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from typing import Any

import msgspec

from maturity_cli.errors import Problem
from maturity_cli.load.reader import Locator
from maturity_cli.questionnaire.definitions import Questionnaire, RecommendationDef
from maturity_cli.rules.syntax import BoolOp, Call, Compare, ListLit, Literal, Node, Not
from maturity_cli.rules.types import Env, ResultRef

EXHAUSTIVE = 20_000
_NO_ANSWER = object()
_NOT_APPLICABLE = object()


class Contradiction(msgspec.Struct, frozen=True):
    """A "do" and a "hold off" of one topic that both apply to some answers."""

    do: RecommendationDef
    hold_off: RecommendationDef
    example: tuple[tuple[str, str], ...]  # (question or result, value) pairs


def contradiction_problems(q: Questionnaire, locator: Locator) -> list[Problem]:
    """Each contradiction as a problem located at the hold-off's ``when``."""
    problems = []
    for c in contradictions(q):
        example = ", ".join(f"{name} = {value}" for name, value in c.example)
        problems.append(
            locator.problem(
                f"advice contradicts itself on topic {c.do.spec.topic!r}: "
                f"{c.do.id!r} (do) and {c.hold_off.id!r} (hold_off) both apply when {example}",
                ["recommendations", c.hold_off.index, "when"],
                hint="make the two 'when' rules exclusive, for example add "
                "'and not (...)' with the other's condition (docs/questionnaire-format.md)",
            )
        )
    return problems


def contradictions(q: Questionnaire) -> list[Contradiction]:
    """Every do/hold-off pair of one topic whose ``when`` rules can both hold."""
    found = []
    recs = [r for r in q.recommendations if r.spec.topic]
    for do in (r for r in recs if r.spec.kind == "do"):
        for hold in (r for r in recs if r.spec.kind == "hold_off"):
            if hold.spec.topic == do.spec.topic:
                example = _both_hold(q, do, hold)
                if example is not None:
                    found.append(Contradiction(do, hold, example))
    return found


def _both_hold(
    q: Questionnaire, do: RecommendationDef, hold: RecommendationDef
) -> tuple[tuple[str, str], ...] | None:
    rules = [r.when for r in (do, hold)]
    numbers = sorted({n for rule in rules if rule for n in _numbers(rule.compiled.node)})
    axes: list[tuple[str | ResultRef, list[Any]]] = []
    for rule in rules:
        if rule is None:
            continue
        for ref in rule.compiled.refs:
            if any(ref == name for name, _ in axes):
                continue
            domain = _domain(q, ref, numbers)
            if domain:
                axes.append((ref, domain))
    for combo in _combinations([d for _, d in axes]):
        env = _env([name for name, _ in axes], combo)
        if all(rule is None or rule.holds(env) for rule in rules):
            return tuple(
                (_show_name(name), _show_value(value))
                for name, value in zip((n for n, _ in axes), combo, strict=True)
            )
    return None


def _domain(q: Questionnaire, ref: str | ResultRef, numbers: list[float]) -> list[Any]:
    if isinstance(ref, ResultRef):
        if ref.kind == "met":
            return [True, False]
        if ref.kind == "level":
            fw = next((f for f in q.frameworks if f.id == ref.target), None)
            return [lv.level for lv in fw.levels] if fw else []
        if ref.kind == "score":
            return _around(numbers)
        return []  # counts are worked out from the answers themselves
    question = q.question_map.get(ref)
    if question is None:
        return []
    kind = question.type
    if kind == "yes_no":
        values: list[Any] = [True, False]
    elif kind in ("single_choice", "scale"):
        values = list(question.values)
    elif kind == "multiple_choice":
        values = [(), *((v,) for v in question.values), tuple(question.values)]
    elif kind == "number":
        values = _around(numbers)
    else:
        values = [""]
    return [*values, _NO_ANSWER, _NOT_APPLICABLE]


def _around(numbers: list[float]) -> list[float]:
    points = {0.0}
    for n in numbers:
        points.update((n - 1, n, n + 1, n - 0.5, n + 0.5))
    return sorted(points)


def _numbers(node: Node) -> Iterator[float]:
    if isinstance(node, Literal):
        if isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            yield float(node.value)
    elif isinstance(node, ListLit):
        for item in node.items:
            yield from _numbers(item)
    elif isinstance(node, Compare):
        yield from _numbers(node.left)
        yield from _numbers(node.right)
    elif isinstance(node, Not):
        yield from _numbers(node.operand)
    elif isinstance(node, (BoolOp, Call)):
        for child in node.operands if isinstance(node, BoolOp) else node.args:
            yield from _numbers(child)


def _combinations(domains: list[list[Any]]) -> Iterator[tuple[Any, ...]]:
    total = 1
    for d in domains:
        total *= len(d)
    if total <= EXHAUSTIVE:
        yield from itertools.product(*domains)
        return
    rng = random.Random(0)  # repeatable: the same file always gives the same verdict
    for _ in range(EXHAUSTIVE):
        yield tuple(rng.choice(d) for d in domains)


def _env(names: list[str | ResultRef], combo: tuple[Any, ...]) -> Env:
    env = Env({}, {})
    for name, value in zip(names, combo, strict=True):
        if isinstance(name, ResultRef):
            if name.kind == "met":
                env.met[name.target] = value
            elif name.kind == "level":
                env.levels[(name.target, name.area)] = value
            else:
                env.scores[(name.target, name.area)] = value
        elif value is _NO_ANSWER:
            env.status[name] = "unknown"
        elif value is _NOT_APPLICABLE:
            env.status[name] = "not_applicable"
        else:
            env.status[name] = "answered"
            env.values[name] = value
    return env


def _show_name(name: str | ResultRef) -> str:
    if isinstance(name, str):
        return name
    inside = ", ".join(f'"{x}"' for x in (name.target, name.area) if x is not None)
    return f"{name.kind}({inside})"


def _show_value(value: Any) -> str:
    if value is _NO_ANSWER:
        return "don't know"
    if value is _NOT_APPLICABLE:
        return "not applicable"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return "[" + ", ".join(map(str, value)) + "]"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
