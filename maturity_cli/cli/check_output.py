"""Printing ``check`` and ``diff`` results: rich tables, and safe output in CI logs.

When stdout is not a terminal (a CI log, a pipe, a file) tables are never cut to a
terminal width: they are rendered as wide as their content. Characters that the
output encoding cannot carry (a Windows runner's cp1252 console) fall back to
ASCII (``≤`` becomes ``<=``, ``→`` becomes ``->``), or ``?``, instead of crashing.
"""

from __future__ import annotations

import io
import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

from maturity_cli.text import safe_text

if TYPE_CHECKING:
    from rich.console import RenderableType

    from maturity_cli.ci.diff import DiffReport
    from maturity_cli.ci.diff_many import ManyDiffReport
    from maturity_cli.ci.gate import CheckReport, Outcome

_ASCII = {
    "≤": "<=",
    "≥": ">=",
    "→": "->",
    "←": "<-",
    "▲": "^",
    "▼": "v",
    "…": "...",
    "–": "-",
    "—": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "✅": "[ok]",
    "❌": "[x]",
}


def fit(text: str, stream: TextIO) -> str:
    """``text`` with characters ``stream``'s encoding cannot carry replaced by ASCII."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        pass
    for char, ascii_text in _ASCII.items():
        text = text.replace(char, ascii_text)
    try:
        return text.encode(encoding, errors="replace").decode(encoding)
    except LookupError:
        return text.encode("ascii", errors="replace").decode("ascii")


def fit_json(text: str, stream: TextIO) -> str:
    """JSON text whose non-ASCII characters become ``\\uXXXX`` if ``stream`` cannot carry them."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        return "".join(c if ord(c) < 128 else json.dumps(c)[1:-1] for c in text)


def write(text: str, stream: TextIO | None = None) -> None:
    """Write plain text to stdout (or ``stream``), encodable whatever the console."""
    stream = stream or sys.stdout
    stream.write(fit(text, stream))


