"""Reading and writing files safely.

Reading is bounded before it starts: only regular files, size checked on the open
file, read with a cap. Every file read is remembered (device and inode), so no
output can replace it. Writing is atomic, and :func:`check_output` is the one gate
every command's output path goes through: it refuses a file the command reads, a
folder, device, FIFO or socket, and (unless forced) a read-only file. A symlink is
written through: its target is replaced atomically, keeping the target's mode,
and the link stays.
"""

from __future__ import annotations

import io
import os
import shutil
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from maturity_cli.errors import InvalidFile, Problem, UsageError

_READ: set[tuple[int, int]] = set()  # (device, inode) of every file read by this process


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; located errors otherwise."""
    name = str(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InvalidFile(
            Problem("file not found", file=name, hint="check the path and spelling")
        ) from None
    except OSError as exc:
        raise InvalidFile(_os_problem("cannot read file", exc, name)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InvalidFile(Problem("is a folder, expected a file", file=name))
        if not stat.S_ISREG(info.st_mode):
            raise InvalidFile(
                Problem(
                    "is not a regular file (a device, FIFO or socket); it was not read",
                    file=name,
                    hint="give a regular file",
                )
            )
        if info.st_size > limit:
            raise InvalidFile(_too_large(name, limit))
        data = _read_fd(fd, info.st_size, limit + 1)
        if len(data) > limit:
            raise InvalidFile(_too_large(name, limit))
        _READ.add((info.st_dev, info.st_ino))
        return data
    except OSError as exc:
        raise InvalidFile(_os_problem("cannot read file", exc, name)) from None
    finally:
        os.close(fd)


def _read_fd(fd: int, size: int, most: int) -> bytes:
    """Up to ``most`` bytes of an open file (plain ``os.read``: no buffered file object)."""
    chunks: list[bytes] = []
    got = 0
    while got < most:
        data = os.read(fd, min(most - got, max(size + 1, 65536)))
        if not data:
            break
        chunks.append(data)
        got += len(data)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def write_all(fd: int, pieces: list[bytes]) -> None:
    """Write ``pieces`` in order to a file descriptor, gathered into few system calls."""
    if not hasattr(os, "writev"):  # pragma: no cover - not POSIX
        _write_rest(fd, memoryview(b"".join(pieces)))
        return
    for start in range(0, len(pieces), _IOV_MAX):
        batch = pieces[start : start + _IOV_MAX]
        written = os.writev(fd, batch)
        if written < sum(map(len, batch)):  # a short write: the rest one call at a time
            _write_rest(fd, memoryview(b"".join(batch))[written:])


_IOV_MAX = 1024
"""Pieces per gathered write: POSIX guarantees at least 16; Linux allows 1,024."""


def _write_rest(fd: int, rest: memoryview) -> None:
    while rest:
        rest = rest[os.write(fd, rest) :]


def _too_large(name: str, limit: int) -> Problem:
    return Problem(f"file is larger than {limit // (1024 * 1024)} MB; it was not read", file=name)


def _os_problem(what: str, exc: OSError, name: str) -> Problem:
    reason = exc.strerror or type(exc).__name__
    return Problem(f"{what}: {reason}", file=name)


def forget_reads() -> None:
    """Start a new command: files read before it are not its inputs."""
    _READ.clear()


def own_output(path: Path) -> None:
    """Let this command replace a file it read because it is its own output (``assess``)."""
    try:
        info = path.stat()
    except OSError:
        return
    _READ.discard((info.st_dev, info.st_ino))


def check_output(
    path: Path | None, inputs: Iterable[Path] = (), *, force: bool = False
) -> Path | None:
    """Check an output path before any work is done; return the file to replace.

    ``None`` and ``-`` mean standard output (``None`` is returned). Refused, with a
    usage error: a missing folder, a file this command reads (one of
    ``inputs`` or any file read so far), anything but a regular file, a dangling
    symlink, and, unless ``force``, a read-only file. A symlink gives its target.
    """
    if path is None or str(path) == "-":
        return None
    target = _target(path)
    folder = target.parent
    if not folder.is_dir():
        raise UsageError(Problem("folder does not exist", file=str(path.parent)))
    try:
        info = target.stat()
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise UsageError(_os_problem("cannot write", exc, str(path))) from None
    _refuse_special(path, info)
    _refuse_inputs(path, target, info, inputs)
    if not force and not info.st_mode & 0o222:
        raise UsageError(
            Problem(
                "the output file is read-only; it was not replaced",
                file=str(path),
                hint="choose another --output path, or make the file writable "
                "(init also takes --force)",
            )
        )
    return target


def _target(path: Path) -> Path:
    """The file a write to ``path`` replaces: a symlink's final target."""
    if not path.is_symlink():
        return path
    real = Path(os.path.realpath(path))
    if not real.exists():
        raise UsageError(
            Problem(
                f"the output is a symlink to a missing file ({real})",
                file=str(path),
                hint="remove the link, or give the target path itself",
            )
        )
    return real


