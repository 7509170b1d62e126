"""Validate any file maturity-cli reads, telling which kind of file it is."""

from __future__ import annotations

from pathlib import Path

from maturity_cli.answers.loader import parse_answers
from maturity_cli.ci.policy import load_policy
from maturity_cli.errors import InvalidFile, Problem
from maturity_cli.load.kinds import detect_kind
from maturity_cli.load.reader import Locator, parse_document, read_text
from maturity_cli.questionnaire.advice_check import contradiction_problems
from maturity_cli.questionnaire.loader import parse_questionnaire
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
            [],
        )
    if kind == "answers":
        answers = parse_answers(text, str(path), None, questionnaire_ref, base=path.parent)
        _, warnings = build_env(answers.questionnaire, answers)
        return (
            f"answers for {answers.questionnaire.id!r} ({len(answers.answers)} answered)",
            [*answers.warnings, *warnings],
        )
    if kind == "policy":
        policy = load_policy(path)
        return (f"policy with {len(policy.targets)} target(s)", [])
    raise InvalidFile(
        Problem(
            "not a questionnaire, answers file or policy",
            file=str(path),
            line=1,
            hint="a questionnaire has 'questions'; an answers file has 'questionnaire' and "
            "'answers'; a policy has 'targets'",
        )
    )
