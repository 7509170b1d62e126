"""Which signals' file patterns a path matches, with as few tests per file as possible.

Signals sharing the same patterns form one group. Groups that only name files
(``Dockerfile``) or endings (``*.py``) are found for a path by dictionary look-ups
of its name and name endings; only the other groups run their patterns.
"""

from __future__ import annotations

from collections.abc import Iterable

from maturity_cli.evidence.globs import GlobSet

Key = tuple[tuple[str, ...], tuple[str, ...]]  # (include patterns, exclude patterns)


class Matcher:
    """One group's file patterns (folders apart) and exclusions."""

    def __init__(self, include: Iterable[str], exclude: Iterable[str]) -> None:
        include = list(include)
        self.files = GlobSet(g for g in include if not g.endswith("/"))
        self.folders = GlobSet(g for g in include if g.endswith("/"))
        self.exclude = GlobSet(exclude)

    def __call__(self, path: str) -> bool:
        return self.files.match(path) and not self.excluded(path)

    def excluded(self, path: str) -> bool:
        """Whether ``path``, or a folder it is in, matches an exclusion."""
        if not self.exclude.patterns:
            return False
        parts = path.split("/")
        return any(self.exclude.match("/".join(parts[: i + 1])) for i in range(len(parts)))

    def folder(self, path: str) -> bool:
        return self.folders.match(path) and not self.excluded(path)


class GroupIndex:
    """All groups, and the look-up tables of those that name files or endings only."""

    def __init__(self, keys: Iterable[Key]) -> None:
        self.groups = {key: Matcher(*key) for key in keys}
        self._names: dict[str, set[Key]] = {}
        self._endings: dict[str, set[Key]] = {}
        self._others: list[tuple[Key, Matcher]] = []
        for key, matcher in self.groups.items():
            simple = None if matcher.exclude.patterns else matcher.files.simple()
            if simple is None:
                self._others.append((key, matcher))
                continue
            for name in simple[0]:
                self._names.setdefault(name, set()).add(key)
            for ending in simple[1]:
                self._endings.setdefault(ending, set()).add(key)
        self._lengths = sorted({len(e) for e in self._endings})

    def matching(self, path: str) -> set[Key]:
        """The keys of the groups whose file patterns match ``path``."""
        name = path.rpartition("/")[2]
        found = set(self._names.get(name, ()))
        for length in self._lengths:
            if length <= len(name):
                found.update(self._endings.get(name[-length:], ()))
        for key, matcher in self._others:
            if matcher(path):
                found.add(key)
        return found
