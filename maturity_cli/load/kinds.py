"""Which kind of file a parsed document is: questionnaire, answers file or CI policy."""

from __future__ import annotations


def detect_kind(data: object) -> str | None:
    """Guess whether a parsed document is a questionnaire, answers file or policy."""
    if not isinstance(data, dict):
        return None
    if "questions" in data or "frameworks" in data:
        return "questionnaire"
    if "answers" in data or "subject" in data:
        return "answers"
    if "targets" in data or "waivers" in data or "max_age_days" in data:
        return "policy"
    return None
