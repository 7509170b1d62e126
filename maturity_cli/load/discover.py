"""Find the files a command was given: paths, folders (searched recursively) and glob patterns.

:func:`find_inputs` streams them: folders are walked lazily, in ``Path`` order,
and no list of every file is kept, so finding 200,000 files costs the same memory
as finding 2,000. :func:`expand_inputs` is the same stream kept in a list, for
commands that need the files more than once.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from maturity_cli.errors import Problem

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
_GLOB_CHARS = frozenset("*?[")
WINDOW = 16_384
"""At most this many names of one folder are sorted at once (twice this held, a few
megabytes). A folder with more is read once per window: 13 times for 200,000
files (49 times, and twice the parent's CPU, with windows of 4,096)."""


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


class _Input:
    """One input as given: a file, a folder or a pattern (its matches held, sorted)."""

    def __init__(self, raw: str) -> None:
        path = Path(raw)
        self.raw = raw
        self.name = str(path)
        self.matches: list[str] | None = None
        self.folder = path.is_dir()
        if not self.folder and not path.exists() and _GLOB_CHARS & set(raw):
            import glob  # noqa: PLC0415 - start-up: only patterns need it

            self.matches = [
                str(p)
                for p in sorted(
                    Path(p)
                    for p in glob.glob(raw, recursive=True)  # noqa: PTH207 - patterns may be absolute
                    if Path(p).is_file()
                )
            ]

    def files(self, ordered: bool = True) -> Iterator[str]:
        """The file names this input stands for (``ordered``: in ``Path`` order)."""
        if self.folder:
            return _walk(self.name) if ordered else _scan(self.name, stop=False)
        if self.matches is not None:
            return iter(self.matches)
        return iter((self.name,))

    def covers(self, name: str) -> bool:
        """Whether this input also stands for the file ``name`` (found by another input)."""
        if self.matches is not None:
            return name in self._match_set
        if not self.folder:
            return name == self.name
        # Names are compared as the walk builds them, as text: no Path per file.
        prefix = os.path.join(self.name, "")  # noqa: PTH118
        if not name.startswith(prefix) or not name.endswith(ANSWER_SUFFIXES):
            return False
        parts = name[len(prefix) :].split(os.sep)  # noqa: PTH206
        if any(part.startswith(".") or not part for part in parts):
            return False
        # The walk lists every folder on the way (a folder it cannot read, it skips).
        folders = itertools.accumulate(parts[:-1], os.path.join, initial=self.name)
        listable = all(os.access(f, os.R_OK | os.X_OK) for f in folders)
        return listable and os.path.isfile(name)  # noqa: PTH113

    @functools.cached_property
    def _match_set(self) -> frozenset[str]:
        return frozenset(self.matches or ())


class Inputs:
    """The files named by a command's inputs, found anew each time they are iterated.

    Each file comes once (a file also found by an earlier input is left out when
    more than one input is given), in a stable order: inputs in the order given,
    folders in ``Path`` order, pattern matches sorted. ``problems`` has one entry
    per input that names no file; ``many`` tells whether the output is a batch
    (any folder or pattern, or more than one file).
    """

    def __init__(self, given: Iterable[str]) -> None:
        self._inputs = [_Input(raw) for raw in given]
        self.problems: list[Problem] = []
        for item in self._inputs:
            if item.folder and next(_scan(item.name, stop=True), None) is None:
                self.problems.append(
                    Problem("folder holds no .yaml, .yml or .json files", file=item.raw)
                )
            elif item.matches is not None and not item.matches:
                self.problems.append(Problem("pattern matched no files", file=item.raw))
        plain = {i.name for i in self._inputs if not i.folder and i.matches is None}
        self.many = len(plain) > 1 or any(i.folder or i.matches is not None for i in self._inputs)

    def __iter__(self) -> Iterator[Path]:
        return (Path(name) for name in self.names())

    def names(self, ordered: bool = True) -> Iterator[str]:
        """The files' names, in order (``ordered=False``: any order, for checks and counts)."""
        if len(self._inputs) == 1:
            yield from self._inputs[0].files(ordered)
            return
        for k, item in enumerate(self._inputs):
            earlier = self._inputs[:k]
            found = item.files(ordered)
            if item.matches is not None:  # a pattern may match one file twice
                found = iter(dict.fromkeys(found))
            for name in found:
                if not any(other.covers(name) for other in earlier):
                    yield name

    def named(self, wanted: Iterable[str]) -> Iterator[Path]:
        """The files whose base name is one of ``wanted`` (cheap: no ``Path`` per file).

        Folders are walked only when a folder walk could find such a name.
        """
        names = set(wanted)
        walk = any(n.endswith(ANSWER_SUFFIXES) and not n.startswith(".") for n in names)
        for item in self._inputs:
            if item.folder and not walk:
                continue
            for name in item.files(ordered=False):
                if os.path.basename(name) in names:  # noqa: PTH119 - no Path per file
                    yield Path(name)

    def same_named(self, output: Path) -> Iterator[Path]:
        """The files that could be ``output``: those bearing its name or its target's.

        What an output file must be checked against, without a list of every input.
        """
        return self.named({output.name, os.path.basename(os.path.realpath(output))})  # noqa: PTH119

    def count(self) -> int:
        """How many files there are (walks the inputs once, keeping no names)."""
        return sum(1 for _ in self.names(ordered=False))


def find_inputs(inputs: Iterable[str]) -> Inputs:
    """The files named by paths, folders (recursively) and glob patterns, streamed."""
    return Inputs(inputs)


def expand_inputs(inputs: Iterable[str]) -> tuple[FileList, list[Problem], bool]:
    """Expand paths, folders (recursively) and glob patterns into a list of files.

    Returns the files (each once, in a stable order), a problem for every input
    that matched nothing, and whether any input was a folder or pattern (or there
    is more than one file).
    """
    found = find_inputs(inputs)
    files = FileList(found.names())
    return files, found.problems, found.many or len(files) > 1


def _walk(folder: str) -> Iterator[str]:
    """Answers files under ``folder`` (skipping hidden names), sorted like ``rglob``.

    Each folder's names are sorted on their own and sub-folders are walked at
    their name's place, which is ``Path`` order without a sort key for every
    file. A huge folder is read in windows of at most :data:`WINDOW` names.
    """
    pending: list[Iterator[tuple[str, bool]]] = [_entries(folder)]
    while pending:
        step = next(pending[-1], None)
        if step is None:
            pending.pop()
        elif step[1]:
            pending.append(_entries(step[0]))
        else:
            yield step[0]


def _entries(folder: str) -> Iterator[tuple[str, bool]]:
    """(path, is a folder) of the visible sub-folders and answers files, by name."""
    after: str | None = None
    while True:
        names, folders = _window(folder, after)
        for name in names:
            yield os.path.join(folder, name), name in folders  # noqa: PTH118 - as scandir
        if len(names) < WINDOW:
            return
        after = names[-1]


def _window(folder: str, after: str | None) -> tuple[list[str], set[str]]:
    """The first :data:`WINDOW` names after ``after``, sorted, and which are folders.

    One pass over the folder; a folder of any size is read in bounded memory
    (more passes), since ``scandir`` gives names in no particular order.
    """
    names: list[str] = []
    folders: set[str] = set()
    bound: str | None = None
    try:
        with os.scandir(folder) as entries:  # one entry at a time: folders can be huge
            for entry in entries:
                name = entry.name
                if (after is not None and name <= after) or (bound is not None and name >= bound):
                    continue
                if name.startswith("."):
                    continue
                if entry.is_dir():
                    folders.add(name)
                elif not (name.endswith(ANSWER_SUFFIXES) and entry.is_file()):
                    continue
                names.append(name)
                if len(names) >= 2 * WINDOW:
                    names.sort()
                    del names[WINDOW:]
                    bound = names[-1]
                    folders.intersection_update(names)
    except OSError:
        pass
    names.sort()
    del names[WINDOW:]
    return names, folders.intersection(names) if folders else folders


def _scan(folder: str, *, stop: bool) -> Iterator[str]:
    """Answers files under ``folder`` in no particular order (``stop``: only the first)."""
    stack = [folder]
    while stack:
        try:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir():
                        stack.append(entry.path)
                    elif entry.name.endswith(ANSWER_SUFFIXES) and entry.is_file():
                        yield entry.path
                        if stop:
                            return
        except OSError:
            continue
