"""The answers file: loading it and checking every answer against its questionnaire."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Annotated, Any

import msgspec

from maturity_cli.errors import InvalidFile, Problem, ProblemList
from maturity_cli.load.convert import convert
from maturity_cli.load.reader import Locator, parse_document, read_text
from maturity_cli.questionnaire.loader import QuestionDef, Questionnaire, load_questionnaire
from maturity_cli.vocabulary import SPECIAL_ANSWER_ALIASES, AnswerStatus

UNKNOWN = AnswerStatus.UNKNOWN.value
NOT_APPLICABLE = AnswerStatus.NOT_APPLICABLE.value
_SPECIAL_ALIASES = SPECIAL_ANSWER_ALIASES
GROUP_MAX = 80
"""The longest ``group`` an answers file may give (a name, not a description)."""
GROUP_PATTERN = r"^[^\x00-\x1f\x7f]*$"
"""A ``group`` is one line of text: no line breaks, tabs or control characters."""


class AnswerEntry(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """An answer given in long form, with a note and an evidence link."""

    value: Any = None
    note: str = ""
    evidence: str = ""


class AnswersFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A whole answers file, as written by hand, by ``init`` or by ``assess``."""

    questionnaire: Annotated[str, msgspec.Meta(min_length=1)]
    subject: str
    questionnaire_version: str | None = None
    assessor: str = ""
    assessed_on: Any = None
    #: The part of the organisation the team belongs to (organisation reports group by it).
    group: Annotated[
        str,
        msgspec.Meta(
            max_length=GROUP_MAX,
            pattern=GROUP_PATTERN,
            description="The part of the organisation the team belongs to (one line).",
        ),
    ] = ""
    answers: dict[str, Any] = {}


class GivenAnswer(msgspec.Struct, frozen=True):
    """One checked answer: its value (or ``unknown`` / ``not_applicable``) and notes."""

    value: Any
    note: str = ""
    evidence: str = ""


class Answers(msgspec.Struct, frozen=True):
    """An answers file checked against its questionnaire."""

    questionnaire: Questionnaire
    subject: str
    assessor: str
    assessed_on: str | None
    answers: dict[str, GivenAnswer]
    source: str
    warnings: tuple[str, ...] = ()
    #: The questionnaire version the file says it answers (``None`` when it does not say).
    answered_version: str | None = None
    #: The part of the organisation the team belongs to ("" when the file does not say).
    group: str = ""


def load_answers(
    path: Path,
    questionnaire: Questionnaire | None = None,
    *,
    questionnaire_ref: str | None = None,
) -> Answers:
    """Load an answers file and check it against its questionnaire.

    The questionnaire is the one given, else ``questionnaire_ref``, else the one the
    file names (a built-in id, or a path relative to the answers file).
    """
    text = read_text(path)
    if questionnaire is None and questionnaire_ref is not None:
        # A questionnaire named on the command line is relative to where the user is.
        questionnaire = load_questionnaire(questionnaire_ref)
    return parse_answers(text, str(path), questionnaire, base=path.parent)


def parse_answers(
    text: str,
    filename: str,
    questionnaire: Questionnaire | None = None,
    questionnaire_ref: str | None = None,
    *,
    base: Path | None = None,
) -> Answers:
    """Check answers text (YAML or JSON) against a questionnaire."""
    data = parse_document(text, filename)
    locator = Locator(text, filename)
    spec: AnswersFile = convert(data, AnswersFile, locator, "answers file")
    if questionnaire is None:
        ref = questionnaire_ref or spec.questionnaire
        try:
            questionnaire = load_questionnaire(ref, base)
        except InvalidFile as exc:
            first = exc.problems[0]
            if first.file is None or first.line is None:  # point at the reference itself
                if first.file is not None:
                    first = Problem(f"questionnaire {first.file}: {first.message}", hint=first.hint)
                raise InvalidFile(
                    locator.problem(first.message, ["questionnaire"], hint=first.hint)
                ) from None
            # Say which answers file needs it: in a batch, the questionnaire alone is not enough.
            context = locator.problem(f"its questionnaire {ref!r} is invalid:", ["questionnaire"])
            raise InvalidFile([context, *exc.problems]) from None
    return _check(spec, questionnaire, locator, filename)


