"""Write a blank answers file to fill in by hand (``maturity init``)."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

from maturity_cli.questionnaire.loader import QuestionDef, Questionnaire


def _yaml_scalar(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value)


def _allowed(q: QuestionDef) -> str:
    # Values as they must be written in YAML (a "yes" choice needs its quotes).
    return q.describe_allowed(_yaml_scalar)


def _comment(text: str, indent: str = "  ") -> list[str]:
    lines: list[str] = []
    for para in text.strip().splitlines() or [""]:
        wrapped = textwrap.wrap(para, width=84) or [""]
        lines.extend(f"{indent}# {w}".rstrip() for w in wrapped)
    return lines


def answers_template(
    q: Questionnaire,
    *,
    questionnaire_ref: str,
    subject: str = "",
    assessor: str = "",
    assessed_on: dt.date | None = None,
) -> str:
    """YAML text with every question, its help and allowed values, and a blank answer."""
    date = assessed_on.isoformat() if assessed_on else "null"
    lines = [
        f"# Answers for {q.title} (questionnaire {q.id!r}, version {q.version}).",
        "# Fill in each answer after its colon; leave it empty if not answered yet.",
        "# Special answers: unknown (don't know) and not_applicable, where allowed.",
        "# An answer can carry a note and an evidence link:",
        '#   question_id: {value: yes, note: "...", evidence: "https://..."}',
        "# Check it with: maturity validate FILE    Score it with: maturity score FILE",
        f"questionnaire: {_yaml_scalar(questionnaire_ref)}",
        f"questionnaire_version: {_yaml_scalar(q.version)}",
        f"subject: {_yaml_scalar(subject)}  # the team or product assessed",
        f"assessor: {_yaml_scalar(assessor)}",
        f"assessed_on: {date}  # YYYY-MM-DD",
        "answers:",
    ]
    section: str | None = "\0"
    for question in q.questions:
        dim = question.spec.dimension if not question.spec.context else None
        if dim != section:
            section = dim
            title = (
                q.dimension_titles.get(dim, "") if dim else "Context (not scored; steers advice)"
            )
            lines += ["", f"  # === {title} ==="]
        lines.append("")
        lines += _comment(question.spec.text)
        if question.spec.help:
            lines += _comment(question.spec.help)
        lines.append(f"  # Answer: {_allowed(question)}")
        if question.spec.when:
            lines.append(f"  # Asked only when: {question.spec.when}")
        lines.append(f"  {question.id}:")
    return "\n".join(lines) + "\n"