def _refuse_special(path: Path, info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(
            Problem("the output path is a folder", file=str(path), hint="give a file name")
        )
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(
            Problem(
                "the output path is not a regular file (a device, FIFO or socket)",
                file=str(path),
                hint="give a regular file, or leave out --output to print to stdout",
            )
        )


def _refuse_inputs(path: Path, target: Path, info: os.stat_result, inputs: Iterable[Path]) -> None:
    same = (info.st_dev, info.st_ino) in _READ
    for given in inputs:
        if same:
            break
        if given.name != path.name and given.name != target.name:
            continue  # cheap filter: a stat per input of a large batch costs real time
        try:
            given_info = given.stat()
        except OSError:
            continue
        same = (given_info.st_dev, given_info.st_ino) == (info.st_dev, info.st_ino)
    if same:
        raise UsageError(
            Problem(
                "the output file is one of the input files (a file this command reads); "
                "it was not replaced",
                file=str(path),
                hint="choose another --output path",
            )
        )


def refuse_overwrite_of_inputs(output: Path, inputs: Iterable[Path]) -> None:
    """Stop before an output would replace one of the input files (see :func:`check_output`).

    A missing folder passes here: the caller may create it before writing.
    """
    if not _target(output).parent.is_dir():
        return
    check_output(output, inputs, force=True)


def write_atomic(path: Path, text: str) -> None:
    """Write text so that a crash leaves either the old file or the new one, never half."""
    target = check_output(Path(path), force=True)
    if target is None:
        sys.stdout.write(text)
        return
    with Sink(target) as sink:
        sink.write(text.encode("utf-8"))
        sink.keep_empty = True


def default_mode(path: Path) -> int:
    """The mode of an existing file, or what a plain ``open()`` would create."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


class Sink:
    """Where streamed output goes: stdout, or a file replaced atomically when done.

    The path goes through :func:`check_output` again when the file is replaced,
    since files read while the output was produced count as inputs too.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.written = 0
        self.keep_empty = False
        self._tmp: Path | None = None
        self._handle: Any = None

    def __enter__(self) -> Sink:
        target = check_output(self.path, force=True)
        if target is None:
            sys.stdout.flush()
            self._handle = getattr(sys.stdout, "buffer", None)
            return self
        self.path = target
        try:
            import tempfile  # noqa: PLC0415 - start-up: output to a terminal needs none

            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        except OSError as exc:
            raise UsageError(_os_problem("cannot write", exc, str(target))) from None
        self._tmp = Path(tmp)
        self._handle = os.fdopen(fd, "wb")
        return self

    def write(self, data: bytes) -> None:
        """Write bytes (UTF-8 text) in order."""
        self.written += len(data)
        if self._handle is None:
            sys.stdout.write(data.decode())
        else:
            self._guard(self._handle.write, data)

    def write_pieces(self, pieces: list[bytes]) -> None:
        """Write several pieces of bytes in order, without joining them first."""
        if self._handle is None:
            for piece in pieces:
                self.write(piece)
            return
        self.written += sum(map(len, pieces))
        self._guard(self._handle.writelines, pieces)

    def copy_from(self, path: Path) -> None:
        """Append a file's bytes (the kernel copies them where it can)."""
        size = path.stat().st_size
        self.written += size
        if self._handle is None:
            sys.stdout.write(path.read_text(encoding="utf-8"))
            return
        self._guard(self._handle.flush)
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
                self._guard(shutil.copyfileobj, source, self._handle)

    def _guard(self, fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except OSError as exc:
            if self._tmp is None:
                raise
            raise UsageError(_os_problem("cannot write", exc, str(self.path))) from None

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if self._tmp is None:
            if self._handle is not None:
                self._handle.flush()
            return
        assert self.path is not None
        try:
            try:
                self._guard(self._handle.flush)
                self._guard(os.fsync, self._handle.fileno())
            finally:
                self._handle.close()
            if kind is None and (self.written or self.keep_empty):
                check_output(self.path, force=True)
                # mkstemp makes the file private; give it the mode of the file it replaces.
                self._tmp.chmod(default_mode(self.path))
                self._guard(self._tmp.replace, self.path)
        finally:
            self._tmp.unlink(missing_ok=True)
