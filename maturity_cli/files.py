"""Writing files safely: atomically, and never over something the user gave us."""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

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


class Sink:
    """Where streamed output goes: stdout, or a file replaced atomically when done."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.written = 0
        self._tmp: Path | None = None
        self._handle: Any = None

    def __enter__(self) -> Sink:
        if self.path is None:
            sys.stdout.flush()
            self._handle = getattr(sys.stdout, "buffer", None)
            return self
        folder = self.path.parent if str(self.path.parent) else Path()
        if not folder.is_dir():
            raise UsageError(Problem("folder does not exist", file=str(folder)))
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        self._tmp = Path(tmp)
        self._handle = os.fdopen(fd, "wb")
        return self

    def write(self, data: bytes) -> None:
        """Write bytes (UTF-8 text) in order."""
        self.written += len(data)
        if self._handle is None:
            sys.stdout.write(data.decode())
        else:
            self._handle.write(data)

    def copy_from(self, path: Path) -> None:
        """Append a file's bytes (the kernel copies them where it can)."""
        size = path.stat().st_size
        self.written += size
        if self._handle is None:
            sys.stdout.write(path.read_text(encoding="utf-8"))
            return
        self._handle.flush()
        with path.open("rb") as source:
            try:
                out_fd, offset = self._handle.fileno(), 0
                while offset < size:
                    sent = os.sendfile(out_fd, source.fileno(), offset, size - offset)
                    if sent == 0:
                        break
                    offset += sent
            except (AttributeError, OSError, io.UnsupportedOperation):
                source.seek(0)
                shutil.copyfileobj(source, self._handle)

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if self._tmp is None:
            if self._handle is not None:
                self._handle.flush()
            return
        assert self.path is not None
        try:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
            if kind is None and self.written:
                self._tmp.chmod(default_mode(self.path))
                self._tmp.replace(self.path)
        finally:
            self._tmp.unlink(missing_ok=True)
