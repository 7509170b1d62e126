"""Validate any file maturity-cli reads, telling which kind of file it is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from maturity_cli.answers.loader import parse_answers
from maturity_cli.ci.central import govern, load_central
from maturity_cli.ci.policy import Policy
from maturity_cli.ci.resolve import scope_of_questionnaire, validate_policy
from maturity_cli.errors import InvalidFile, Problem
from maturity_cli.load.catalog import builtin_questionnaires
from maturity_cli.load.kinds import detect_kind
from maturity_cli.load.reader import Locator, parse_document, read_text
from maturity_cli.questionnaire.advice_check import contradiction_problems
from maturity_cli.questionnaire.loader import load_questionnaire, parse_questionnaire
from maturity_cli.scoring.engine import build_env


def validate_file(path: Path, questionnaire_ref: str | None = None) -> tuple[str, list[str]]:
    """Check one file; return a one-line summary and any warnings, or raise."""
    text = read_text(path)
    data = parse_document(text, str(path))
    kind = detect_kind(data)
    if kind == "questionnaire":
        q = parse_questionnaire(text, str(path), path)
        problems = contradiction_problems(q, Locator(text, str(path)))
        if problems:
            raise InvalidFile(problems)
        return (
            f"questionnaire {q.id!r} {q.version}: {len(q.questions)} questions, "
            f"{len(q.frameworks)} framework(s), {len(q.recommendations)} recommendation(s)",
            list(q.warnings),
        )
    if kind == "answers":
        answers = parse_answers(text, str(path), None, questionnaire_ref, base=path.parent)
        env, warnings = build_env(answers.questionnaire, answers)
        # Counted as `score` counts them: a real answer to a question that is asked.
        answered = sum(1 for status in env.status.values() if status == "answered")
        total = len(answers.questionnaire.questions)
        return (
            f"answers for {answers.questionnaire.id!r} ({answered} of {total} answered)",
            [*answers.warnings, *warnings],
        )
    if kind == "policy":
        policy = load_central(path)
        govern(policy, dt.date.today())
        names = _check_policy(policy, questionnaire_ref, path)
        return (
            f"policy with {len(policy.targets)} target(s), checked against {names}",
            [],
        )
    raise InvalidFile(
        Problem(
            "not a questionnaire, answers file or policy",
            file=str(path),
            line=1,
            hint="a questionnaire has 'questions'; an answers file has 'questionnaire' and "
            "'answers'; a policy has 'targets'",
        )
    )


def _check_policy(policy: Policy, questionnaire_ref: str | None, path: Path) -> str:
    """Check a policy's ids against ``-q``, else every built-in questionnaire."""
    if questionnaire_ref is not None:
        questionnaires = [load_questionnaire(questionnaire_ref, base=path.parent)]
    else:
        questionnaires = [load_questionnaire(ref) for ref in builtin_questionnaires()]
    validate_policy(policy, [scope_of_questionnaire(q) for q in questionnaires])
    return ", ".join(f"questionnaire {q.spec.id!r}" for q in questionnaires) or "nothing"
