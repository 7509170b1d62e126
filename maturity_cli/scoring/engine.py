"""Score a checked answers file: answer statuses, framework levels, recommendations."""

from __future__ import annotations

from collections import Counter
from typing import Any, NamedTuple

import msgspec

from maturity_cli.answers.loader import (
    NOT_APPLICABLE,
    UNKNOWN,
    Answers,
    value_for_file,
)
from maturity_cli.questionnaire.definitions import Memo
from maturity_cli.questionnaire.loader import FrameworkDef, QuestionDef, Questionnaire
from maturity_cli.rules.types import Env, Fn
from maturity_cli.scoring.banded import score_banded
from maturity_cli.scoring.gated import score_gated
from maturity_cli.scoring.next_steps import annotate
from maturity_cli.scoring.recommend import choose_recommendations
from maturity_cli.scoring.result import (
    SCHEMA_VERSION,
    Answer,
    Completeness,
    FrameworkResult,
    QuestionnaireRef,
    Result,
)
from maturity_cli.vocabulary import status_label


def score(answers: Answers) -> Result:
    """Rate one answers file on every framework of its questionnaire."""
    q = answers.questionnaire
    records: list[Answer] = []
    env, warnings = _assess(q, answers, records)
    frameworks = [_score_framework(q, fw, env) for fw in q.frameworks]
    recommendations, set_aside = choose_recommendations(q, env, frameworks)
    frameworks, recommendations = annotate(q, frameworks, recommendations)
    counts = Counter(env.status.values())
    return Result(
        schema_version=SCHEMA_VERSION,
        questionnaire=QuestionnaireRef(id=q.id, version=q.version, title=q.title),
        source=answers.source,
        subject=answers.subject,
        assessor=answers.assessor,
        assessed_on=answers.assessed_on,
        frameworks=frameworks,
        recommendations=recommendations,
        completeness=Completeness(
            total=len(q.questions),
            answered=counts["answered"],
            unknown=counts["unknown"],
            not_applicable=counts["not_applicable"],
            unanswered=counts["unanswered"],
            not_asked=counts["not_asked"],
        ),
        answers=records,
        warnings=[*answers.warnings, *warnings],
        set_aside=set_aside,
        group=answers.group,
    )


class _Question(NamedTuple):
    """What scoring needs of one question, looked up once per questionnaire."""

    id: str
    question: QuestionDef
    #: The compiled ``when`` rule (asked when it gives True), if any.
    when: Fn | None
    #: Its answer records without note (frozen, so shared between files), by status,
    #: or by ``(value, type)`` when answered (1 == 1.0, but they print differently).
    records: Memo


def _questions(q: Questionnaire) -> list[_Question]:
    memo = q.memo("questions for scoring")
    found: list[_Question] | None = memo.get("all")
    if found is None:
        found = memo["all"] = [
            _Question(x.spec.id, x, None if x.when is None else x.when.compiled.fn, Memo(64))
            for x in q.questions
        ]
    return found


def build_env(q: Questionnaire, answers: Answers) -> tuple[Env, list[str]]:
    """Work out each question's status, in order, re-evaluating ``when`` as answers accrue."""
    return _assess(q, answers, None)


def _assess(
    q: Questionnaire, answers: Answers, records: list[Answer] | None
) -> tuple[Env, list[str]]:
    """:func:`build_env`, adding each question's answer record to ``records`` when given
    (one pass over the questions)."""
    env = Env({}, {})
    status, values = env.status, env.values
    warnings: list[str] = []
    given = answers.answers
    for qid, question, when, cache in _questions(q):
        answer = given.get(qid)
        value = None if answer is None else answer.value
        if when is not None and when(env) is not True:
            key = "not_asked"
            if value is not None:
                warnings.append(
                    f"answer to {qid!r} ignored: the question is not asked "
                    f"because its condition does not hold ({question.spec.when})"
                )
            value = None
        elif value is None:
            key = "unanswered"
        elif value in (UNKNOWN, NOT_APPLICABLE):
            key, value = value, None
        else:
            key = "answered"
            values[qid] = value
        status[qid] = key
        if records is None:
            continue
        slot = key if value is None else (value, type(value))
        record = cache.get(slot)
        if record is None:
            record = cache[slot] = _record(question, key, value)
        if answer is not None and (answer.note or answer.evidence):
            record = msgspec.structs.replace(record, note=answer.note, evidence=answer.evidence)
        records.append(record)
    return env, warnings


def _record(question: QuestionDef, status: str, raw: Any) -> Answer:
    spec = question.spec
    return Answer(
        question=spec.id,
        text=spec.text,
        title=question.title,
        dimension=spec.dimension,
        context=spec.context,
        status=status,  # type: ignore[arg-type]
        value=None if raw is None else value_for_file(question, raw),
        display=question.label(raw) if status == "answered" else status_label(status),
        note="",
        evidence="",
        tags=list(spec.tags),
    )


def _score_framework(q: Questionnaire, fw: FrameworkDef, env: Env) -> FrameworkResult:
    result = score_gated(q, fw, env) if fw.spec.style == "gated" else score_banded(q, fw, env)
    env.levels[(fw.id, None)] = result.level
    env.scores[(fw.id, None)] = result.score
    for dim in result.dimensions:
        env.levels[(fw.id, dim.id)] = dim.level
        env.scores[(fw.id, dim.id)] = dim.score
    return result
