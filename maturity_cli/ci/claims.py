"""The CI side of claims against evidence: findings under a policy, and their JUnit suite.

A *finding* is an answer the repository's files contradict (at or above the
policy's ``min_confidence``) or, with ``backed_above``, a criterion met on answers
no evidence confirms. The ``--contradictions`` flag, else the policy's
``evidence.contradictions``, else ``error`` says whether findings fail the check;
``--warn-only`` makes them warnings.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple

from maturity_cli.ci.policy import EvidenceRules, Policy
from maturity_cli.questionnaire.definitions import Questionnaire
from maturity_cli.scoring.claims import Claim, EvidenceCheck, unbacked
from maturity_cli.scoring.result import Result
from maturity_cli.text import xml_text

_CONFIDENCES = ("low", "medium", "high")


class Finding(NamedTuple):
    """One claim the files do not back: the words, and the file and line to point at."""

    source: str
    name: str
    text: str
    file: str | None
    line: int | None


class Findings(NamedTuple):
    """Every finding of a check, and whether they are errors."""

    items: list[Finding]
    errors: bool


def contradiction_line(check: EvidenceCheck, claim: Claim) -> str:
    """One line naming a contradicted answer, both sides and the first evidence."""
    place = next((e for e in claim.evidence if e.found), None)
    absent = next((e for e in claim.evidence if not e.found), None)
    shown = place or absent
    where = ""
    if shown is not None:
        at = f"{shown.path}:{shown.line}" if shown.line else shown.path
        where = f": {at} {shown.text}".rstrip() if at else f": {shown.text}"
    return (
        f"{check.source}: {claim.title} ({claim.question}): answered {claim.answer!r}, "
        f"but the files of {check.scan} suggest {claim.proposed!r} "
        f"({claim.confidence} confidence){where}"
    )


class FindingList:
    """Findings gathered one assessment at a time as the check streams.

    Contradicted answers of every assessment come first, then criteria met on
    answers no evidence confirms; only findings are kept, never the results.
    """

    def __init__(self, policy: Policy, severity: str | None) -> None:
        self.rules = policy.evidence or EvidenceRules()
        self.errors = (severity or self.rules.contradictions) == "error" and not policy.warn_only
        self.least = _CONFIDENCES.index(self.rules.min_confidence)
        self.contradicted: list[Finding] = []
        self.unbacked: list[Finding] = []

    def add(self, check: EvidenceCheck, result: Result, q: Questionnaire) -> None:
        """The findings of one assessment (``check`` is ``result`` set against a scan)."""
        for claim in check.contradictions:
            if _CONFIDENCES.index(claim.confidence or "low") < self.least:
                continue
            place = next((e for e in claim.evidence if e.found and e.path), None)
            text = contradiction_line(check, claim)
            name = f"evidence: {claim.question}"
            if place is not None and place.path is not None:
                file = str(Path(check.scan) / place.path)
                self.contradicted.append(Finding(check.source, name, text, file, place.line))
            else:
                self.contradicted.append(Finding(check.source, name, text, check.source, None))
        if self.rules.backed_above is None:
            return
        for u in unbacked(result, check, q, self.rules.backed_above):
            text = (
                f"{check.source}: {u.framework} level {u.level} criterion {u.criterion!r} "
                f"({u.text}) is met on answers no evidence confirms ({', '.join(u.questions)})"
            )
            name = f"evidence: {u.criterion}"
            self.unbacked.append(Finding(check.source, name, text, check.source, None))

    def found(self) -> Findings:
        """Every finding so far, and whether they are errors."""
        return Findings([*self.contradicted, *self.unbacked], self.errors)


def junit_suite(found: Findings) -> list[ET.Element]:
    """The findings as a JUnit test suite named ``evidence`` (none if there are none)."""
    if not found.items:
        return []
    suite = ET.Element(
        "testsuite",
        name="evidence",
        tests=str(len(found.items)),
        failures=str(len(found.items) if found.errors else 0),
        errors="0",
        skipped="0",
        time="0",
    )
    for f in found.items:
        text, source = xml_text(f.text), xml_text(f.source)
        case = ET.SubElement(suite, "testcase", name=xml_text(f.name), classname=source, time="0")
        if found.errors:
            failure = ET.SubElement(case, "failure", message=text, type="contradicted")
            failure.text = text + (f"\nfile: {xml_text(f.file)}" if f.file else "")
        else:
            ET.SubElement(case, "system-out").text = f"warning: {text}"
    return [suite]
