"""A fast pre-check for text signals: literal strings one of which any match must contain.

Most files match no pattern, and a substring test (``"mlflow." in text``) is many
times faster than running a regular expression over the whole file. For a
pattern, :func:`required_literals` finds, in each top-level alternative, a run of
plain characters (or a group of plain alternatives) that every match of that
alternative contains. When some alternative has none, or the pattern uses inline
flags or look-arounds, it gives None and the pattern is always run. The result is
conservative: a file without any of the literals cannot match.
"""

from __future__ import annotations

_SPECIAL_ESCAPES = frozenset("wWsSdDbBAZ0123456789nrtfvxuUN")
_MIN = 3


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Literals one of which every match of ``pattern`` contains, or None if unknown."""
    if "(?" in pattern.replace("(?:", ""):
        return None
    found: set[str] = set()
    for branch in _split(pattern):
        best = _best(branch)
        if best is None:
            return None
        found |= best
    return tuple(sorted(found)) or None


def _split(text: str) -> list[str]:
    """``text`` split at its top-level ``|`` (outside groups, classes and escapes)."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(text, i) + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


def _class_end(text: str, i: int) -> int:
    """Index of the ``]`` closing the class that opens at ``i`` (or the end)."""
    j = i + 1
    if j < len(text) and text[j] in "^!":
        j += 1
    if j < len(text) and text[j] == "]":
        j += 1
    while j < len(text) and text[j] != "]":
        j += 2 if text[j] == "\\" else 1
    return min(j, len(text))


def _group_end(text: str, i: int) -> int:
    depth, j = 0, i
    while j < len(text):
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            j = _class_end(text, j) + 1
            continue
        depth += {"(": 1, ")": -1}.get(c, 0)
        if depth == 0:
            return j
        j += 1
    return len(text)


def _plain(text: str) -> str | None:
    """The text a plain alternative stands for (escapes resolved), or None if not plain."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            if i + 1 >= len(text) or text[i + 1] in _SPECIAL_ESCAPES or text[i + 1].isalnum():
                return None
            out.append(text[i + 1])
            i += 2
            continue
        if c in ".^$*+?{}[]()|":
            return None
        out.append(c)
        i += 1
    return "".join(out)


def _best(branch: str) -> set[str] | None:
    """The required literal set of one alternative with the longest shortest member."""
    candidates: list[set[str]] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= _MIN:
            candidates.append({"".join(run)})
        run.clear()

    i = 0
    while i < len(branch):
        c = branch[i]
        atom: str | None = None
        if c == "\\" and i + 1 < len(branch) and branch[i + 1] not in _SPECIAL_ESCAPES:
            atom, end = branch[i + 1], i + 2
        elif c == "\\":
            end = i + 2
        elif c == "[":
            end = _class_end(branch, i) + 1
        elif c == "(":
            close = _group_end(branch, i)
            end = close + 1
            optional = end < len(branch) and branch[end] in "?*{"
            body = branch[i + 1 : close].removeprefix("?:")
            alts = [_plain(a) for a in _split(body)]
            flush()
            if not optional and all(a is not None and len(a) >= _MIN for a in alts):
                candidates.append({a for a in alts if a is not None})
        elif c in ".^$*+?{}|)":
            end = i + 1
        else:
            atom, end = c, i + 1
        quantifier = branch[end] if end < len(branch) else ""
        if atom is None:
            flush()
        elif quantifier in ("?", "*", "{"):
            flush()
        else:
            run.append(atom)
            if quantifier == "+":
                flush()
        i = end
    flush()
    if not candidates:
        return None
    # the rarest-looking set: the longest shortest member, then the longest on average
    return max(candidates, key=lambda s: (min(map(len, s)), sum(map(len, s)) / len(s)))
