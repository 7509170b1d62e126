"""File patterns for signals, with the same meaning on every Python version.

A pattern without a ``/`` matches a file name at any depth (``*.ipynb``,
``Dockerfile*``); a pattern with one is matched from the scanned folder
(``.github/workflows/*.yml``). ``*`` and ``?`` stay within a folder, ``**`` spans
folders, ``[abc]`` is a character class and ``{yml,yaml}`` lists alternatives. A
pattern ending in ``/`` matches folders.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def translate(glob: str) -> str:
    """The regular expression (to ``fullmatch``) for one pattern, without its trailing '/'."""
    out: list[str] = []
    i, n = 0, len(glob)
    while i < n:
        c = glob[i]
        if glob.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
            continue
        if glob.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[" and (end := glob.find("]", i + 2)) != -1:
            body = glob[i + 1 : end]
            negate = body[:1] in ("!", "^")
            body = body[1:] if negate else body
            out.append("[" + ("^/" if negate else "") + body.replace("\\", "\\\\") + "]")
            i = end
        elif c == "{" and (end := glob.find("}", i)) != -1 and _alternatives(glob[i + 1 : end]):
            parts = glob[i + 1 : end].split(",")
            out.append("(?:" + "|".join(translate(p) for p in parts) + ")")
            i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def _alternatives(body: str) -> bool:
    return "," in body and "{" not in body


_WILD = frozenset("*?[{")


class GlobSet:
    """Several patterns compiled into one test of a relative POSIX path.

    File names (``Dockerfile``) and extensions (``*.py``), the common cases, are
    tested without regular expressions.
    """

    __slots__ = ("_base", "_names", "_path", "_suffixes", "folders", "patterns")

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = tuple(patterns)
        base: list[str] = []
        anchored: list[str] = []
        names: set[str] = set()
        suffixes: list[str] = []
        folders = False
        for raw in self.patterns:
            folders = folders or raw.endswith("/")
            glob = raw.rstrip("/")
            if "/" in glob:
                anchored.append(translate(glob))
            elif not _WILD.intersection(glob):
                names.add(glob)
            elif glob.startswith("*") and not _WILD.intersection(glob[1:]) and glob[1:]:
                suffixes.append(glob[1:])
            else:
                base.append(translate(glob))
        self.folders = folders
        self._names = frozenset(names)
        self._suffixes = tuple(suffixes)
        self._base = re.compile("|".join(f"(?:{p})" for p in base)) if base else None
        self._path = re.compile("|".join(f"(?:{p})" for p in anchored)) if anchored else None

    def simple(self) -> tuple[frozenset[str], tuple[str, ...]] | None:
        """(file names, name endings) when that is all the set tests, else None."""
        if self._base is not None or self._path is not None:
            return None
        return self._names, self._suffixes

    def match(self, path: str) -> bool:
        """Whether ``path`` (relative, '/'-separated, no trailing '/') matches a pattern."""
        name = path.rpartition("/")[2]
        if name in self._names or (self._suffixes and name.endswith(self._suffixes)):
            return True
        if self._base is not None and self._base.fullmatch(name):
            return True
        return self._path is not None and self._path.fullmatch(path) is not None


def as_list(globs: str | list[str] | None) -> list[str]:
    """A pattern or a list of patterns, as a list."""
    if globs is None:
        return []
    return [globs] if isinstance(globs, str) else list(globs)
