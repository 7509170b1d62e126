"""The questionnaire file format, as validated data models.

These structs mirror ``docs/questionnaire-format.md`` field for field; the JSON
Schema published by ``maturity schema questionnaire`` is generated from them.
Cross-references (ids, expressions, cycles) are checked by
:mod:`maturity_cli.questionnaire.loader` after this structural validation.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

_Id = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
        description="Letters, digits, '_', '.' and '-', starting with a letter or digit.",
    ),
]
QuestionId = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[A-Za-z_][A-Za-z0-9_]*$",
        description="Letters, digits and '_', not starting with a digit: usable in rules.",
    ),
]
Text = Annotated[str, msgspec.Meta(min_length=1)]
Level3 = Literal["low", "medium", "high"]
QuestionType = Literal["yes_no", "single_choice", "multiple_choice", "scale", "number", "text"]


class _Strict(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class Reference(_Strict, frozen=True):
    """A source document that criteria and recommendations can cite."""

    id: _Id
    title: Text
    url: str = ""
    note: str = ""


class Citation(_Strict, frozen=True):
    """Where a criterion or recommendation comes from: a reference id and a section."""

    ref: _Id
    section: str = ""


class Dimension(_Strict, frozen=True):
    """A capability area that questions belong to and levels are given for."""

    id: _Id
    title: Text
    description: str = ""


class Choice(_Strict, frozen=True):
    """One allowed answer of a choice or scale question."""

    value: str | int
    label: str = ""
    help: str = ""
    points: float | None = None


class NumberPoints(_Strict, frozen=True):
    """One band of a number question's points: the first band the answer falls in counts."""

    points: float
    below: float | None = None
    at_least: float | None = None


class QuestionDefaults(_Strict, frozen=True):
    """File-wide defaults for question options; a question's own value wins."""

    allow_unknown: bool | None = None
    allow_na: bool | None = None


Tag = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
        description="A free-form group name: letters, digits, '_', '.' and '-'.",
    ),
]


class Question(_Strict, frozen=True):
    """A question: scored (it has a dimension) or context (``context: true``)."""

    id: QuestionId
    text: Text
    type: QuestionType
    title: str = ""
    help: str = ""
    dimension: _Id | None = None
    context: bool = False
    choices: list[str | Choice] = []
    min: float | None = None
    max: float | None = None
    integer: bool = False
    unit: str = ""
    when: str | None = None
    allow_unknown: bool = True
    allow_na: bool = False
    #: Free-form groups beyond the dimension, for rules (``all_yes("tag")``) and reports.
    tags: list[Tag] = []
    #: For number questions: bands mapping the answer to points (points/percentage styles).
    points: list[NumberPoints] | None = None


class Criterion(_Strict, frozen=True):
    """A condition that must hold to reach a level (gated frameworks)."""

    id: _Id
    text: Text
    rule: Text
    dimension: _Id | None = None
    sources: list[Citation] = []
    #: A rule; when it is false the criterion is not applicable (neither met nor missing).
    applies: str | None = None


class Level(_Strict, frozen=True):
    """One level of a framework: its number, name and meaning, and how it is reached."""

    level: int
    name: Text
    meaning: str = ""
    criteria: list[Criterion] = []
    above: float | None = None
    at_least: float | None = None


class Framework(_Strict, frozen=True):
    """A maturity model rated over the questionnaire's answers."""

    id: _Id
    title: Text
    style: Literal["gated", "points", "percentage"]
    levels: Annotated[list[Level], msgspec.Meta(min_length=1)]
    description: str = ""
    aggregate: Literal["total", "min", "mean"] = "total"
    dimensions: list[_Id] | None = None
    questions: list[QuestionId] | None = None
    weights: dict[str, float] = {}
    references: list[_Id] = []
    #: ``{dimension_id: RULE}``: when a rule is false, that dimension is not rated.
    applies: dict[str, str] = {}


class Recommendation(_Strict, frozen=True):
    """Advice that applies when its ``when`` rule holds."""

    id: _Id
    title: Text
    why: Text
    kind: Literal["do", "hold_off"] = "do"
    topic: str = ""
    dimension: _Id | None = None
    actions: list[str] = []
    when: str | None = None
    because: str = ""
    impact: Level3 = "medium"
    effort: Level3 = "medium"
    prerequisites: list[_Id] = []
    addresses: list[_Id] = []
    sources: list[Citation] = []


Globs = str | list[str]


class TextSignal(_Strict, frozen=True):
    """Look for a regular expression, line by line, in the files matching ``files``."""

    pattern: Text
    files: Globs = "*"
    ignore_case: bool = False


class KeySignal(_Strict, frozen=True):
    """Look for a key path (``jobs.*.steps``) in YAML, JSON or TOML files."""

    path: Text
    files: Globs


class CountSignal(_Strict, frozen=True):
    """Count the files matching ``files`` (optionally only those of ``min_bytes`` or more)."""

    files: Globs
    min_bytes: Annotated[int, msgspec.Meta(ge=0)] = 0


class Signal(_Strict, frozen=True):
    """One detection over a repository's files: exactly one primitive is given."""

    id: QuestionId
    title: str = ""
    file: Globs | None = None
    dependency: Globs | None = None
    text: TextSignal | None = None
    key: KeySignal | None = None
    count: str | list[str] | CountSignal | None = None
    ratio: list[QuestionId] | None = None
    exclude: list[str] = []


class Proposal(_Strict, frozen=True):
    """An answer a question gets when a rule over the signals holds."""

    question: QuestionId
    answer: bool | int | float | str | list[str | int]
    when: Text
    confidence: Level3 = "medium"
    note: str = ""


class EvidenceSection(_Strict, frozen=True):
    """What a repository's files can tell about the answers: signals and proposals."""

    signals: Annotated[list[Signal], msgspec.Meta(min_length=1)]
    proposals: list[Proposal] = []
    #: Folder globs whose findings are weaker (examples, templates, vendored code).
    downweight: list[str] | None = None


class QuestionnaireFile(_Strict, frozen=True):
    """A whole questionnaire file."""

    id: _Id
    version: Text
    title: Text
    dimensions: Annotated[list[Dimension], msgspec.Meta(min_length=1)]
    questions: Annotated[list[Question], msgspec.Meta(min_length=1)]
    frameworks: Annotated[list[Framework], msgspec.Meta(min_length=1)]
    description: str = ""
    references: list[Reference] = []
    recommendations: list[Recommendation] = []
    #: Defaults for every question's options (e.g. ``allow_unknown: false``).
    defaults: QuestionDefaults | None = None
    #: Among built-in questionnaires: the one commands use when given no ``-q``.
    default: bool = False
    #: Signals read from a repository's files that propose answers (``maturity scan``).
    evidence: EvidenceSection | None = None
