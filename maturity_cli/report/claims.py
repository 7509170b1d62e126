"""Claims against evidence as plain text, Markdown and HTML (all text from files is escaped)."""

from __future__ import annotations

import html

from maturity_cli.evidence.render import where
from maturity_cli.evidence.scan import EvidenceItem
from maturity_cli.markdown import md_escape
from maturity_cli.scoring.claims import Claim, EvidenceCheck, Support

SUPPORT_WORDS = {
    "contradicted": "contradicted by evidence",
    "confirmed": "confirmed by evidence",
    "self_reported": "self-reported only",
    "evidence_only": "not answered; evidence proposes",
}
_ORDER: tuple[Support, ...] = ("contradicted", "confirmed", "evidence_only", "self_reported")


def _places(items: list[EvidenceItem], limit: int = 3) -> list[str]:
    shown = [f"{where(e)} {e.text}".rstrip() if e.path else e.text for e in items if e.found]
    shown += [e.text for e in items if not e.found]
    return shown[:limit] + ([f"and {len(shown) - limit} more"] if len(shown) > limit else [])


def _sorted(check: EvidenceCheck) -> list[Claim]:
    return sorted(check.claims, key=lambda c: _ORDER.index(c.support))


def claims_text(check: EvidenceCheck) -> str:
    """The comparison as plain text, for the terminal."""
    lines = [f"Claims and evidence ({check.source} against the scan of {check.scan})"]
    for lv in check.levels:
        lines.append(
            f"  {lv.title}: level {lv.answers_level} from the answers; "
            f"level {lv.evidence_level} ({lv.evidence_level_name}) from the evidence alone"
        )
    counts = ", ".join(f"{check.count(s)} {SUPPORT_WORDS[s]}" for s in _ORDER)
    lines.append(f"  {counts}")
    for c in _sorted(check):
        if c.support == "contradicted":
            lines.append(f"  contradicted: {c.title} ({c.question})")
            lines.append(f"      answered: {c.answer}")
            lines.append(f"      the files suggest: {c.proposed} ({c.confidence} confidence)")
            lines += [f"      {p}" for p in _places(c.evidence)]
        elif c.support != "self_reported":
            shown = c.answer if c.support == "confirmed" else c.proposed
            lines.append(f"  {SUPPORT_WORDS[c.support]}: {c.title}: {shown}")
    return "\n".join(lines) + "\n"


def claims_markdown(check: EvidenceCheck) -> str:
    """The comparison as a Markdown section: levels, then each answer's support."""
    lines = ["", "## Claims and evidence", ""]
    lines.append(f"Answers set against the files of {md_escape(check.scan)}.")
    lines.append("")
    for lv in check.levels:
        lines.append(
            f"- **{md_escape(lv.title)}**: level {lv.answers_level} from the answers, "
            f"level {lv.evidence_level} ({md_escape(lv.evidence_level_name)}) from the evidence alone"
        )
    lines += [
        "",
        "| question | answer | support | the files suggest | evidence |",
        "|---|---|---|---|---|",
    ]
    for c in _sorted(check):
        proposed = f"{c.proposed} ({c.confidence})" if c.proposed else ""
        evidence = "<br>".join(md_escape(p) for p in _places(c.evidence))
        lines.append(
            f"| {md_escape(c.title)} | {md_escape(c.answer)} | {SUPPORT_WORDS[c.support]} "
            f"| {md_escape(proposed)} | {evidence} |"
        )
    return "\n".join(lines) + "\n"


def claims_html(check: EvidenceCheck) -> str:
    """The comparison as an HTML section (every value escaped)."""
    e = html.escape
    parts = ['<section class="claims">', "<h2>Claims and evidence</h2>"]
    parts.append(f"<p>Answers set against the files of <code>{e(check.scan)}</code>.</p><ul>")
    for lv in check.levels:
        parts.append(
            f"<li><strong>{e(lv.title)}</strong>: level {lv.answers_level} from the answers, "
            f"level {lv.evidence_level} ({e(lv.evidence_level_name)}) from the evidence alone</li>"
        )
    parts.append("</ul><table><thead><tr><th>question</th><th>answer</th><th>support</th>")
    parts.append("<th>the files suggest</th><th>evidence</th></tr></thead><tbody>")
    for c in _sorted(check):
        proposed = f"{c.proposed} ({c.confidence})" if c.proposed else ""
        evidence = "<br>".join(e(p) for p in _places(c.evidence))
        parts.append(
            f'<tr class="{c.support}"><td>{e(c.title)}</td><td>{e(c.answer)}</td>'
            f"<td>{SUPPORT_WORDS[c.support]}</td><td>{e(proposed)}</td><td>{evidence}</td></tr>"
        )
    parts.append("</tbody></table></section>")
    return "\n".join(parts) + "\n"


def insert_html(document: str, section: str) -> str:
    """Put ``section`` at the end of an HTML report's body."""
    at = document.rfind("</body>")
    return document[:at] + section + document[at:] if at != -1 else document + section
