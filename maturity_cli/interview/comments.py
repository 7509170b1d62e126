"""Hand-written comments of an answers file, kept when ``assess --resume`` rewrites it.

Comments are grouped by the answer (or top-level key) they stand before; a comment
at the end of a key's line counts as standing before it. When the file is written
again, each group is put back before its key, and the comments of keys that are no
longer written at the end of the file, so none is lost. The two header lines that
``assess`` writes itself are not collected.
"""

from __future__ import annotations

import re

HEAD = ("# Answers for ", "# written by `maturity assess`")
_KEY = re.compile(r"""^( {2})?['"]?([^'"\s#:][^'":]*?)['"]?\s*:(?:\s|$)""")
_TRAILING = re.compile(r"\s(#.*)$")
END = "\0end"


def read_comments(text: str) -> dict[str, list[str]]:
    """Comment lines by the key they stand before: ``answers.ID`` or a top-level key."""
    groups: dict[str, list[str]] = {}
    pending: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            if not stripped.startswith(HEAD):
                pending.append(stripped)
            continue
        match = _KEY.match(line)
        if match is None:
            continue
        key = ("answers." if match.group(1) else "") + match.group(2)
        trailing = _TRAILING.search(line) if "'" not in line and '"' not in line else None
        if trailing is not None:
            pending.append(trailing.group(1))
        if pending:
            groups.setdefault(key, []).extend(pending)
            pending = []
    if pending:
        groups[END] = pending
    return groups


def with_comments(text: str, groups: dict[str, list[str]]) -> str:
    """``text`` (an answers file) with the comment groups put back before their keys."""
    if not groups:
        return text
    left = dict(groups)
    out: list[str] = []
    for line in text.splitlines():
        match = _KEY.match(line)
        if match is not None:
            key = ("answers." if match.group(1) else "") + match.group(2)
            indent = "  " if match.group(1) else ""
            out.extend(indent + comment for comment in left.pop(key, []))
        out.append(line)
    for comments in left.values():
        out.extend(comments)
    return "\n".join(out) + "\n"
