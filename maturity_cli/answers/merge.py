"""Several respondents for one team: a consensus answer per question, and where they disagree.

Rules (``median`` is the default):

- ``median``: the middle answer of the ordered ones (yes/no, scales by position,
  numbers); with an even count, the lower of the two middle answers.
- ``min``: the lowest answer (the most cautious reading).
- ``majority``: the most common answer; a tie goes to the lower answer.

Unordered questions (single choice, text) always use the most common answer, a
tie going to the earlier choice (or the first respondent's text). For multiple
choice, ``min`` keeps the choices everyone picked, ``median`` and ``majority``
those picked by more than half. "Don't know" and "not applicable" only count
when nobody gave a real answer.

The spread of a question is measured in steps: positions on a scale, 0/1 for
yes/no, units for numbers, distinct answers less one for single choice and text,
and the number of choices some but not all picked for multiple choice. A spread
above one step is flagged for discussion.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any, Literal

import msgspec
import yaml

from maturity_cli.answers.loader import (
    NOT_APPLICABLE,
    UNKNOWN,
    Answers,
    GivenAnswer,
    value_for_file,
)
from maturity_cli.errors import Problem, UsageError
from maturity_cli.questionnaire.loader import QuestionDef, Questionnaire

Rule = Literal["median", "min", "majority"]
RULES: tuple[Rule, ...] = ("median", "min", "majority")
DEFAULT_RULE: Rule = "median"
_ORDERED = ("yes_no", "scale", "number")


class QuestionSpread(msgspec.Struct, frozen=True, kw_only=True):
    """How respondents answered one question, and the consensus."""

    question: str
    title: str
    dimension: str | None
    answers: dict[str, str]
    consensus: str
    spread: float
    flagged: bool


class DimensionSpread(msgspec.Struct, frozen=True, kw_only=True):
    """How much respondents disagree within one dimension."""

    dimension: str
    questions: int
    disagreements: int
    flagged: int
    max_spread: float


class Merged(msgspec.Struct, frozen=True, kw_only=True):
    """The consensus answers and the spread behind them."""

    answers: Answers
    rule: Rule
    respondents: list[str]
    questions: list[QuestionSpread]
    dimensions: list[DimensionSpread]

    @property
    def flagged(self) -> list[QuestionSpread]:
        return [q for q in self.questions if q.flagged]


def _key(q: QuestionDef, value: Any) -> float:
    if q.type == "scale":
        return float(q.values.index(value))
    return float(value)  # yes/no (False < True) and numbers


def _is_real(value: Any) -> bool:
    return value is not None and value not in (UNKNOWN, NOT_APPLICABLE)


def consensus(q: QuestionDef, values: Sequence[Any], rule: Rule) -> Any:
    """The consensus of several real answers to one question."""
    if q.type == "multiple_choice":
        counts = Counter(v for picked in values for v in picked)
        needed = len(values) if rule == "min" else len(values) // 2 + 1
        return frozenset(v for v, n in counts.items() if n >= needed)
    if q.type in _ORDERED:
        ordered = sorted(values, key=lambda v: _key(q, v))
        if rule == "min":
            return ordered[0]
        if rule == "median":
            return ordered[(len(ordered) - 1) // 2]
    counts = Counter(values)
    best = max(counts.values())
    tied = [v for v in values if counts[v] == best]
    if q.type in _ORDERED:
        return min(tied, key=lambda v: _key(q, v))
    if q.type == "single_choice":
        return min(tied, key=q.values.index)
    return tied[0]


def spread(q: QuestionDef, values: Sequence[Any]) -> float:
    """How far apart real answers are, in steps (0 when they agree)."""
    if len(values) < 2:
        return 0.0
    if q.type in _ORDERED:
        keys = [_key(q, v) for v in values]
        return max(keys) - min(keys)
    if q.type == "multiple_choice":
        every = frozenset.intersection(*map(frozenset, values))
        return float(len(frozenset().union(*values) - every))
    return float(len(set(values)) - 1)


def _special(values: Sequence[Any]) -> Any:
    specials = Counter(v for v in values if v in (UNKNOWN, NOT_APPLICABLE))
    if not specials:
        return None
    best = max(specials.values())
    return UNKNOWN if specials[UNKNOWN] == best else NOT_APPLICABLE


def _shown(q: QuestionDef, value: Any) -> str:
    if value is None:
        return "not answered"
    if value in (UNKNOWN, NOT_APPLICABLE):
        return str(value).replace("_", " ")
    if isinstance(value, frozenset):
        return ", ".join(str(v) for v in value_for_file(q, value)) or "none"
    return q.label(value)


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _labels(respondents: Sequence[Answers]) -> list[str]:
    labels = [a.assessor or a.source for a in respondents]
    counts = Counter(labels)
    return [
        f"{label} ({a.source})" if counts[label] > 1 else label
        for label, a in zip(labels, respondents, strict=True)
    ]


def check_same_team(respondents: Sequence[Answers]) -> None:
    """Respondents must answer the same questionnaire about the same subject."""
    if not respondents:
        raise UsageError(Problem("give at least one answers file"))
    first = respondents[0]
    for other in respondents[1:]:
        if other.questionnaire.id != first.questionnaire.id:
            raise UsageError(
                Problem(
                    f"answers a different questionnaire ({other.questionnaire.id!r}, not {first.questionnaire.id!r})",
                    file=other.source,
                    hint="merge only answers to the same questionnaire",
                )
            )
        if other.subject != first.subject:
            raise UsageError(
                Problem(
                    f"is about {other.subject!r}, not {first.subject!r}",
                    file=other.source,
                    hint="merge only answers about the same team; correct the subject if it is a typo",
                )
            )


def _merge_question(
    q: QuestionDef, given: list[GivenAnswer | None], labels: list[str], rule: Rule
) -> tuple[GivenAnswer | None, QuestionSpread]:
    values = [g.value if g else None for g in given]
    real = [v for v in values if _is_real(v)]
    value = consensus(q, real, rule) if real else _special(values)
    amount = spread(q, real)
    notes = [f"{label}: {g.note}" for label, g in zip(labels, given, strict=True) if g and g.note]
    evidence = " ".join(dict.fromkeys(g.evidence for g in given if g and g.evidence))
    answers = {label: _shown(q, v) for label, v in zip(labels, values, strict=True)}
    steps = f"{amount:g} step" + ("" if amount == 1 else "s")
    summary = "; ".join(f"{k}: {v}" for k, v in answers.items())
    note = f"{rule} of {summary} (spread {steps})"
    merged = (
        None
        if value is None and not notes
        else GivenAnswer(value, "\n".join([note, *notes]), evidence)
    )
    info = QuestionSpread(
        question=q.spec.id,
        title=q.title,
        dimension=q.spec.dimension,
        answers=answers,
        consensus=_shown(q, value),
        spread=amount,
        flagged=amount > 1,
    )
    return merged, info


def _dimensions(q: Questionnaire, spreads: list[QuestionSpread]) -> list[DimensionSpread]:
    out = []
    for dim in q.spec.dimensions:
        mine = [s for s in spreads if s.dimension == dim.id]
        out.append(
            DimensionSpread(
                dimension=dim.id,
                questions=len(mine),
                disagreements=sum(s.spread > 0 for s in mine),
                flagged=sum(s.flagged for s in mine),
                max_spread=max((s.spread for s in mine), default=0.0),
            )
        )
    return out


def merge_answers(respondents: Sequence[Answers], rule: Rule = DEFAULT_RULE) -> Merged:
    """Combine several respondents' answers about one team into a consensus."""
    check_same_team(respondents)
    first = respondents[0]
    q = first.questionnaire
    labels = _labels(respondents)
    if len(respondents) == 1:
        return Merged(answers=first, rule=rule, respondents=labels, questions=[], dimensions=[])
    merged: dict[str, GivenAnswer] = {}
    spreads: list[QuestionSpread] = []
    for question in q.questions:
        qid = question.spec.id
        given = [a.answers.get(qid) for a in respondents]
        if all(g is None for g in given):
            continue
        answer, info = _merge_question(question, given, labels, rule)
        spreads.append(info)
        if answer is not None:
            merged[qid] = answer
    dates = sorted(d for d in (_date(a.assessed_on) for a in respondents) if d is not None)
    answers = msgspec.structs.replace(
        first,
        assessor=f"consensus ({rule}) of " + ", ".join(labels),
        assessed_on=dates[-1].isoformat() if dates else None,
        answers=merged,
        source="consensus",
        warnings=(),
    )
    return Merged(
        answers=answers,
        rule=rule,
        respondents=labels,
        questions=spreads,
        dimensions=_dimensions(q, spreads),
    )


def merged_file_text(merged: Merged, questionnaire_ref: str) -> str:
    """The consensus as an answers file (YAML), the spread of each answer in its note."""
    a = merged.answers
    q = a.questionnaire
    body: dict[str, Any] = {}
    for question in q.questions:
        given = a.answers.get(question.spec.id)
        if given is None:
            continue
        value = value_for_file(question, given.value)
        extra = {k: v for k, v in (("note", given.note), ("evidence", given.evidence)) if v}
        body[question.spec.id] = {"value": value, **extra} if extra else value
    data: dict[str, Any] = {
        "questionnaire": questionnaire_ref,
        "questionnaire_version": q.version,
        "subject": a.subject,
        "assessor": a.assessor,
        "assessed_on": _date(a.assessed_on) or a.assessed_on,
        "answers": body,
    }
    head = [
        f"# Written by maturity merge: {len(merged.respondents)} respondent(s), rule {merged.rule}."
    ]
    if merged.flagged:
        head.append(
            "# Respondents disagree by more than one step on: "
            + ", ".join(s.question for s in merged.flagged)
        )
    text = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )
    return "\n".join(head) + "\n" + text
