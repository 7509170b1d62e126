"""Values no file may hold: numbers that are not finite or too large, lone surrogates."""

from __future__ import annotations

import math
import re
from typing import Any

from maturity_cli.errors import Problem

MAX_INTEGER = 2**63
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]|\\U0000[dD][89a-fA-F]")


class BadValue(Exception):
    """A YAML value that cannot be used, with its node (for the location)."""

    def __init__(self, node: Any, message: str, hint: str | None = None) -> None:
        self.node, self.message, self.hint = node, message, hint


def unreadable(node: Any, exc: BaseException) -> BadValue:
    """The error for a scalar the YAML constructor cannot build (a date, a long number)."""
    text = node.value if isinstance(node.value, str) else ""
    shown = text[:40] + ("..." if len(text) > 40 else "")
    why = str(exc).split(";")[0].strip()[:120] or type(exc).__name__
    return BadValue(
        node,
        f"cannot read the value {shown!r}: {why}",
        hint="write a real date as YYYY-MM-DD or a shorter number, "
        "or quote the value to keep it as text",
    )


def number_problem(value: Any) -> str | None:
    """Why a parsed number cannot be used (not finite, or too large), or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return "numbers must be finite (NaN and infinity are not allowed)"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= MAX_INTEGER:
        return "this number is too large"
    return None


def located(message: str, text: str, token: str, filename: str) -> Problem:
    at = text.find(token)
    if at < 0:
        return Problem(message, file=filename)
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return Problem(message, file=filename, line=line, column=column)


def bad_text(text: str, data: Any, filename: str) -> Problem | None:
    """A problem if an escape in ``text`` put a lone surrogate into ``data``'s strings."""
    match = _SURROGATE_ESCAPE.search(text)
    if match is None or not _has_surrogate(data):
        return None
    return located(
        "text holds a lone surrogate escape (half of a UTF-16 pair), which is not a character",
        text,
        match.group(0),
        filename,
    )


def _has_surrogate(data: Any) -> bool:
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False
