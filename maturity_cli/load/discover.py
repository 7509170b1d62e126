"""Find the files a command was given: paths, folders (searched recursively) and glob patterns."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from maturity_cli.errors import Problem

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
_GLOB_CHARS = frozenset("*?[")


class FileList(Sequence[Path]):
    """Paths kept as plain strings, made :class:`Path` objects one at a time.

    A ``Path`` costs several times its text in memory; an organisation's worth of
    them would make every batch process as big as the list.
    """

    def __init__(self, paths: Iterable[str | Path]) -> None:
        self._names = [os.fspath(p) for p in paths]

    def __len__(self) -> int:
        return len(self._names)

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [Path(name) for name in self._names[index]]
        return Path(self._names[index])

    def __iter__(self) -> Iterator[Path]:
        return (Path(name) for name in self._names)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FileList):
            return self._names == other._names
        return isinstance(other, list) and list(self) == other

    __hash__ = None  # type: ignore[assignment]  # mutable-looking, like a list


def expand_inputs(inputs: Iterable[str]) -> tuple[FileList, list[Problem], bool]:
    """Expand paths, folders (recursively) and glob patterns into files.

    Returns the files (each once, in a stable order), a problem for every input
    that matched nothing, and whether any input was a folder or pattern.
    """
    files: list[str] = []
    problems: list[Problem] = []
    many = False
    given = list(inputs)
    for raw in given:
        path = Path(raw)
        if path.is_dir():
            many = True
            found = _walk(path)
            if not found:
                problems.append(Problem("folder holds no .yaml, .yml or .json files", file=raw))
            files.extend(found)
        elif not path.exists() and _GLOB_CHARS & set(raw):
            many = True
            found = [
                str(p)
                for p in sorted(
                    Path(p)
                    for p in glob.glob(raw, recursive=True)  # noqa: PTH207 - patterns may be absolute
                    if Path(p).is_file()
                )
            ]
            if not found:
                problems.append(Problem("pattern matched no files", file=raw))
            files.extend(found)
        else:
            files.append(str(path))
    unique = FileList(files if len(given) == 1 else dict.fromkeys(files))
    return unique, problems, many or len(unique) > 1


def _walk(folder: Path) -> list[str]:
    """Answers files under ``folder`` (skipping hidden names), sorted like ``rglob``.

    Each folder's names are sorted on their own and sub-folders are walked at
    their name's place, which is ``Path`` order without holding a sort key for
    every file. ``os.scandir`` reuses the entries' types, so no ``stat`` per file.
    """
    found: list[str] = []
    pending: list[Iterator[tuple[str, bool]]] = [_entries(str(folder))]
    while pending:
        step = next(pending[-1], None)
        if step is None:
            pending.pop()
        elif step[1]:
            pending.append(_entries(step[0]))
        else:
            found.append(step[0])
    return found


def _entries(folder: str) -> Iterator[tuple[str, bool]]:
    """(path, is a folder) of the visible sub-folders and answers files, by name."""
    names: list[tuple[str, str, bool]] = []
    try:
        with os.scandir(folder) as entries:  # one entry at a time: folders can be huge
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir():
                    names.append((entry.name, entry.path, True))
                elif entry.name.endswith(ANSWER_SUFFIXES) and entry.is_file():
                    names.append((entry.name, entry.path, False))
    except OSError:
        return
    names.sort()
    for _, path, is_dir in names:
        yield path, is_dir
