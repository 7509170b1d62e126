"""Output formats: the names every command offers, defined once.

Each command picks its writer with an exhaustive ``match`` over its format enum
(mypy checks that no member is forgotten), so a new format is one enum member,
one writer module and one line in that match.
"""

from __future__ import annotations

from enum import Enum
from typing import NoReturn


class TableOrJson(str, Enum):
    """A terminal table, or JSON for other tools."""

    table = "table"
    json = "json"


class ScoreFormat(str, Enum):
    """``maturity score``: a table, one JSON document, or JSON Lines (streamed)."""

    table = "table"
    json = "json"
    jsonl = "jsonl"


class ReportFormat(str, Enum):
    """``maturity report``: Markdown, self-contained HTML, or JSON."""

    md = "md"
    html = "html"
    json = "json"


class ScanFormat(str, Enum):
    """``maturity scan``: plain text, Markdown, or JSON (with a published schema)."""

    table = "table"
    json = "json"
    md = "md"


class DiffFormat(str, Enum):
    """``maturity diff``: a terminal table, Markdown for pull requests, or JSON."""

    table = "table"
    md = "md"
    json = "json"


def unhandled(fmt: NoReturn) -> NoReturn:
    """Mark the end of an exhaustive ``match``: mypy fails if a format is left out."""
    raise AssertionError(f"no writer for format {fmt!r}")