def _check(spec: AnswersFile, q: Questionnaire, loc: Locator, filename: str) -> Answers:
    problems = ProblemList()
    warnings: list[str] = []
    if spec.questionnaire_version and spec.questionnaire_version != q.version:
        warnings.append(
            f"answers were given for version {spec.questionnaire_version} of {q.id!r}; "
            f"scored with version {q.version}"
        )
    given: dict[str, GivenAnswer] = {}
    plain = _plain_answers(q)
    for qid, raw in spec.answers.items():
        kind = type(raw)
        if kind is str or kind is bool or kind is int:  # hashable, and maybe a plain answer
            found = plain.get((qid, kind, raw))
            if found is not None:
                given[qid] = found
                continue
        answer = _check_answer(str(qid), raw, q, loc, problems)
        if answer is not None:
            given[qid] = answer
    assessed = _assessed_on(spec.assessed_on, loc, problems)
    problems.raise_if_any()
    return Answers(
        questionnaire=q,
        subject=spec.subject,
        assessor=spec.assessor,
        assessed_on=assessed,
        answers=given,
        source=filename,
        warnings=tuple(warnings),
        answered_version=spec.questionnaire_version,
        group=spec.group.strip(),
    )


def _plain_answers(q: Questionnaire) -> dict[tuple[str, type, Any], GivenAnswer]:
    """Answers accepted as written, by (question, type, value): a fast path.

    Checked answers are frozen, so one is shared by every file that gives it.
    """
    memo = q.memo("plain answers")
    found: dict[tuple[str, type, Any], GivenAnswer] | None = memo.get("all")
    if found is None:
        found = memo["all"] = {
            (question.id, kind, raw): GivenAnswer(value)
            for question in q.questions
            for (kind, raw), value in question.accepted.items()
        }
    return found


def _check_answer(
    qid: str, raw: Any, q: Questionnaire, loc: Locator, problems: ProblemList
) -> GivenAnswer | None:
    """One answer checked against its question; ``None`` when blank or wrong (noted)."""
    question = q.question_map.get(qid)
    if question is None:
        match = difflib.get_close_matches(qid, list(q.question_map), n=1)
        problems.add(
            loc.problem(
                f"unknown question {qid!r} in questionnaire {q.id!r}",
                ["answers", qid],
                key=True,
                hint=f"did you mean {match[0]!r}?"
                if match
                else "list the questions with: maturity questions " + q.id,
            )
        )
        return None
    entry, path = raw, ["answers", qid]
    note = evidence = ""
    if isinstance(raw, dict):
        try:
            long_form = msgspec.convert(raw, AnswerEntry, strict=True)
        except msgspec.ValidationError as exc:
            problems.add(
                loc.problem(
                    f"answer to {qid!r}: {exc}", path, hint="use the keys value, note and evidence"
                )
            )
            return None
        entry, note, evidence = long_form.value, long_form.note, long_form.evidence
        path = [*path, "value"]
    if entry is None:
        return GivenAnswer(None, note, evidence) if note or evidence else None
    kind = type(entry)
    if (kind is str or kind is bool or kind is int) and (kind, entry) in question.accepted:
        return GivenAnswer(question.accepted[kind, entry], note, evidence)
    try:
        value = check_value(question, entry)
    except ValueError as exc:
        problems.add(loc.problem(f"answer to {qid!r}: {exc}", path, hint=_hint(question)))
        return None
    return GivenAnswer(value, note, evidence)


