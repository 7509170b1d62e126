"""Write a blank answers file to fill in by hand (``maturity init``)."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap

from maturity_cli.questionnaire.loader import QuestionDef, Questionnaire

# What a YAML reader refuses in a file, or reads as a line break (which would end a
# comment or fold a quoted string): escaped in strings, replaced in comments.
_UNSAFE = re.compile(
    "[^\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _yaml_scalar(value: object) -> str:
    """A YAML flow scalar that reads back as ``value``, whatever the text holds."""
    if isinstance(value, str):
        return _UNSAFE.sub(_escape, json.dumps(value, ensure_ascii=False))
    return json.dumps(value)


def _one_line(text: str) -> str:
    """Text fit for a YAML comment line: one line, nothing a YAML reader refuses."""
    return _UNSAFE.sub(" ", " ".join(text.splitlines()))


def _allowed(q: QuestionDef) -> str:
    # Values as they must be written in YAML (a "yes" choice needs its quotes).
    return q.describe_allowed(_yaml_scalar)


def _comment(text: str, indent: str = "  ") -> list[str]:
    lines: list[str] = []
    for para in text.strip().splitlines() or [""]:
        wrapped = textwrap.wrap(_one_line(para), width=84) or [""]
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
        _one_line(f"# Answers for {q.title} (questionnaire {q.id!r}, version {q.version})."),
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
            lines += ["", _one_line(f"  # === {title} ===")]
        lines.append("")
        lines += _comment(question.spec.text)
        if question.spec.help:
            lines += _comment(question.spec.help)
        lines.append(_one_line(f"  # Answer: {_allowed(question)}"))
        if question.spec.when:
            lines.append(_one_line(f"  # Asked only when: {question.spec.when}"))
        lines.append(f"  {question.id}:")
    return "\n".join(lines) + "\n"
