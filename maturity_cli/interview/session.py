"""The interview behind ``maturity assess``: which question comes next, and the answers file.

This module never prints and never touches the terminal. It keeps the answers given
so far, the ordered list of *askable* questions (those whose ``when`` holds given the
answers, recomputed after every change with the scoring engine's own rules), the
current position, and writes a valid answers file after every change when it has a
path to save to.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from msgspec.structs import replace

from maturity_cli.answers.loader import (
    NOT_APPLICABLE,
    UNKNOWN,
    Answers,
    GivenAnswer,
    check_value,
    value_for_file,
)
from maturity_cli.files import own_output, write_atomic
from maturity_cli.interview.comments import with_comments
from maturity_cli.questionnaire.loader import QuestionDef, Questionnaire
from maturity_cli.scoring.engine import build_env

CONTEXT_SECTION = "Context"
SPECIAL_LABELS = {UNKNOWN: "Don't know", NOT_APPLICABLE: "Not applicable"}


@dataclass(frozen=True)
class Progress:
    """Where the interview stands: 1-based position among the askable questions.

    ``estimate`` is the number of questions the interview will probably ask in all:
    the askable ones plus half of the conditional questions that earlier, still
    unanswered questions could switch on (``exact`` when there are none). Sections
    are runs of consecutive questions with the same section title.
    """

    position: int
    total: int
    section: str
    answered: int
    section_number: int = 1
    sections: int = 1
    estimate: int = 0
    exact: bool = True

    def where(self) -> str:
        """``section 3 of 8 · question 12 of about 60`` (``of 60`` when it is certain)."""
        about = "" if self.exact else "about "
        return (
            f"section {self.section_number} of {self.sections} · "
            f"question {self.position} of {about}{max(self.estimate, self.total)}"
        )


# -- how answers are offered and typed (shared by every prompter) --


@dataclass(frozen=True)
class Option:
    """One line of a choice list: a choice, yes/no, or a special answer."""

    label: str
    value: Any
    help: str = ""
    special: bool = False


def options_for(q: QuestionDef) -> list[Option]:
    """The pickable lines of a question (empty for number and text questions)."""
    if q.type == "yes_no":
        opts = [Option("Yes", True), Option("No", False)]
    elif q.type in ("single_choice", "scale", "multiple_choice"):
        opts = [Option(c.label, c.value, c.help) for c in q.choices]
    else:
        opts = []
    for value, allowed in ((UNKNOWN, q.spec.allow_unknown), (NOT_APPLICABLE, q.spec.allow_na)):
        if allowed and opts:
            opts.append(Option(SPECIAL_LABELS[value], value, special=True))
    return opts


def parse_number(text: str) -> int | float:
    """A typed number (``12``, ``-3.5``, ``1e3``); ``ValueError`` with a clear message."""
    cleaned = text.strip().replace("_", "")
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"expected a number, found {text.strip()!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"expected a finite number, found {text.strip()!r}")
    return value


def describe(q: QuestionDef, value: Any) -> str:
    """An answer value in words, including the special answers."""
    if isinstance(value, str) and value in SPECIAL_LABELS and q.type != "text":
        return SPECIAL_LABELS[value]
    return q.label(frozenset(value) if isinstance(value, list) else value)


class Interview:
    """The state of one assessment interview.

    ``answers`` maps question ids to :class:`GivenAnswer` (or anything with
    ``value``, ``note`` and ``evidence``); values must already be checked, as
    :func:`maturity_cli.answers.loader.load_answers` returns them. With ``path`` set, every
    change is saved there at once (atomically).
    """

    def __init__(
        self,
        questionnaire: Questionnaire,
        answers: Mapping[str, Any] | None = None,
        *,
        questionnaire_ref: str | None = None,
        subject: str = "",
        assessor: str = "",
        assessed_on: dt.date | str | None = None,
        path: Path | None = None,
        comments: dict[str, list[str]] | None = None,
    ) -> None:
        self.questionnaire = questionnaire
        self.comments = comments or {}
        self.questionnaire_ref = questionnaire_ref or questionnaire.id
        self.subject = subject
        self.assessor = assessor
        self.assessed_on = assessed_on if assessed_on is not None else dt.date.today()
        self.path = path
        self.answers: dict[str, GivenAnswer] = {
            qid: GivenAnswer(a.value, a.note, a.evidence) for qid, a in (answers or {}).items()
        }
        self._askable: list[QuestionDef] = []
        self._undecided: set[str] = set()
        self._refresh()
        self.index = self.first_unanswered()

    # -- the askable questions -------------------------------------------------------

    def _refresh(self) -> None:
        env, _ = build_env(self.questionnaire, self.as_answers())
        self._askable = [q for q in self.questionnaire.questions if env.status[q.id] != "not_asked"]
        # Not asked now, but a still-open question (or another such) could switch it on.
        open_ids = {q.id for q in self._askable if not self.is_answered(q.id)}
        self._undecided = set()
        for q in self.questionnaire.questions:
            if env.status[q.id] == "not_asked" and q.when is not None:
                if any(ref in open_ids or ref in self._undecided for ref in q.when.questions):
                    self._undecided.add(q.id)

    @property
    def askable(self) -> tuple[QuestionDef, ...]:
        """The questions to ask, in order, given the answers so far."""
        return tuple(self._askable)

    @property
    def current(self) -> QuestionDef | None:
        """The question at the current position; ``None`` once past the last one."""
        return self._askable[self.index] if self.index < len(self._askable) else None

    @property
    def finished(self) -> bool:
        """Whether the position is past the last askable question."""
        return self.current is None

    def value_of(self, qid: str) -> Any:
        """The answer value given to a question (``None`` when not answered)."""
        given = self.answers.get(qid)
        return None if given is None else given.value

    def is_answered(self, qid: str) -> bool:
        return self.value_of(qid) is not None

    def first_unanswered(self) -> int:
        """Position of the first askable question without an answer (resume point)."""
        for i, q in enumerate(self._askable):
            if not self.is_answered(q.id):
                return i
        return len(self._askable)

    @property
    def complete(self) -> bool:
        """Whether every askable question has an answer."""
        return self.first_unanswered() == len(self._askable)

    def section(self, q: QuestionDef) -> str:
        """The dimension title of a question, or ``Context`` for context questions."""
        dim = q.spec.dimension
        if q.spec.context or dim is None:
            return CONTEXT_SECTION
        return self.questionnaire.dimension_titles.get(dim, dim)

    def progress(self) -> Progress:
        """Position (1-based, capped at the total), estimate and section of the current question."""
        total = len(self._askable)
        q = self.current
        answered = sum(1 for a in self._askable if self.is_answered(a.id))
        section = self.section(q) if q is not None else ""
        runs: list[str] = []  # the section of each run, over the questions likely to be asked
        number = 0
        likely = self._undecided | {a.id for a in self._askable}
        for other in self.questionnaire.questions:
            if other.id in likely:
                title = self.section(other)
                if not runs or runs[-1] != title:
                    runs.append(title)
                if other is q:
                    number = len(runs)
        undecided = len(self._undecided)
        return Progress(
            min(self.index + 1, total),
            total,
            section,
            answered,
            section_number=number or len(runs),
            sections=max(1, len(runs)),
            estimate=total + (undecided + 1) // 2,
            exact=undecided == 0,
        )

    # -- moving through the interview ------------------------------------------------

    def answer(self, raw: Any) -> Any:
        """Check ``raw`` with the answers-file validator, record it and move on.

        Changing or keeping an earlier answer moves to the next question (a review goes
        on in order); answering an open question moves to the next open one, so filling
        a gap left when resuming does not replay the answers given after it.
        Returns the normalised value; raises ``ValueError`` (position unchanged) when
        the answer is not valid for the current question.
        """
        q = self._require_current()
        value = check_value(q, raw)
        was_open = not self.is_answered(q.id)
        old = self.answers.get(q.id, GivenAnswer(None))
        self.answers[q.id] = replace(old, value=value)
        self._after_change(q)
        if was_open:
            while self.current is not None and self.is_answered(self.current.id):
                self.index += 1
        return value

    def skip(self) -> None:
        """Leave the current question unanswered (dropping any earlier answer) and move on."""
        q = self._require_current()
        old = self.answers.get(q.id)
        if old is not None:
            if old.note or old.evidence:
                self.answers[q.id] = replace(old, value=None)
            else:
                del self.answers[q.id]
        self._after_change(q)

    def back(self) -> bool:
        """Go to the previous askable question; ``False`` when already at the first."""
        if self.index == 0:
            return False
        self.index = min(self.index, len(self._askable)) - 1
        return True

    def restart(self) -> None:
        """Go back to the first question, to review a complete set of answers."""
        self.index = 0

    def _require_current(self) -> QuestionDef:
        q = self.current
        if q is None:
            raise IndexError("the interview is past its last question")
        return q

    def _after_change(self, q: QuestionDef) -> None:
        self._refresh()
        # A question's ``when`` only reads earlier questions, so ``q`` stays askable.
        self.index = self._askable.index(q) + 1
        self.save()

    # -- the answers file ------------------------------------------------------------

    def as_answers(self, source: str = "<interview>") -> Answers:
        """The answers so far as a checked :class:`Answers`, ready to score."""
        date = self.assessed_on
        return Answers(
            questionnaire=self.questionnaire,
            subject=self.subject,
            assessor=self.assessor,
            assessed_on=date.isoformat() if isinstance(date, dt.date) else date,
            answers=dict(self.answers),
            source=source,
        )

    def to_yaml(self) -> str:
        """An answers file (as ``maturity init`` writes) with every askable question.

        Unanswered questions are written as empty; the values of questions that are
        no longer asked are left out (see :meth:`left_out`), so the file scores without
        warnings, but their notes and evidence stay, and so do hand-written comments.
        """
        answers: dict[str, Any] = {}
        askable = set(map(id, self._askable))
        for q in self.questionnaire.questions:
            given = self.answers.get(q.id)
            noted = given is not None and bool(given.note or given.evidence)
            if id(q) not in askable and not noted:
                continue
            value = None if given is None or given.value is None else value_for_file(q, given.value)
            if id(q) not in askable:
                value = None  # its note stays; the value is reported by left_out()
            if given is not None and noted:
                entry: dict[str, Any] = {"value": value}
                if given.note:
                    entry["note"] = given.note
                if given.evidence:
                    entry["evidence"] = given.evidence
                answers[q.id] = entry
            else:
                answers[q.id] = value
        date = self.assessed_on
        if isinstance(date, str):
            with contextlib.suppress(ValueError):
                date = dt.date.fromisoformat(date)
        doc = {
            "questionnaire": self.questionnaire_ref,
            "questionnaire_version": self.questionnaire.version,
            "subject": self.subject,
            "assessor": self.assessor,
            "assessed_on": date,
            "answers": answers,
        }
        body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=88)
        title = " ".join(f"{self.questionnaire.title} ({self.questionnaire.version})".split())
        head = (
            f"# Answers for {title},\n"
            "# written by `maturity assess`. Score with: maturity score FILE\n"
        )
        return with_comments(head + body, self.comments)

    def left_out(self) -> list[str]:
        """Ids of answers kept in memory but not written: their question is not asked."""
        askable = {q.id for q in self._askable}
        return [
            qid for qid, a in self.answers.items() if qid not in askable and a.value is not None
        ]

    def save(self, path: Path | None = None) -> None:
        """Write the answers file atomically to ``path`` (default: the interview's path)."""
        target = path if path is not None else self.path
        if target is not None:
            own_output(target)  # the interview's answers file is its own: it may replace it
            write_atomic(target, self.to_yaml())
