"""Pre-fill an answers file with a scan's proposals (``maturity init --scan``).

The blank template of :mod:`maturity_cli.answers.template` gets, for each proposed
question, the proposed value and a note saying it came from the scan, with its
confidence and where the evidence is. The person filling it in confirms or
changes each one; nothing here is treated as more than a proposal.
"""

from __future__ import annotations

import json

from maturity_cli.evidence.render import where
from maturity_cli.evidence.scan import ProposedAnswer, ScanResult
from maturity_cli.questionnaire.definitions import Questionnaire
from maturity_cli.rules.types import Env

MAX_PLACES = 5


def proposal_note(p: ProposedAnswer) -> str:
    """One line saying where a proposed answer comes from."""
    places = [where(e) for e in p.evidence if e.found and e.path is not None]
    counts = [e.text for e in p.evidence if e.found and e.path is None]
    absent = [e.text for e in p.evidence if not e.found]
    shown = places[:MAX_PLACES] + counts
    if len(places) > MAX_PLACES:
        shown.append(f"and {len(places) - MAX_PLACES} more")
    shown += absent
    text = f"Proposed by maturity scan ({p.confidence} confidence)"
    if shown:
        text += ": " + "; ".join(shown)
    return text + (f". {p.note}" if p.note else "")


def prefill(template: str, scan: ScanResult, q: Questionnaire) -> str:
    """The template with each proposed answer filled in and its evidence as a note.

    A question asked only under a condition that the filled-in answers do not make
    true gets its proposal as a comment instead, so no answer is ignored on scoring.
    """
    lines = template.split("\n")
    index = {
        line: i for i, line in enumerate(lines) if line.startswith("  ") and line.endswith(":")
    }
    values = {p.question: p.answer for p in scan.proposals}
    env = Env(values, dict.fromkeys(values, "answered"))
    for p in scan.proposals:
        at = index.get(f"  {p.question}:")
        question = q.question_map.get(p.question)
        if at is None or question is None:
            continue
        if question.when is not None and not question.when.holds(env):
            shown = json.dumps(p.answer, ensure_ascii=False)
            lines[at] = f"  # {proposal_note(p)}; proposed answer: {shown}\n{lines[at]}"
            continue
        entry = {"value": p.answer, "note": proposal_note(p)}
        lines[at] = f"  {p.question}: {json.dumps(entry, ensure_ascii=False)}"
    return "\n".join(lines)
