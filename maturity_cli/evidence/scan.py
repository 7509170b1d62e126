"""Scan a repository against a questionnaire's ``evidence:`` section: proposed answers.

A question gets the answer of the strongest proposal whose rule holds over the
signals (highest confidence, then the first in the file); each proposal carries
the evidence that made its rule hold. A proposal resting only on files in
down-weighted folders (examples, templates, vendored code) drops to low
confidence. Questions no proposal answers are listed as undetermined.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import msgspec

from maturity_cli.evidence.detect import Hit, SignalResult, detect
from maturity_cli.evidence.walk import MAX_READ, list_files
from maturity_cli.questionnaire.definitions import Questionnaire
from maturity_cli.questionnaire.evidence_defs import CONFIDENCES, EvidenceDef, ProposalDef
from maturity_cli.rules.types import Env

SCHEMA_VERSION = 1


class EvidenceItem(msgspec.Struct, frozen=True, omit_defaults=True):
    """One piece of evidence: the signal, and where it was found (or that it was not)."""

    signal: str
    found: bool
    path: str | None = None
    line: int | None = None
    text: str = ""
    weak: bool = False


class ProposedAnswer(msgspec.Struct, frozen=True, omit_defaults=True):
    """A proposed answer to one question, with its confidence and evidence."""

    question: str
    title: str
    answer: Any
    label: str
    confidence: str
    rule: str
    evidence: list[EvidenceItem]
    note: str = ""


class Undetermined(msgspec.Struct, frozen=True):
    """A question the files cannot answer, and why."""

    question: str
    title: str
    reason: str


class SignalValue(msgspec.Struct, frozen=True):
    """A signal's value and how many places it was found in."""

    id: str
    title: str
    value: bool | float | None
    found: int


class FileNote(msgspec.Struct, frozen=True):
    """A file that was skipped or only partly used, and why."""

    path: str
    note: str


class ScanResult(msgspec.Struct, frozen=True):
    """What ``maturity scan`` reports (``schema_version`` changes with incompatible edits)."""

    schema_version: int
    questionnaire: str
    questionnaire_version: str
    path: str
    listed_by: str
    files: int
    proposals: list[ProposedAnswer]
    undetermined: list[Undetermined]
    signals: list[SignalValue]
    notes: list[FileNote]

    def proposal(self, question: str) -> ProposedAnswer | None:
        """The proposed answer to ``question``, if any."""
        return next((p for p in self.proposals if p.question == question), None)


def scan_repository(root: Path, q: Questionnaire, shown_path: str | None = None) -> ScanResult:
    """Scan the folder ``root`` with ``q``'s evidence section (never executes anything)."""
    evidence = q.evidence or EvidenceDef((), (), ())
    listing = list_files(root, evidence.downweight)
    results = detect(listing, evidence.signals)
    proposals, undetermined = propose(q, results)
    titles = {s.id: s.title for s in evidence.signals}
    return ScanResult(
        schema_version=SCHEMA_VERSION,
        questionnaire=q.id,
        questionnaire_version=q.version,
        path=shown_path if shown_path is not None else str(root),
        listed_by=listing.via,
        files=len(listing.entries),
        proposals=proposals,
        undetermined=undetermined,
        signals=[SignalValue(r.id, titles[r.id], r.value, r.found) for r in results.values()],
        notes=[FileNote(p, n) for p, n in sorted(listing.notes.items())],
    )


def propose(
    q: Questionnaire, results: Mapping[str, SignalResult]
) -> tuple[list[ProposedAnswer], list[Undetermined]]:
    """The proposal of every question the signals answer, and the questions they cannot."""
    values = {sid: r.value for sid, r in results.items() if r.value is not None}
    env = Env(values, dict.fromkeys(values, "answered"))
    evidence = q.evidence
    titles = {s.id: s.title for s in evidence.signals} if evidence else {}
    proposals: list[ProposedAnswer] = []
    undetermined: list[Undetermined] = []
    for question in q.questions:
        candidates = evidence.proposals_for(question.id) if evidence else ()
        held = [p for p in candidates if p.rule.holds(env)]
        if not held:
            reason = "no proposal holds" if candidates else "no signal in the files tells"
            undetermined.append(Undetermined(question.id, question.title, reason))
            continue
        best = max(held, key=lambda p: (CONFIDENCES.index(p.spec.confidence), -p.index))
        items = _evidence(best, env, results, titles)
        confidence = best.spec.confidence
        note = best.spec.note
        positive = [i for i in items if i.found and i.path is not None]
        if positive and all(i.weak for i in positive):
            confidence = "low"
            note = (note + " " if note else "") + (
                "Found only in example, template or vendored folders."
            )
        proposals.append(
            ProposedAnswer(
                question=question.id,
                title=question.title,
                answer=best.value,
                label=question.label(best.value),
                confidence=confidence,
                rule=best.rule.source,
                evidence=items,
                note=note,
            )
        )
    return proposals, undetermined


def _evidence(
    proposal: ProposalDef, env: Env, results: Mapping[str, SignalResult], titles: dict[str, str]
) -> list[EvidenceItem]:
    items: list[EvidenceItem] = []
    for sid in proposal.rule.witnesses(env):
        result = results.get(sid) if isinstance(sid, str) else None
        if result is None:
            continue
        sid = result.id
        if isinstance(result.value, bool) and result.value:
            items += [_item(sid, hit) for hit in result.hits]
        elif isinstance(result.value, bool) or result.value is None:
            items.append(EvidenceItem(sid, False, text=f"not found: {titles.get(sid, sid)}"))
        else:
            examples = ", ".join(h.path for h in result.hits[:3])
            text = f"{sid} = {result.value:g}" + (f" (e.g. {examples})" if examples else "")
            items.append(EvidenceItem(sid, True, text=text))
    return items


def _item(sid: str, hit: Hit) -> EvidenceItem:
    return EvidenceItem(sid, True, hit.path, hit.line, hit.text, hit.weak)


def load_scan(data: Any) -> ScanResult:
    """A saved scan (parsed JSON) as a :class:`ScanResult`; raises msgspec.ValidationError."""
    return msgspec.convert(data, ScanResult)


__all__ = ["MAX_READ", "ScanResult", "load_scan", "propose", "scan_repository"]
