"""Markdown for GitHub: the one escaping rule every Markdown output uses.

Reports, summaries, diffs and CI job summaries all put text from files into
Markdown; these functions make that text show literally, on one line, so it can
never open a link, a list, raw HTML or a new table cell.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from maturity_cli.text import plain_text

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~!])")
_MD_LINE_START = re.compile(r"^(?:[#+-](?= |$)|=+$|-+$|\d+(?=[.)](?: |$)))")
_URL_SAFE = ":/?#@!$&'*+,;=%-._~"


def md_escape(value: object) -> str:
    """Text that shows literally in GitHub Markdown, on one line (safe in table cells)."""
    text = " ".join(plain_text(str(value)).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    match = _MD_LINE_START.match(text)
    if match is None:
        return text
    if match.group(0)[0].isdigit():  # "1. text" would start a list: escape the dot
        end = match.end()
        return text[:end] + "\\" + text[end:]
    return "\\" + text


def http_url(value: object) -> str | None:
    """The value as a URL if it is a plain http(s) address, else ``None``."""
    text = str(value).strip()
    if not text or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def md_link(value: object) -> str:
    """A Markdown link for an http(s) URL; anything else as escaped text."""
    url = http_url(value)
    if url is None:
        return md_escape(value)
    return f"[{md_escape(url)}]({quote(url, safe=_URL_SAFE)})"


def md_code(value: object) -> str:
    """A code span showing the text literally (ids, paths), safe in a table cell."""
    text = " ".join(plain_text(str(value)).split()).replace("`", "'").replace("|", "\\|")
    return f"`{text}`"
