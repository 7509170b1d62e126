"""A questionnaire after checking: definitions with their rules compiled, ready to score."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path
from typing import Any

import msgspec

from maturity_cli.questionnaire import spec as model
from maturity_cli.questionnaire.evidence_defs import EvidenceDef
from maturity_cli.rules.rule import Rule
from maturity_cli.vocabulary import SPECIAL_ANSWERS

RESERVED_VALUES = frozenset({"unknown", "not_applicable"})
CHOICE_TYPES = frozenset({"single_choice", "multiple_choice", "scale"})
IMPACT = {"low": 1, "medium": 2, "high": 3}


MEMO_LIMIT = 2048
"""Entries per memo: enough for the values teams repeat, small enough to stay flat."""


class Memo(dict[Any, Any]):
    """A dictionary that empties itself when full, so it never outgrows its limit.

    Emptying (rather than evicting one entry at a time) keeps every insertion
    O(1); the entries that matter come back at once.
    """

    def __init__(self, limit: int = MEMO_LIMIT) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: Any, value: Any) -> None:
        if len(self) >= self.limit:
            self.clear()
        super().__setitem__(key, value)


class Choice(msgspec.Struct, frozen=True, dict=True):
    """An allowed answer, with its label and (optional) points."""

    value: Any
    label: str
    help: str = ""
    points: float | None = None


class QuestionDef(msgspec.Struct, frozen=True, dict=True):
    """A checked question with its ``when`` rule compiled."""

    spec: model.Question
    choices: tuple[Choice, ...]
    when: Rule | None
    index: int

    @cached_property
    def id(self) -> str:
        return self.spec.id

    @cached_property
    def type(self) -> str:
        return self.spec.type

    @cached_property
    def title(self) -> str:
        """A short name for tables; the question text when no title is given."""
        return self.spec.title or self.spec.text

    @cached_property
    def values(self) -> tuple[Any, ...]:
        return tuple(c.value for c in self.choices)

    @cached_property
    def allowed_answers(self) -> str:
        """What this question accepts, in the words every output uses.

        For example ``one of (lowest to highest): none, manual, automated; or unknown``.
        """
        return self.describe_allowed(str)

    def describe_allowed(self, show: Callable[[Any], str]) -> str:
        """:attr:`allowed_answers`, with each choice value written by ``show``."""
        spec = self.spec
        if self.type == "yes_no":
            text = "yes or no"
        elif self.type == "number":
            kind = "a whole number" if spec.integer else "a number"
            parts = [f"{kind} of {spec.unit}" if spec.unit else kind]
            parts += [f"at least {spec.min:g}"] if spec.min is not None else []
            parts += [f"at most {spec.max:g}"] if spec.max is not None else []
            text = ", ".join(parts)
        elif self.type == "text":
            text = "free text"
        else:
            values = ", ".join(show(v) for v in self.values)
            text = {
                "multiple_choice": "a list of any of",
                "scale": "one of (lowest to highest)",
            }.get(self.type, "one of")
            text = f"{text}: {values}"
        special = [
            s.value
            for s, on in zip(SPECIAL_ANSWERS, (spec.allow_unknown, spec.allow_na), strict=True)
            if on
        ]
        return text + (f"; or {', '.join(special)}" if special else "")

    @cached_property
    def accepted(self) -> dict[tuple[Any, Any], Any]:
        """Plain answers accepted as they are, keyed by (type, value): a fast path."""
        if self.type == "yes_no":
            return {(bool, True): True, (bool, False): False}
        if self.type in ("single_choice", "scale"):
            return {(type(v), v): v for v in self.values}
        return {}

    @cached_property
    def _labels(self) -> dict[Any, str]:
        return {c.value: c.label for c in self.choices}

    def label(self, value: Any) -> str:
        """Human wording of an answer value."""
        if self.type == "yes_no":
            return "Yes" if value else "No"
        if self.type == "multiple_choice":
            labels = [self.label_of_choice(v) for v in value]
            return ", ".join(labels) if labels else "None of these"
        if self.type in CHOICE_TYPES:
            return self.label_of_choice(value)
        if self.type == "number":
            shown = f"{value:g}" if isinstance(value, float) else str(value)
            if value == 1:  # units are plural ("people"): "1 people" reads wrong
                return shown
            return f"{shown} {self.spec.unit}".rstrip()
        return str(value)

    def label_of_choice(self, value: Any) -> str:
        return self._labels.get(value, str(value))

    @property
    def scorable(self) -> bool:
        """Whether the question can earn points in points/percentage frameworks."""
        if self.type == "yes_no" or self.type == "scale":
            return True
        if self.type == "number":
            return bool(self.spec.points)
        return self.type in CHOICE_TYPES and any(c.points is not None for c in self.choices)

    def points(self, value: Any) -> float:
        """Points earned by an answer value."""
        if self.type == "yes_no":
            return 1.0 if value else 0.0
        if self.type == "number":
            return number_points(self.spec.points or [], value)
        if self.type == "multiple_choice":
            return sum(
                self._choice_points(i) for i, c in enumerate(self.choices) if c.value in value
            )
        for i, c in enumerate(self.choices):
            if c.value == value:
                return self._choice_points(i)
        return 0.0

    def _choice_points(self, i: int) -> float:
        choice = self.choices[i]
        if choice.points is not None:
            return choice.points
        if self.type == "scale" and all(c.points is None for c in self.choices):
            return i / (len(self.choices) - 1) if len(self.choices) > 1 else 0.0
        return 0.0

    @cached_property
    def max_points(self) -> float:
        """The most points an answer can earn."""
        if self.type == "yes_no":
            return 1.0
        if self.type == "number":
            return max((b.points for b in self.spec.points or []), default=0.0)
        pts = [self._choice_points(i) for i in range(len(self.choices))]
        if self.type == "multiple_choice":
            return sum(p for p in pts if p > 0)
        return max(pts, default=0.0)


def number_points(bands: list[model.NumberPoints], value: float) -> float:
    """The points of the first band a number falls in (``below``, ``at_least``, or any)."""
    for band in bands:
        if band.below is not None:
            if value < band.below:
                return band.points
        elif band.at_least is not None:
            if value >= band.at_least:
                return band.points
        else:
            return band.points
    return 0.0


class CriterionDef(msgspec.Struct, frozen=True, dict=True):
    """A compiled level criterion."""

    spec: model.Criterion
    level: int
    framework: str
    rule: Rule
    #: When given and false, the criterion does not apply to these answers.
    applies: Rule | None = None

    @cached_property
    def id(self) -> str:
        return self.spec.id


class FrameworkDef(msgspec.Struct, frozen=True, dict=True):
    """A checked framework: its levels, criteria and the questions it scores."""

    spec: model.Framework
    dimensions: tuple[str, ...]
    questions: tuple[str, ...]
    criteria: tuple[CriterionDef, ...]
    #: Dimensions rated only when their rule is not false.
    applies: dict[str, Rule] = {}

    @cached_property
    def id(self) -> str:
        return self.spec.id

    @cached_property
    def levels(self) -> list[model.Level]:
        return self.spec.levels


class RecommendationDef(msgspec.Struct, frozen=True, dict=True):
    """A compiled recommendation."""

    spec: model.Recommendation
    when: Rule | None
    index: int

    @cached_property
    def id(self) -> str:
        return self.spec.id

    @cached_property
    def rank(self) -> tuple[float, int, int]:
        """The fixed part of the priority order: impact for effort, impact, file order."""
        impact, effort = IMPACT[self.spec.impact], IMPACT[self.spec.effort]
        return (-impact / effort, -impact, self.index)


class Questionnaire(msgspec.Struct, frozen=True, dict=True):
    """A loaded, fully checked questionnaire, ready to score answers."""

    spec: model.QuestionnaireFile
    path: Path | None
    questions: tuple[QuestionDef, ...]
    frameworks: tuple[FrameworkDef, ...]
    recommendations: tuple[RecommendationDef, ...]
    question_map: dict[str, QuestionDef]
    dimension_titles: dict[str, str]
    #: The checked ``evidence:`` section, if the questionnaire has one.
    evidence: EvidenceDef | None = None
    #: Located warnings found while checking (e.g. a level no answers can reach).
    warnings: tuple[str, ...] = ()

    @cached_property
    def id(self) -> str:
        return self.spec.id

    @property
    def version(self) -> str:
        return self.spec.version

    def memo(self, name: str) -> Memo:
        """A named scratch cache that lives as long as this questionnaire.

        Scoring keeps frozen result parts here (criterion outcomes, answer records,
        worded facts) so identical ones are built once and shared between files.
        Each holds at most :data:`MEMO_LIMIT` entries, so memory stays flat however
        many files are scored.
        """
        found = self._memos.get(name)
        if found is None:
            found = self._memos[name] = Memo()
        return found

    @cached_property
    def _memos(self) -> dict[str, Memo]:
        return {}

    @cached_property
    def reference_titles(self) -> dict[str, str]:
        """Reference ids mapped to their titles, for citations."""
        return {r.id: r.title for r in self.spec.references}

    def citations(self, sources: Iterable[model.Citation]) -> list[str]:
        """Sources as people read them: ``Reference title, section``."""
        titles = self.reference_titles
        return [titles.get(c.ref, c.ref) + (f", {c.section}" if c.section else "") for c in sources]

    @property
    def title(self) -> str:
        return self.spec.title
