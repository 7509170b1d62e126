"""The CI side of claims against evidence: findings under a policy, and their JUnit form.

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


def findings(
    checks: list[EvidenceCheck],
    pairs: list[tuple[Result, Questionnaire]],
    policy: Policy,
    severity: str | None,
) -> Findings:
    """The findings of ``checks`` (one per result, in order) under ``policy``."""
    rules = policy.evidence or EvidenceRules()
    errors = (severity or rules.contradictions) == "error" and not policy.warn_only
    least = _CONFIDENCES.index(rules.min_confidence)
    items: list[Finding] = []
    for check in checks:
        for claim in check.contradictions:
            if _CONFIDENCES.index(claim.confidence or "low") < least:
                continue
            place = next((e for e in claim.evidence if e.found and e.path), None)
            text = contradiction_line(check, claim)
            name = f"evidence: {claim.question}"
            if place is not None and place.path is not None:
                file = str(Path(check.scan) / place.path)
                items.append(Finding(check.source, name, text, file, place.line))
            else:
                items.append(Finding(check.source, name, text, check.source, None))
    if rules.backed_above is not None:
        for check, (result, q) in zip(checks, pairs, strict=True):
            for u in unbacked(result, check, q, rules.backed_above):
                text = (
                    f"{check.source}: {u.framework} level {u.level} criterion {u.criterion!r} "
                    f"({u.text}) is met on answers no evidence confirms ({', '.join(u.questions)})"
                )
                name = f"evidence: {u.criterion}"
                items.append(Finding(check.source, name, text, check.source, None))
    return Findings(items, errors)


def junit_with_findings(xml: str, found: Findings) -> str:
    """JUnit XML (as ``render_junit`` writes it) with a test suite of the findings added."""
    if not found.items:
        return xml
    root = ET.fromstring(xml.split("\n", 1)[1])  # our own document, minus its declaration
    suite = ET.SubElement(
        root,
        "testsuite",
        name="evidence",
        tests=str(len(found.items)),
        failures=str(len(found.items) if found.errors else 0),
        errors="0",
        skipped="0",
        time="0",
    )
    for f in found.items:
        case = ET.SubElement(suite, "testcase", name=f.name, classname=f.source, time="0")
        if found.errors:
            failure = ET.SubElement(case, "failure", message=f.text, type="contradicted")
            failure.text = f.text + (f"\nfile: {f.file}" if f.file else "")
        else:
            ET.SubElement(case, "system-out").text = f"warning: {f.text}"
    for key in ("tests", "failures"):
        added = int(suite.get(key, "0"))
        root.set(key, str(int(root.get(key, "0")) + added))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
