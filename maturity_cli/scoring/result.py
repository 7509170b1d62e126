"""The scoring result: a frozen, typed record that serialises to stable JSON.

``SCHEMA_VERSION`` changes whenever a field is removed or changes meaning; new
optional fields do not change it. ``maturity schema result`` publishes the schema.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from maturity_cli.vocabulary import AnswerStatus

SCHEMA_VERSION = 1


class _Frozen(msgspec.Struct, frozen=True, kw_only=True):
    pass


class QuestionnaireRef(_Frozen, frozen=True):
    """Which questionnaire scored the answers."""

    id: str
    version: str
    title: str


class Completeness(_Frozen, frozen=True):
    """How many questions got each kind of answer."""

    total: int
    answered: int
    unknown: int
    not_applicable: int
    unanswered: int
    not_asked: int


class Answer(_Frozen, frozen=True, omit_defaults=True):
    """One question with the answer given (or its absence), as shown in reports.

    ``tags`` is left out of JSON when the question has none.
    """

    question: str
    text: str
    title: str
    dimension: str | None
    context: bool
    status: AnswerStatus
    value: Any
    display: str
    note: str
    evidence: str
    #: The question's tags (free-form groups beyond its dimension).
    tags: list[str] = []


class CriterionResult(_Frozen, frozen=True, omit_defaults=True):
    """Whether one criterion of a gated framework holds.

    Fields with defaults are left out of JSON when they have their default, so
    results of questionnaires that do not use them stay as they were.
    """

    id: str
    text: str
    level: int
    dimension: str | None
    met: bool
    sources: list[str]
    #: False when the criterion's ``applies`` rule (or its dimension's) is false:
    #: it is then neither met nor missing, and left out of levels and scores.
    applies: bool = True
    #: For criteria over a group of questions: the questions that fall short.
    short: list[str] = []


class DimensionResult(_Frozen, frozen=True, omit_defaults=True):
    """A framework's rating of one dimension (``applies`` is left out of JSON when true)."""

    id: str
    title: str
    level: int | None
    level_name: str | None
    score: float | None
    max_score: float | None
    #: ``score / max_score`` (0 to 1), or the share of this dimension's criteria met.
    ratio: float | None
    #: False when the framework's ``applies`` rule for this dimension is false (or
    #: none of its criteria apply): it is then not rated.
    applies: bool = True


class NextLevel(_Frozen, frozen=True):
    """What stands between the team and the next level up."""

    level: int
    name: str
    met: list[CriterionResult]
    unmet: list[CriterionResult]
    #: For banded styles, the score needed (e.g. "score above 2").
    requirement: str = ""
    #: One sentence for under the level: what stands in the way, and where to start.
    summary: str = ""
    #: The id of the first recommendation (by priority) that closes an unmet criterion.
    unlocked_by: str | None = None
    #: False when an unmet criterion waits on another result (e.g. another framework's
    #: level) rather than on answers; its gaps then do not lift advice in priority.
    reachable: bool = True


class LevelInfo(_Frozen, frozen=True):
    """One rung of a framework's ladder."""

    level: int
    name: str
    meaning: str


class FrameworkResult(_Frozen, frozen=True):
    """The rating of one framework."""

    id: str
    title: str
    style: str
    level: int
    level_name: str
    level_meaning: str
    min_level: int
    max_level: int
    #: Points or percentage for banded styles; level plus progress for gated ones.
    score: float
    #: Share (0 to 1) of the way from this level to the next.
    progress: float
    next_level: NextLevel | None
    dimensions: list[DimensionResult]
    criteria: list[CriterionResult] = []
    levels: list[LevelInfo] = []


class Unlock(_Frozen, frozen=True):
    """A next level that a recommendation helps reach."""

    framework: str
    framework_title: str
    level: int
    level_name: str


class AppliedRecommendation(_Frozen, frozen=True):
    """A recommendation that applies to these answers, with why it applies."""

    id: str
    title: str
    kind: Literal["do", "hold_off"]
    priority: int
    why: str
    reason: str
    actions: list[str]
    impact: str
    effort: str
    dimension: str | None
    topic: str
    prerequisites: list[str]
    addresses: list[str]
    sources: list[str]
    #: The next levels this advice helps unlock (it closes one of their unmet criteria).
    unlocks: list[Unlock] = []


class SetAsideRecommendation(_Frozen, frozen=True):
    """Advice whose condition held, but which gave way to other advice (and why)."""

    id: str
    title: str
    kind: Literal["do", "hold_off"]
    topic: str
    reason: str


class Result(_Frozen, frozen=True):
    """Everything scoring one answers file produced."""

    schema_version: int
    questionnaire: QuestionnaireRef
    source: str
    subject: str
    assessor: str
    assessed_on: str | None
    frameworks: list[FrameworkResult]
    recommendations: list[AppliedRecommendation]
    completeness: Completeness
    answers: list[Answer]
    warnings: list[str] = []
    #: Advice that applied but gave way, so the advice never contradicts itself.
    set_aside: list[SetAsideRecommendation] = []
    #: The part of the organisation the answers file says the team belongs to ("" if none).
    group: str = ""

    def framework(self, framework_id: str) -> FrameworkResult:
        """The rating of one framework, by id."""
        for fw in self.frameworks:
            if fw.id == framework_id:
                return fw
        raise KeyError(framework_id)


def to_builtins(value: Any) -> Any:
    """Plain dicts and lists (for templates and JSON)."""
    return msgspec.to_builtins(value)


def to_json(value: Any, *, indent: int = 2) -> str:
    """Stable, human-readable JSON with a trailing newline."""
    raw = msgspec.json.encode(value)
    if indent:
        raw = msgspec.json.format(raw, indent=indent)
    return raw.decode() + "\n"


def json_list_item(formatted: bytes, *, first: bool, depth: int = 1) -> bytes:
    """One item of a list ``depth`` levels deep in :func:`to_json`'s layout.

    ``formatted`` is the item as ``to_json`` lays it out on its own; items joined
    this way give the bytes of formatting the whole document at once (JSON
    strings hold no raw newlines, so re-indenting is a plain replace).
    """
    pad = b"\n" + b"  " * depth
    return (b"" if first else b",") + pad + formatted.replace(b"\n", pad)


def result_from_json(data: Any) -> Result:
    """Rebuild a :class:`Result` from its JSON form (as written by ``--format json``)."""
    return msgspec.convert(data, Result, strict=False)
