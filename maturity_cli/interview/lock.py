"""One writer per answers file: ``maturity assess`` holds a lock while it runs.

The lock is an exclusive ``flock`` on a hidden file next to the answers file
(``.NAME.lock``), which holds the process id of its holder so that a second
``assess`` can say who has it. The kernel releases the lock when the process
ends, however it ends; a lock file left behind by a crash is simply taken over.
Where ``fcntl`` does not exist (Windows) no lock is taken.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from maturity_cli.errors import Problem, UsageError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def lock_path(path: Path) -> Path:
    """The lock file that guards an answers file."""
    return path.with_name(f".{path.name}.lock")


class WriterLock:
    """Hold the lock on an answers file, or refuse naming the process that holds it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = lock_path(path)
        self._fd: int | None = None

    def __enter__(self) -> WriterLock:
        if fcntl is None:
            return self  # type: ignore[unreachable]
        for _ in range(5):
            fd = os.open(self.lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                os.close(fd)
                raise UsageError(self._busy(holder)) from None
            if self._still_ours(fd):
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
                self._fd = fd
                return self
            os.close(fd)  # the last holder removed it between our open and lock: again
        raise UsageError(self._busy(""))

    def _still_ours(self, fd: int) -> bool:
        try:
            return self.lock.stat().st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            return False

    def _busy(self, holder: str) -> Problem:
        who = f"process {holder}" if holder.isdigit() else "another process"
        return Problem(
            f"this answers file is being written by another maturity assess ({who})",
            file=str(self.path),
            hint=f"finish or stop that interview first; the lock is {self.lock}",
        )

    def __exit__(self, *exc: object) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self.lock.unlink()
        os.close(self._fd)  # closing releases the lock
        self._fd = None
