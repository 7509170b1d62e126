"""Score a checked answers file: answer statuses, framework levels, recommendations."""

from __future__ import annotations

from maturity_cli.answers.loader import NOT_APPLICABLE, UNKNOWN, Answers, value_for_file
from maturity_cli.questionnaire.loader import FrameworkDef, Questionnaire
from maturity_cli.rules.types import Env
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
    env, warnings = build_env(q, answers)
    frameworks = [_score_framework(q, fw, env) for fw in q.frameworks]
    recommendations, set_aside = choose_recommendations(q, env, frameworks)
    frameworks, recommendations = annotate(q, frameworks, recommendations)
    counts = {"answered": 0, "unknown": 0, "not_applicable": 0, "unanswered": 0, "not_asked": 0}
    for status in env.status.values():
        counts[status] += 1
    return Result(
        schema_version=SCHEMA_VERSION,
        questionnaire=QuestionnaireRef(id=q.id, version=q.version, title=q.title),
        source=answers.source,
        subject=answers.subject,
        assessor=answers.assessor,
        assessed_on=answers.assessed_on,
        frameworks=frameworks,
        recommendations=recommendations,
        completeness=Completeness(total=len(q.questions), **counts),
        answers=_answer_records(q, answers, env),
        warnings=[*answers.warnings, *warnings],
        set_aside=set_aside,
        group=answers.group,
    )


def build_env(q: Questionnaire, answers: Answers) -> tuple[Env, list[str]]:
    """Work out each question's status, in order, re-evaluating ``when`` as answers accrue."""
    env = Env({}, {})
    status, values = env.status, env.values
    warnings: list[str] = []
    given = answers.answers
    for question in q.questions:
        qid = question.spec.id
        answer = given.get(qid)
        when = question.when
        if when is not None and when.compiled.fn(env) is not True:  # Rule.holds, inlined
            status[qid] = "not_asked"
            if answer is not None and answer.value is not None:
                warnings.append(
                    f"answer to {qid!r} ignored: the question is not asked "
                    f"because its condition does not hold ({question.spec.when})"
                )
            continue
        value = None if answer is None else answer.value
        if value is None:
            status[qid] = "unanswered"
        elif value == UNKNOWN:
            status[qid] = "unknown"
        elif value == NOT_APPLICABLE:
            status[qid] = "not_applicable"
        else:
            status[qid] = "answered"
            values[qid] = value
    return env, warnings


def _answer_records(q: Questionnaire, answers: Answers, env: Env) -> list[Answer]:
    cache = q.memo("answer records")  # frozen: one per (question, status, value) is enough
    records = []
    statuses, values, given_all = env.status, env.values, answers.answers
    for question in q.questions:
        qid = question.spec.id
        status = statuses[qid]
        raw = values.get(qid) if status == "answered" else None
        given = given_all.get(qid)
        noted = given is not None and (given.note or given.evidence)
        key = (qid, status, raw, type(raw))  # 1 == 1.0, but they print differently
        record = None if noted else cache.get(key)
        if record is None:
            spec = question.spec
            record = Answer(
                question=qid,
                text=spec.text,
                title=question.title,
                dimension=spec.dimension,
                context=spec.context,
                status=status,  # type: ignore[arg-type]
                value=None if raw is None else value_for_file(question, raw),
                display=question.label(raw) if status == "answered" else status_label(status),
                note=given.note if given else "",
                evidence=given.evidence if given else "",
                tags=list(spec.tags),
            )
            if not noted:
                cache[key] = record
        records.append(record)
    return records


def _score_framework(q: Questionnaire, fw: FrameworkDef, env: Env) -> FrameworkResult:
    result = score_gated(q, fw, env) if fw.spec.style == "gated" else score_banded(q, fw, env)
    env.levels[(fw.id, None)] = result.level
    env.scores[(fw.id, None)] = result.score
    for dim in result.dimensions:
        env.levels[(fw.id, dim.id)] = dim.level
        env.scores[(fw.id, dim.id)] = dim.score
    return result
