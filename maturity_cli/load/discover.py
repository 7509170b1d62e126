"""Find the files a command was given: paths, folders (searched recursively) and glob patterns."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from pathlib import Path

from maturity_cli.errors import Problem

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
_GLOB_CHARS = frozenset("*?[")


def expand_inputs(inputs: Iterable[str]) -> tuple[list[Path], list[Problem], bool]:
    """Expand paths, folders (recursively) and glob patterns into files.

    Returns the files (each once, in a stable order), a problem for every input
    that matched nothing, and whether any input was a folder or pattern.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    many = False
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            many = True
            found = _walk(path)
            if not found:
                problems.append(Problem("folder holds no .yaml, .yml or .json files", file=raw))
            files.extend(found)
        elif not path.exists() and _GLOB_CHARS & set(raw):
            many = True
            found = sorted(
                Path(p)
                for p in glob.glob(raw, recursive=True)  # noqa: PTH207 - patterns may be absolute
                if Path(p).is_file()
            )
            if not found:
                problems.append(Problem("pattern matched no files", file=raw))
            files.extend(found)
        else:
            files.append(path)
    unique = list(dict.fromkeys(files))
    return unique, problems, many or len(unique) > 1


def _walk(folder: Path) -> list[Path]:
    """Answers files under ``folder`` (skipping hidden names), sorted like ``rglob``.

    ``os.scandir`` reuses the directory entries' types, so no ``stat`` per file.
    """
    found: list[Path] = []
    stack = [str(folder)]
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                stack.append(entry.path)
            elif entry.name.endswith(ANSWER_SUFFIXES) and entry.is_file():
                found.append(Path(entry.path))
    found.sort(key=lambda p: p.parts)  # Path order, without Path.__lt__ per comparison
    return found
