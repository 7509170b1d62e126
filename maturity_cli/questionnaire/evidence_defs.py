"""A questionnaire's checked ``evidence:`` section: signals, and proposals with compiled rules."""

from __future__ import annotations

import msgspec

from maturity_cli.questionnaire import spec as model
from maturity_cli.rules.rule import Rule

#: Folders whose findings are weaker unless a questionnaire names its own list: examples,
#: templates and copies of other people's code are not the project's own practice.
DEFAULT_DOWNWEIGHT = (
    "examples/",
    "example/",
    "samples/",
    "sample/",
    "templates/",
    "template/",
    "vendor/",
    "vendored/",
    "third_party/",
    "third-party/",
    "external/",
    "fixtures/",
    "testdata/",
    "test_data/",
    "*{{*}}*/",
)

CONFIDENCES = ("low", "medium", "high")


class SignalDef(msgspec.Struct, frozen=True):
    """A checked signal: its primitive, and whether it gives a number or true/false."""

    spec: model.Signal
    kind: str  # file | dependency | text | key | count | ratio
    numeric: bool

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def title(self) -> str:
        return self.spec.title or self.spec.id


class ProposalDef(msgspec.Struct, frozen=True):
    """A checked proposal: the answer it gives (as answers hold it) and its compiled rule."""

    spec: model.Proposal
    value: object
    rule: Rule
    index: int

    @property
    def question(self) -> str:
        return self.spec.question


class EvidenceDef(msgspec.Struct, frozen=True):
    """The evidence section after checking."""

    signals: tuple[SignalDef, ...]
    proposals: tuple[ProposalDef, ...]
    downweight: tuple[str, ...]

    def proposals_for(self, question: str) -> tuple[ProposalDef, ...]:
        """The proposals that answer ``question``, in file order."""
        return tuple(p for p in self.proposals if p.question == question)
