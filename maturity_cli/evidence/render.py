"""Plain-text and Markdown views of a scan result (the text is already free of control codes)."""

from __future__ import annotations

from maturity_cli.evidence.scan import EvidenceItem, ProposedAnswer, ScanResult


def where(item: EvidenceItem) -> str:
    """``path:line`` (or the path, or the signal for a count or an absence)."""
    if item.path is None:
        return item.signal
    return f"{item.path}:{item.line}" if item.line is not None else item.path


def _item_text(item: EvidenceItem) -> str:
    if not item.found:
        return item.text
    text = item.text
    suffix = " (example/template/vendored folder)" if item.weak else ""
    return f"{where(item)}  {text}{suffix}".rstrip() if item.path else text + suffix


def _heading(result: ScanResult) -> str:
    return (
        f"Scan of {result.path} with {result.questionnaire} {result.questionnaire_version}: "
        f"{result.files} files (listed by {result.listed_by}), "
        f"{len(result.proposals)} proposed answers, {len(result.undetermined)} undetermined"
    )


def to_text(result: ScanResult) -> str:
    """The scan as plain text: proposals with their evidence, then what it cannot tell."""
    lines = [_heading(result), ""]
    if result.proposals:
        lines.append("Proposed answers")
        for p in result.proposals:
            lines.append(f"  {p.title} ({p.question}): {p.label}  [{p.confidence} confidence]")
            if p.note:
                lines.append(f"      note: {p.note}")
            lines += [f"      {_item_text(item)}" for item in p.evidence]
        lines.append("")
    if result.undetermined:
        lines.append("Cannot tell from the files")
        lines += [f"  {u.title} ({u.question}): {u.reason}" for u in result.undetermined]
        lines.append("")
    if result.notes:
        lines.append("Files skipped or partly read")
        lines += [f"  {n.path}: {n.note}" for n in result.notes]
        lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'").replace("\n", " ")


def _md_evidence(p: ProposedAnswer) -> str:
    parts = []
    for item in p.evidence:
        if not item.found:
            parts.append(_cell(item.text))
        elif item.path is None:
            parts.append(_cell(item.text))
        else:
            shown = f"`{_cell(where(item))}`"
            parts.append(f"{shown} `{_cell(item.text)}`" if item.text else shown)
    return "<br>".join(parts)


def to_markdown(result: ScanResult) -> str:
    """The scan as GitHub-flavoured Markdown."""
    lines = [f"# Evidence scan: {_cell(result.path)}", "", _cell(_heading(result)) + ".", ""]
    if result.proposals:
        lines += [
            "## Proposed answers",
            "",
            "| question | proposed | confidence | evidence |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {_cell(p.title)} (`{p.question}`) | {_cell(p.label)} | {p.confidence} "
            f"| {_md_evidence(p)} |"
            for p in result.proposals
        ]
        lines.append("")
    if result.undetermined:
        lines += ["## Cannot tell from the files", ""]
        lines += [f"- {_cell(u.title)} (`{u.question}`): {u.reason}" for u in result.undetermined]
        lines.append("")
    if result.notes:
        lines += ["## Files skipped or partly read", ""]
        lines += [f"- `{_cell(n.path)}`: {_cell(n.note)}" for n in result.notes]
        lines.append("")
    return "\n".join(lines)
