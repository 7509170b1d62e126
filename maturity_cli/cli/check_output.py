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
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

from maturity_cli.text import plain_text, safe_text

if TYPE_CHECKING:
    from rich.console import RenderableType

    from maturity_cli.ci.diff import DiffReport
    from maturity_cli.ci.diff_many import ManyDiffReport
    from maturity_cli.ci.gate import CheckEnd, Outcome

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


def check_table(outcomes: list[Outcome], today: str) -> RenderableType:
    """The check report as a rich table."""
    from rich.table import Table

    many = len({o.source for o in outcomes}) > 1
    table = Table(title=f"Maturity check ({today})", title_justify="left")
    if many:
        table.add_column("File", no_wrap=True)
    table.add_column("Target", style="bold", overflow="fold")
    table.add_column("Required")
    table.add_column("Actual")
    table.add_column("Status", no_wrap=True)
    table.add_column("What to do")
    for o in outcomes:
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
_STATUSES = ["", *_RANK]  # a file's worst status is kept as its index here


def _pack(worst: int, met: int, targets: int) -> int:
    return (targets << 36) | (met << 4) | worst


def _unpack(row: int) -> tuple[int, int, int]:
    return row & 0xF, (row >> 4) & 0xFFFFFFFF, row >> 36


class Summary:
    """The table of a check, gathered as outcomes arrive.

    Every outcome is kept only while the full table may still be shown (fewer
    than :data:`SUMMARY_FROM_FILES` files, or ``--details``). The summary keeps
    per file its worst status and the targets met, and the lines of the misses in
    a temporary file: it prints one plain line per file, then every miss. Plain
    text, not a rich table: drawing ten thousand rows would take longer than
    checking them. Control characters from the data are left out.
    """

    def __init__(self, details: bool) -> None:
        from maturity_cli.ci.spool import Spool

        self.details = details
        self.kept: list[Outcome] | None = []
        # Per file one integer: targets, met and the worst status's index in _STATUSES
        # (a list of three would cost 88 bytes more a file, 17 MB at 200,000 files).
        self.files: dict[str, int] = {}
        self.counts = dict.fromkeys(_RANK, 0)
        self.missed = Spool()

    def add(self, o: Outcome) -> None:
        self.counts[o.status] += 1
        row = self.files.get(o.source)
        if row is None:
            row = 0
            if (
                self.kept is not None
                and not self.details
                and len(self.files) + 1 >= SUMMARY_FROM_FILES
            ):
                self.kept = None
        if self.kept is not None:
            self.kept.append(o)
        worst, met, targets = _unpack(row)
        if _RANK[o.status] > _RANK.get(_STATUSES[worst], 0):
            worst = _STATUSES.index(o.status)
        met += o.status in ("pass", "waived")
        self.files[o.source] = _pack(worst, met, targets + 1)
        if o.status not in ("pass", "waived"):
            line = (
                f"  {o.source}: {o.label}: {o.status}, required {o.required}, actual {o.actual}"
                + (f". {o.advice}" if o.advice else "")
            )
            self.missed.write(("\n" + plain_text(line.replace("\n", " "))).encode("utf-8"))

    def show(self, end: CheckEnd) -> None:
        """Print the full table, or the summary from many files."""
        bad = {e.source for e in end.errors}
        sources = len(self.files) + len(bad - self.files.keys())
        if self.kept is not None and (self.details or sources < SUMMARY_FROM_FILES):
            show(check_table(self.kept, end.today))
        else:
            self._summary(end, bad, sources)

    def _summary(self, end: CheckEnd, bad: set[str], sources: int) -> None:
        counts = ", ".join(f"{n} {s}" for s, n in self.counts.items() if n)
        head = f"Maturity check ({end.today}): {sources} files; " + counts
        head += f", {len(bad)} could not be checked" if bad else ""
        width = [len("File"), len("Status")]
        for r in self._rows(end, bad):
            width = [max(width[0], len(r[0])), max(width[1], len(r[1]))]
        out = TextOut(sys.stdout)
        out.write_text(plain_text(head.replace("\n", " ")) + "\n")
        lines: list[str] = []
        for r in [("File", "Status", "Met"), *self._rows(end, bad)]:
            line = f"{r[0]:<{width[0]}}  {r[1]:<{width[1]}}  {r[2]}".rstrip()
            lines.append("\n" + plain_text(line.replace("\n", " ")))
            if len(lines) >= 1000:
                out.write_text("".join(lines))
                lines = []
        out.write_text("".join(lines))
        if self.missed.size:
            out.write_text("\n\nTargets missed (--details for every row):")
            self.missed.copy(out)
        out.write_text("\n")

    def _rows(self, end: CheckEnd, bad: set[str]) -> Iterator[tuple[str, str, str]]:
        for source, row in self.files.items():
            worst, met, targets = _unpack(row)
            yield source, "error" if source in bad else _STATUSES[worst], f"{met}/{targets}"
        for source in dict.fromkeys(e.source for e in end.errors):
            if source not in self.files:
                yield source, "error", "0/0"

    def close(self) -> None:
        self.missed.close()


class TextOut:
    """Bytes of UTF-8 text written to a text stream, made encodable for it (see :func:`fit`)."""

    def __init__(self, stream: TextIO, json: bool = False) -> None:
        import codecs

        self.stream = stream
        self.fit = fit_json if json else fit
        self.decoder = codecs.getincrementaldecoder("utf-8")()

    def write(self, data: bytes) -> None:
        self.write_text(self.decoder.decode(data))

    def write_text(self, text: str) -> None:
        if text:
            self.stream.write(self.fit(text, self.stream))


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
