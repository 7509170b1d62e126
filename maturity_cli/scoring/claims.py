"""Claims against evidence: compare a scored assessment with what a repository scan proposes.

Answers are never changed. Each answered question is *confirmed* (the scan
proposes the same answer), *contradicted* (it proposes another) or *self-reported*
(the files tell nothing about it); a proposal for a question left unanswered is
*evidence only*. The level each framework reaches on the proposals alone is
reported next to the level the answers give.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from maturity_cli.answers.loader import Answers, GivenAnswer, check_value
from maturity_cli.evidence.scan import EvidenceItem, ScanResult
from maturity_cli.questionnaire.definitions import Questionnaire
from maturity_cli.scoring.engine import score
from maturity_cli.scoring.result import Result

Support = Literal["confirmed", "contradicted", "self_reported", "evidence_only"]


class Claim(msgspec.Struct, frozen=True):
    """One question: what was answered, what the files suggest, and how they relate."""

    question: str
    title: str
    support: Support
    answer: str
    proposed: str | None
    confidence: str | None
    evidence: list[EvidenceItem]


class EvidenceLevel(msgspec.Struct, frozen=True):
    """A framework's level from the answers, and from the evidence alone."""

    framework: str
    title: str
    answers_level: int
    evidence_level: int
    evidence_level_name: str


class EvidenceCheck(msgspec.Struct, frozen=True):
    """Every claim of one assessment set against one scan."""

    source: str
    scan: str
    claims: list[Claim]
    levels: list[EvidenceLevel]

    def count(self, support: Support) -> int:
        """How many claims have this support."""
        return sum(1 for c in self.claims if c.support == support)

    @property
    def contradictions(self) -> list[Claim]:
        """The answers the files contradict."""
        return [c for c in self.claims if c.support == "contradicted"]


def _same(answer: Any, proposed: Any) -> bool:
    if isinstance(answer, (list, tuple, set, frozenset)):
        return isinstance(proposed, list) and set(answer) == set(proposed)
    return bool(answer == proposed and type(answer) is type(proposed))


def check_claims(result: Result, scan: ScanResult, q: Questionnaire) -> EvidenceCheck:
    """Set the answers of ``result`` (scored with ``q``) against ``scan``."""
    claims: list[Claim] = []
    for record in result.answers:
        proposal = scan.proposal(record.question)
        answered = record.status == "answered"
        if proposal is None:
            if answered:
                claims.append(
                    Claim(
                        record.question,
                        record.title,
                        "self_reported",
                        record.display,
                        None,
                        None,
                        [],
                    )
                )
            continue
        support: Support = "evidence_only"
        if answered:
            support = "confirmed" if _same(record.value, proposal.answer) else "contradicted"
        claims.append(
            Claim(
                record.question,
                record.title,
                support,
                record.display,
                proposal.label,
                proposal.confidence,
                proposal.evidence,
            )
        )
    return EvidenceCheck(result.source, scan.path, claims, _levels(result, scan, q))


def evidence_answers(scan: ScanResult, q: Questionnaire) -> Answers:
    """An assessment made of the scan's proposals alone."""
    given: dict[str, GivenAnswer] = {}
    for p in scan.proposals:
        question = q.question_map.get(p.question)
        if question is None:
            continue
        try:
            given[p.question] = GivenAnswer(check_value(question, p.answer))
        except ValueError:
            continue
    return Answers(q, f"evidence from {scan.path}", "", None, given, scan.path)


def _levels(result: Result, scan: ScanResult, q: Questionnaire) -> list[EvidenceLevel]:
    alone = score(evidence_answers(scan, q))
    out: list[EvidenceLevel] = []
    for fw in result.frameworks:
        try:
            other = alone.framework(fw.id)
        except KeyError:
            continue
        out.append(EvidenceLevel(fw.id, fw.title, fw.level, other.level, other.level_name))
    return out


class Unbacked(msgspec.Struct, frozen=True):
    """A criterion met on answers that no evidence confirms."""

    framework: str
    criterion: str
    text: str
    level: int
    questions: list[str]


def unbacked(result: Result, check: EvidenceCheck, q: Questionnaire, above: int) -> list[Unbacked]:
    """Met criteria of levels above ``above`` that read no answer the evidence confirms."""
    confirmed = {c.question for c in check.claims if c.support == "confirmed"}
    reads = {c.id: c.rule.questions for fw in q.frameworks for c in fw.criteria}
    out: list[Unbacked] = []
    for fw in result.frameworks:
        for criterion in fw.criteria:
            questions = list(reads.get(criterion.id, ()))
            if criterion.met and criterion.level > above and questions:
                if not confirmed.intersection(questions):
                    out.append(
                        Unbacked(fw.id, criterion.id, criterion.text, criterion.level, questions)
                    )
    return out
