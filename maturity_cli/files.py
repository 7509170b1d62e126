"""Writing files safely: atomically, and never over something the user gave us."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from maturity_cli.errors import Problem, UsageError


def write_atomic(path: Path, text: str) -> None:
    """Write text so that a crash leaves either the old file or the new one, never half."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path()
    if not folder.exists():
        raise UsageError(Problem("folder does not exist", file=str(folder)))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private; give it the mode a plain open() would.
        Path(tmp).chmod(default_mode(path))
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def default_mode(path: Path) -> int:
    """The mode of an existing file, or what a plain ``open()`` would create."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def refuse_overwrite_of_inputs(output: Path, inputs: Iterable[Path]) -> None:
    """Stop before an output would replace one of the input files."""
    try:
        target = output.resolve()
    except OSError:
        return
    for path in inputs:
        if path.name != output.name and path.name != target.name:
            continue  # cheap filter: resolving thousands of inputs costs real time
        try:
            if path.resolve() == target:
                raise UsageError(
                    Problem(
                        "the output file is one of the input files",
                        file=str(output),
                        hint="choose another --output path",
                    )
                )
        except OSError:
            continue