def _assessed_on(raw: Any, loc: Locator, problems: ProblemList) -> str | None:
    """The assessment date as ``YYYY-MM-DD`` (or as written, with a problem noted)."""
    assessed = raw
    if isinstance(assessed, dt.datetime):
        assessed = assessed.date()
    if assessed is not None and not isinstance(assessed, dt.date):
        try:
            assessed = dt.date.fromisoformat(str(assessed))
        except ValueError:
            problems.add(
                loc.problem(
                    f"assessed_on: expected a date, found {assessed!r}",
                    ["assessed_on"],
                    hint="write the date as YYYY-MM-DD, e.g. 2026-03-31",
                )
            )
    return assessed.isoformat() if isinstance(assessed, dt.date) else assessed


def _hint(q: QuestionDef) -> str:
    return f"answer {q.allowed_answers}"


def check_value(q: QuestionDef, raw: Any) -> Any:
    """Validate one raw answer; return its normalised value or raise ``ValueError``."""
    if isinstance(raw, str):
        special = raw.strip().lower()
        if q.type != "text":  # a text answer may legitimately be "na" or "dk"
            special = _SPECIAL_ALIASES.get(special, special)
        if special in (UNKNOWN, NOT_APPLICABLE) and not (
            q.type in ("single_choice", "scale", "multiple_choice") and raw in q.values
        ):
            allowed = q.spec.allow_unknown if special == UNKNOWN else q.spec.allow_na
            if not allowed and q.type == "text":
                return raw
            if not allowed:
                what = '"don\'t know"' if special == UNKNOWN else '"not applicable"'
                raise ValueError(f"this question does not allow {what}")
            return special
    kind = q.type
    if kind == "yes_no":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in ("yes", "no", "y", "n", "true", "false"):
            return raw.strip().lower() in ("yes", "y", "true")
        raise ValueError(f"expected yes or no, found {raw!r}")
    if kind in ("single_choice", "scale"):
        if isinstance(raw, bool):
            raise ValueError(
                f"found {str(raw).lower()} (YAML reads yes/no/on/off as true/false); "
                "if you meant a choice, put it in quotes"
            )
        if isinstance(raw, (list, dict)) or raw not in q.values:
            raise ValueError(f"{raw!r} is not one of the choices{_did_you_mean(raw, q)}")
        return raw
    if kind == "multiple_choice":
        if not isinstance(raw, list):
            raise ValueError(f"expected a list of choices, found {raw!r}")
        picked = []
        for item in raw:
            if isinstance(item, (list, dict, bool)) or item not in q.values:
                raise ValueError(f"{item!r} is not one of the choices{_did_you_mean(item, q)}")
            if item in picked:
                raise ValueError(f"{item!r} is listed twice")
            picked.append(item)
        return frozenset(picked)
    if kind == "number":
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise ValueError(f"expected a number, found {raw!r}")
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise ValueError("expected a finite number")
        if q.spec.integer and raw != int(raw):
            raise ValueError(f"expected a whole number, found {raw!r}")
        if q.spec.min is not None and raw < q.spec.min:
            raise ValueError(f"{raw!r} is below the minimum {q.spec.min:g}")
        if q.spec.max is not None and raw > q.spec.max:
            raise ValueError(f"{raw!r} is above the maximum {q.spec.max:g}")
        return int(raw) if q.spec.integer else raw
    if not isinstance(raw, str):
        raise ValueError(f"expected text, found {raw!r}")
    return raw


def _did_you_mean(value: Any, q: QuestionDef) -> str:
    match = difflib.get_close_matches(str(value), [str(v) for v in q.values], n=1)
    return f" (did you mean {match[0]!r}?)" if match else ""


def value_for_file(q: QuestionDef, value: Any) -> Any:
    """An answer value as written to an answers file (sets become sorted lists)."""
    if isinstance(value, frozenset):
        order = {v: i for i, v in enumerate(q.values)}
        return sorted(value, key=lambda v: order.get(v, len(order)))
    return value
