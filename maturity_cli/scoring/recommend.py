"""Pick the recommendations that apply, explain why, and order them by priority.

Order: a prerequisite that also applies always comes before what depends on it;
otherwise advice that closes a gap to a reachable next level of any framework first, then
higher impact for the effort, then higher impact, then the order of the
questionnaire. "Hold off" advice follows all "do" advice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec

from maturity_cli.questionnaire.definitions import Memo
from maturity_cli.questionnaire.loader import Questionnaire, RecommendationDef
from maturity_cli.rules.types import Env, Fn, ResultRef
from maturity_cli.scoring.consistency import resolve
from maturity_cli.scoring.next_steps import reachable_gaps
from maturity_cli.scoring.result import (
    AppliedRecommendation,
    FrameworkResult,
    SetAsideRecommendation,
)
from maturity_cli.vocabulary import status_word


def choose_recommendations(
    q: Questionnaire, env: Env, frameworks: list[FrameworkResult]
) -> tuple[list[AppliedRecommendation], list[SetAsideRecommendation]]:
    """The recommendations whose condition holds, in priority order, and those set aside.

    Advice set aside gave way to other advice so that the result never contradicts
    itself (see :mod:`maturity_cli.scoring.consistency`).
    """
    plan = _plan(q)
    gaps = reachable_gaps(q, frameworks)
    applying, set_aside = resolve(
        q, [r for r, when in plan.conditions if when is None or when(env) is True], gaps
    )
    position, last = plan.position, len(plan.position)
    closing = {i for c in gaps for i in plan.addressing.get(c, ())}

    def key(r: RecommendationDef) -> int:
        """The order as one number: advice that closes a next-level gap first, then rank."""
        return position[r.index] + (0 if r.index in closing else last)

    ordered: list[RecommendationDef] = []
    for kind in ("do", "hold_off"):
        ordered.extend(_order([r for r in applying if r.spec.kind == kind], key))
    answer_only, templates = plan.answer_only, plan.templates
    out = []
    for i, r in enumerate(ordered, start=1):
        found = answer_only.get(r.index)
        reason = (
            explain(q, r, env, frameworks)
            if found is None
            else _reason(q, r, env, frameworks, found)
        )
        out.append(msgspec.structs.replace(templates[r.index], priority=i, reason=reason))
    return out, set_aside


class _Plan:
    """What choosing recommendations needs, worked out once per questionnaire."""

    def __init__(self, q: Questionnaire) -> None:
        recs = q.recommendations
        #: Each recommendation with its compiled condition (it applies when that gives True).
        self.conditions: list[tuple[RecommendationDef, Fn | None]] = [
            (r, None if r.when is None else r.when.compiled.fn) for r in recs
        ]
        #: Each recommendation's place in the fixed part of the order (its rank).
        self.position = {r.index: i for i, r in enumerate(sorted(recs, key=lambda r: r.rank))}
        #: For each criterion, the recommendations that address it.
        self.addressing: dict[str, list[int]] = {}
        for r in recs:
            for c in r.spec.addresses:
                self.addressing.setdefault(c, []).append(r.index)
        self.answer_only = _answer_only_rules(q)
        # Results are frozen: each file's advice is its template with priority and reason set.
        self.templates = {r.index: _applied(q, r, 0, "") for r in recs}


def _plan(q: Questionnaire) -> _Plan:
    memo = q.memo("recommendation plan")
    found: _Plan | None = memo.get("plan")
    if found is None:
        found = memo["plan"] = _Plan(q)
    return found


def _reason(
    q: Questionnaire,
    r: RecommendationDef,
    env: Env,
    frameworks: list[FrameworkResult],
    found: tuple[tuple[str, ...], Memo],
) -> str:
    """:func:`explain` for a rule that reads answers only, remembered per recommendation.

    Such a reason depends on nothing but the status and value of the questions the
    rule reads, so those are the key (with the value's type: 1 == 1.0 prints differently).
    """
    qids, memo = found
    status, values = env.status, env.values
    parts: list[Any] = []
    for qid in qids:
        value = values.get(qid)
        parts += (status.get(qid, "not_asked"), value, type(value))
    key = tuple(parts)
    reason: str | None = memo.get(key)
    if reason is None:
        reason = memo[key] = explain(q, r, env, frameworks)
    return reason


def _answer_only_rules(q: Questionnaire) -> dict[int, tuple[tuple[str, ...], Memo]]:
    """For each recommendation whose rule reads answers only: the questions, and a memo."""
    memo = q.memo("answer-only rules")
    found: dict[int, tuple[tuple[str, ...], Memo]] | None = memo.get("all")
    if found is None:
        found = memo["all"] = {
            r.index: (tuple(dict.fromkeys(r.when.compiled.refs)), Memo())
            for r in q.recommendations
            if r.when is not None and all(isinstance(x, str) for x in r.when.compiled.refs)
        }
    return found


def _applied(
    q: Questionnaire, r: RecommendationDef, priority: int, reason: str
) -> AppliedRecommendation:
    return AppliedRecommendation(
        id=r.id,
        title=r.spec.title,
        kind=r.spec.kind,
        priority=priority,
        why=r.spec.why.strip(),
        reason=reason,
        actions=list(r.spec.actions),
        impact=r.spec.impact,
        effort=r.spec.effort,
        dimension=r.spec.dimension,
        topic=r.spec.topic,
        prerequisites=list(r.spec.prerequisites),
        addresses=list(r.spec.addresses),
        sources=q.citations(r.spec.sources),
    )


def _order(
    recs: list[RecommendationDef], key: Callable[[RecommendationDef], int]
) -> list[RecommendationDef]:
    """By key, except that a prerequisite that also applies comes before its dependants."""
    ordered = sorted(recs, key=key)
    ids = {r.id for r in recs}
    waits = {
        r.id: ids.intersection(r.spec.prerequisites)
        for r in recs
        if not ids.isdisjoint(r.spec.prerequisites)
    }
    if not waits:
        return ordered
    # Each step takes the first in order whose prerequisites have all come: the
    # prerequisites first, and otherwise the order of the key.
    out: list[RecommendationDef] = []
    done: set[str] = set()
    while ordered:
        for i, r in enumerate(ordered):
            if r.id not in waits or waits[r.id] <= done:
                out.append(ordered.pop(i))
                done.add(r.id)
                break
        else:
            break  # what is left waits on a cycle
    return out


def explain(
    q: Questionnaire, r: RecommendationDef, env: Env, frameworks: list[FrameworkResult]
) -> str:
    """Plain words saying which answers or results made a recommendation apply."""
    facts: list[str] = []
    if r.when is not None:
        cache = q.memo("facts")  # worded once per (question, status, value)
        for ref in r.when.witnesses(env):
            if isinstance(ref, ResultRef):
                facts.extend(_result_fact(q, ref, env, frameworks))
                continue
            status = env.status.get(ref, "not_asked")
            value = env.values.get(ref) if status == "answered" else None
            key = (ref, status, value, type(value))
            fact = cache.get(key)
            if fact is None:
                question = q.question_map[ref]
                answer = question.label(value) if status == "answered" else status_word(status)
                fact = cache[key] = f"{question.title}: {answer}"
            facts.append(fact)
    because = r.spec.because.strip()
    if because and facts:
        return f"{because} (based on: {'; '.join(facts)})"
    if because:
        return because
    if facts:
        return "Applies because: " + "; ".join(facts) + "."
    return "Applies to every team."


def answer_words(q: Questionnaire, env: Env, qid: str) -> str:
    """``Title: answer`` for one question, as explanations show it."""
    status = env.status.get(qid, "not_asked")
    question = q.question_map[qid]
    if status == "answered":
        return f"{question.title}: {question.label(env.values.get(qid))}"
    return f"{question.title}: {status_word(status)}"


def shortfall(q: Questionnaire, env: Env, ref: ResultRef) -> list[str]:
    """The questions of an ``all_yes``/``share_yes`` group that are not answered yes."""
    return [answer_words(q, env, qid) for qid in env.short.get(ref, (0, []))[1]]


def group_fact(q: Questionnaire, env: Env, ref: ResultRef) -> str:
    """E.g. ``Security: 3 of 5 yes; short: Code review: No; Secrets: don't know``."""
    group = ref.target
    name = q.dimension_titles.get(group, f'tag "{group}"')
    counted = env.short.get(ref, (0, []))[0]
    short = shortfall(q, env, ref)
    text = f"{name}: {counted - len(short)} of {counted} yes"
    return text + (f"; short: {', '.join(short)}" if short else "")


def _result_fact(
    q: Questionnaire, ref: ResultRef, env: Env, frameworks: list[FrameworkResult]
) -> list[str]:
    kind, dim = ref.kind, ref.area
    if kind in ("all_yes", "share_yes"):
        return [group_fact(q, env, ref)]
    if kind == "count":
        shown = status_word(ref.target)
        where = f" in {q.dimension_titles.get(dim, dim)}" if dim else ""
        n = env.counts.get((ref.target, dim), 0)
        return [f'{n} answer{"" if n == 1 else "s"} "{shown}"{where}']
    if kind == "met":
        crit = next((c for fw in frameworks for c in fw.criteria if c.id == ref.target), None)
        return [] if crit is None else [f"{crit.text} ({'met' if crit.met else 'not met'})"]
    fw_id = ref.target
    table = env.levels if kind == "level" else env.scores
    got = table.get((fw_id, dim))
    names = {fw.id: fw.title for fw in frameworks}
    where = names.get(fw_id, fw_id) + (f" / {q.dimension_titles.get(dim, dim)}" if dim else "")
    shown = "not rated" if got is None else f"{got:g}"
    return [f"{where} {kind} is {shown}"]
