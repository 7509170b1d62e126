"""Words shown to users, defined once: answer statuses and how each output names them.

Every output (terminal, Markdown, HTML, JSON, diff, the interview) takes its words
from here, so "don't know" reads the same everywhere and a change is one line.
"""

from __future__ import annotations

from enum import Enum


class AnswerStatus(str, Enum):
    """What became of one question in an answers file."""

    ANSWERED = "answered"
    UNKNOWN = "unknown"  # the respondent said "don't know"
    NOT_APPLICABLE = "not_applicable"
    UNANSWERED = "unanswered"  # asked, but left blank
    NOT_ASKED = "not_asked"  # its `when` condition did not hold

    def __str__(self) -> str:
        return self.value

    @property
    def word(self) -> str:
        """How the status reads inside a sentence: ``don't know``."""
        return STATUS_WORDS[self]

    @property
    def label(self) -> str:
        """How the status reads on its own, as a table cell: ``Don't know``."""
        word = STATUS_WORDS[self]
        return word[:1].upper() + word[1:]


STATUS_WORDS: dict[AnswerStatus, str] = {
    AnswerStatus.ANSWERED: "answered",
    AnswerStatus.UNKNOWN: "don't know",
    AnswerStatus.NOT_APPLICABLE: "not applicable",
    AnswerStatus.UNANSWERED: "not answered",
    AnswerStatus.NOT_ASKED: "not asked",
}

#: The special values an answers file may give instead of a real answer.
SPECIAL_ANSWERS = (AnswerStatus.UNKNOWN, AnswerStatus.NOT_APPLICABLE)

#: Statuses that deserve a follow-up: someone should find the answer.
FOLLOW_UP = (AnswerStatus.UNKNOWN, AnswerStatus.UNANSWERED)

#: What a person may type for a special answer (files and the line interview).
SPECIAL_ANSWER_ALIASES: dict[str, str] = {
    "unknown": AnswerStatus.UNKNOWN.value,
    "don't know": AnswerStatus.UNKNOWN.value,
    "dont_know": AnswerStatus.UNKNOWN.value,
    "dk": AnswerStatus.UNKNOWN.value,
    "not_applicable": AnswerStatus.NOT_APPLICABLE.value,
    "n/a": AnswerStatus.NOT_APPLICABLE.value,
    "na": AnswerStatus.NOT_APPLICABLE.value,
}


def as_clause(sentence: str) -> str:
    """A sentence as a clause inside another: no full stop, lower-case start (not acronyms)."""
    text = " ".join(sentence.split()).rstrip(".")
    first = text.split(" ", 1)[0]
    return text if len(first) > 1 and first.isupper() else text[:1].lower() + text[1:]


def status_word(status: str) -> str:
    """The in-sentence word for a status value (unknown values are shown as they are)."""
    try:
        return AnswerStatus(status).word
    except ValueError:
        return status


def status_label(status: str) -> str:
    """The stand-alone label for a status value (unknown values are shown as they are)."""
    try:
        return AnswerStatus(status).label
    except ValueError:
        return status