class _Buffer(io.StringIO):
    """A text buffer that tells rich the real output encoding (ASCII boxes if not UTF)."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding


def show(renderable: RenderableType) -> None:
    """Print a rich renderable: as usual on a terminal, full width and encodable elsewhere."""
    from rich.console import Console

    import maturity_cli.cli.console as console

    if sys.stdout.isatty():
        out = console.out()
        if fit("≤→", sys.stdout) == "≤→":
            out.print(renderable)
            return
    buffer = _Buffer(getattr(sys.stdout, "encoding", None) or "utf-8")
    options: dict[str, Any] = {"highlight": False, "emoji": False, "color_system": None}
    width = max(80, Console(file=buffer, width=100_000, **options).measure(renderable).maximum)
    Console(file=buffer, width=width, **options).print(renderable)
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    write("\n".join(lines) + "\n")


def status_style(status: str) -> str:
    return {
        "pass": "green",
        "fail": "bold red",
        "error-stale": "bold red",
        "warn": "yellow",
        "waived": "cyan",
    }.get(status, "")


def check_table(report: CheckReport) -> RenderableType:
    """The check report as a rich table."""
    from rich.table import Table

    many = len({o.source for o in report.outcomes}) > 1
    table = Table(title=f"Maturity check ({report.today})", title_justify="left")
    if many:
        table.add_column("File", no_wrap=True)
    table.add_column("Target", style="bold", overflow="fold")
    table.add_column("Required")
    table.add_column("Actual")
    table.add_column("Status", no_wrap=True)
    table.add_column("What to do")
    for o in report.outcomes:
        todo = o.advice
        if o.status == "waived" and o.waiver is not None:
            todo = f"waived: {o.waiver.reason}" + (
                f" (until {o.waiver.expires})" if o.waiver.expires else ""
            )
        cells = [o.label, o.required, o.actual]
        row = [safe_text(c) for c in ([o.source] if many else []) + cells]
        style = status_style(o.status)
        row += [f"[{style}]{o.status}[/]" if style else o.status, safe_text(todo)]
        table.add_row(*row)
    return table


SUMMARY_FROM_FILES = 20
"""From this many files the table is a summary: one line per file, details of misses."""

_RANK = {"fail": 4, "error-stale": 4, "warn": 3, "waived": 2, "pass": 1}


def check_summary(report: CheckReport) -> str:
    """One plain line per file (its worst status and targets met), then every miss.

    Plain text, not a rich table: drawing ten thousand rows would take longer
    than checking them. Control characters from the data are left out.
    """
    from maturity_cli.text import plain_text

    files: dict[str, list[Outcome]] = {source: [] for source in report.sources}
    for o in report.outcomes:
        files[o.source].append(o)
    bad = {e.source for e in report.errors}
    rows = [("File", "Status", "Met")]
    for source, found in files.items():
        worst = max(found, key=lambda o: _RANK.get(o.status, 0)).status if found else "pass"
        met = sum(1 for o in found if o.status in ("pass", "waived"))
        rows.append((source, "error" if source in bad else worst, f"{met}/{len(found)}"))
    width = [max(len(r[i]) for r in rows) for i in range(2)]
    lines = [
        f"Maturity check ({report.today}): {len(files)} files; "
        + ", ".join(f"{report.count(s)} {s}" for s in _RANK if report.count(s))
        + (f", {len(bad)} could not be checked" if bad else ""),
        "",
        *(f"{r[0]:<{width[0]}}  {r[1]:<{width[1]}}  {r[2]}".rstrip() for r in rows),
    ]
    missed = [o for o in report.outcomes if o.status not in ("pass", "waived")]
    if missed:
        lines += ["", "Targets missed (--details for every row):"]
        lines += [
            f"  {o.source}: {o.label}: {o.status}, required {o.required}, actual {o.actual}"
            + (f". {o.advice}" if o.advice else "")
            for o in missed
        ]
    return "\n".join(plain_text(line.replace("\n", " ")) for line in lines) + "\n"


def diff_table(report: DiffReport) -> RenderableType:
    """The comparison as rich tables."""
    from rich.console import Group
    from rich.table import Table

    from maturity_cli.ci.diff import ARROWS, level_text

    parts: list[Any] = [
        f"[bold]{safe_text(report.subject)}[/]: {safe_text(report.old_source)} "
        f"({report.old_assessed_on or 'undated'}) → {safe_text(report.new_source)} "
        f"({report.new_assessed_on or 'undated'})"
    ]
    if report.empty:
        parts.append("No changes.")
    if report.levels:
        t = Table(title="Levels", title_justify="left")
        for col in ("Target", "Old", "New", "Change"):
            t.add_column(col)
        for c in report.levels:
            style = "green" if c.direction == "up" else "red"
            t.add_row(
                safe_text(c.key),
                safe_text(level_text(c.old, c.old_name)),
                safe_text(level_text(c.new, c.new_name)),
                f"[{style}]{ARROWS[c.direction]}[/]",
            )
        parts.append(t)
    for title, crits in (
        ("Criteria newly met", report.criteria_met),
        ("Criteria lost", report.criteria_lost),
    ):
        if crits:
            parts.append(f"[bold]{title}[/]")
            parts += [f"  {safe_text(c.id)}: {safe_text(c.text)} (level {c.level})" for c in crits]
    for title, recs in (
        ("Recommendations resolved", report.recommendations_resolved),
        ("New recommendations", report.recommendations_new),
    ):
        if recs:
            parts.append(f"[bold]{title}[/]")
            parts += [f"  {safe_text(r.title)} ({safe_text(r.id)})" for r in recs]
    if report.answers_changed:
        t = Table(title="Answers changed", title_justify="left")
        for col in ("Question", "Old", "New"):
            t.add_column(col)
        for a in report.answers_changed:
            t.add_row(safe_text(a.title), safe_text(a.old), safe_text(a.new))
        parts.append(t)
    return Group(*parts)


def diff_many_table(report: ManyDiffReport) -> RenderableType:
    """Every pair that changed, then a count and the assessments found on one side only."""
    from rich.console import Group
    from rich.markup import escape

    parts: list[Any] = [diff_table(p) for p in report.pairs if not p.empty]
    unchanged = sum(1 for p in report.pairs if p.empty)
    parts.append(f"{len(report.pairs)} assessments compared, {unchanged} unchanged.")
    for title, items in (
        ("Only in the old set", report.only_old),
        ("Only in the new set", report.only_new),
    ):
        if items:
            parts.append(f"[bold]{title}[/]")
            parts += [f"  {escape(u.subject)} ({escape(u.source)})" for u in items]
    return Group(*parts)
