"""Find answers files (paths, folders, globs) and score them, streaming, on several cores.

Scoring is a pipeline: files go in, results (or errors) come out, in input order,
and nothing accumulates on the way, so memory does not grow with the number of
files. Above :data:`PARALLEL_MIN_FILES` files the work is spread over worker
processes (each compiles the questionnaire once); below, or with one core, it
runs in this process. Both paths produce the same records in the same order.

Environment: ``MATURITY_WORKERS`` sets the number of worker processes (``1``
forces one process); ``MATURITY_PARALLEL_MIN`` sets the file count from which
workers are used.
"""

from __future__ import annotations

import contextlib
import glob
import io
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from maturity_cli.errors import InvalidFile, MaturityError, Problem

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

    from maturity_cli.scoring.result import Result

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
_GLOB_CHARS = frozenset("*?[")
PARALLEL_MIN_FILES = 200
"""Below this many files, starting worker processes costs more than it saves."""
CHUNK_FILES = 16
"""Files per task sent to a worker: amortises inter-process overhead."""
_IN_FLIGHT_PER_WORKER = 4
"""Chunks queued per worker: keeps workers busy while bounding memory."""

T = TypeVar("T")
R = TypeVar("R")


class Scored(msgspec.Struct, frozen=True):
    """The outcome of scoring one file: a result, or the error that stopped it."""

    path: Path
    result: Result | None = None
    error: MaturityError | None = None


class Encoded(msgspec.Struct, frozen=True):
    """The outcome of scoring one file, already encoded as JSON (no trailing newline)."""

    path: Path
    json: bytes | None = None
    warnings: tuple[str, ...] = ()
    error: MaturityError | None = None


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


def score_file(path: Path, questionnaire_ref: str | None = None) -> Result:
    """Load, check and score one answers file."""
    from maturity_cli.answers.loader import load_answers
    from maturity_cli.scoring.engine import score

    return score(load_answers(path, questionnaire_ref=questionnaire_ref))


def _score_or_error(path: Path, questionnaire_ref: str | None) -> Result | MaturityError:
    try:
        return score_file(path, questionnaire_ref)
    except MaturityError as exc:
        return exc
    except RecursionError:
        return InvalidFile(Problem("file is nested too deeply", file=str(path)))


def score_files(
    paths: Sequence[Path],
    questionnaire_ref: str | None = None,
    *,
    workers: int | None = None,
    min_parallel: int | None = None,
) -> Iterator[Scored]:
    """Score files in input order; a bad file yields its error and the rest go on."""
    for path, outcome in _run(_score_chunk, paths, questionnaire_ref, workers, min_parallel):
        if isinstance(outcome, MaturityError):
            yield Scored(path, error=outcome)
        else:
            yield Scored(path, result=outcome)


def encode_files(
    paths: Sequence[Path],
    questionnaire_ref: str | None = None,
    *,
    indent: int = 0,
    workers: int | None = None,
    min_parallel: int | None = None,
) -> Iterator[Encoded]:
    """Score files and encode each result as JSON where it was scored (in the worker).

    Each record is byte-for-byte ``to_json(result, indent=indent)`` without its
    final newline; only bytes cross between processes.
    """
    extra = (indent,)
    for path, outcome in _run(
        _encode_chunk, paths, questionnaire_ref, workers, min_parallel, extra
    ):
        if isinstance(outcome, MaturityError):
            yield Encoded(path, error=outcome)
        else:
            yield Encoded(path, json=outcome[0], warnings=outcome[1])


class JsonlChunk(msgspec.Struct, frozen=True):
    """Scored files in input order, their JSON Lines records in bytes or a spool file."""

    paths: list[Path]
    #: Per file: its warnings, or the error that stopped it.
    outcomes: list[tuple[str, ...] | MaturityError]
    data: bytes = b""
    spool: Path | None = None


def jsonl_chunks(
    paths: Sequence[Path],
    questionnaire_ref: str | None = None,
    *,
    spool_dir: Path | None = None,
    workers: int | None = None,
    min_parallel: int | None = None,
) -> Iterator[JsonlChunk]:
    """Score files into JSON Lines, a chunk at a time, in input order.

    With worker processes and a ``spool_dir``, each worker writes its chunk's
    records to a file there and only the file name crosses back, so the parent
    copies bytes instead of unpickling them.
    """
    parallel = worker_count(len(paths), workers, min_parallel) > 1
    spool = str(spool_dir) if (parallel and spool_dir is not None) else None
    for chunk, (data, where, outcomes) in _run_chunks(
        _jsonl_chunk, paths, questionnaire_ref, workers, min_parallel, (spool,)
    ):
        yield JsonlChunk(chunk, outcomes, data, Path(where) if where else None)


# --- work done in a worker (or in this process): picklable values only ---
# (MaturityError pickles with its located problems.)

_Encoding = tuple[bytes, tuple[str, ...]]


def _jsonl_chunk(
    paths: list[Path], ref: str | None, spool: str | None
) -> tuple[bytes, str | None, list[tuple[str, ...] | MaturityError]]:
    """One chunk's records, and per file its warnings or its error."""
    records: list[bytes] = []
    outcomes: list[tuple[str, ...] | MaturityError] = []
    for outcome in _encode_chunk(paths, ref):
        if isinstance(outcome, MaturityError):
            outcomes.append(outcome)
        else:
            records.append(outcome[0] + b"\n")
            outcomes.append(outcome[1])
    data = b"".join(records)
    if spool is None:
        return data, None, outcomes
    import tempfile

    fd, name = tempfile.mkstemp(dir=spool, suffix=".jsonl")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return b"", name, outcomes


def _score_chunk(paths: list[Path], ref: str | None) -> list[Result | MaturityError]:
    return [_score_or_error(path, ref) for path in paths]


def _encode_chunk(
    paths: list[Path], ref: str | None, indent: int = 0
) -> list[_Encoding | MaturityError]:
    import msgspec

    encode = msgspec.json.Encoder().encode
    out: list[_Encoding | MaturityError] = []
    for path in paths:
        outcome = _score_or_error(path, ref)
        if isinstance(outcome, MaturityError):
            out.append(outcome)
            continue
        raw = encode(outcome)
        if indent:
            raw = msgspec.json.format(raw, indent=indent)
        out.append((raw, tuple(outcome.warnings)))
    return out


# --- scheduling ---


def worker_count(n_files: int, workers: int | None = None, min_parallel: int | None = None) -> int:
    """How many worker processes to use for ``n_files`` files (1 means this process)."""
    if workers is None:
        env = os.environ.get("MATURITY_WORKERS", "").strip()
        workers = int(env) if env.isdigit() else _cpus()
    if min_parallel is None:
        env = os.environ.get("MATURITY_PARALLEL_MIN", "").strip()
        min_parallel = int(env) if env.isdigit() else PARALLEL_MIN_FILES
    if workers <= 1 or n_files < max(min_parallel, 2):
        return 1
    return max(1, min(workers, -(-n_files // CHUNK_FILES)))


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _run_chunks(
    work: Callable[..., R],
    paths: Sequence[Path],
    ref: str | None,
    workers: int | None,
    min_parallel: int | None,
    extra: tuple[Any, ...] = (),
) -> Iterator[tuple[list[Path], R]]:
    """Run ``work(chunk, ref, *extra)`` over chunks of files, yielding in input order."""
    n = worker_count(len(paths), workers, min_parallel)
    chunks = (list(paths[i : i + CHUNK_FILES]) for i in range(0, len(paths), CHUNK_FILES))
    if n <= 1:
        for chunk in chunks:
            yield chunk, work(chunk, ref, *extra)
        return
    pool = _start_pool(n, ref)
    try:
        pending: deque[tuple[list[Path], AsyncResult[R]]] = deque()
        limit = n * _IN_FLIGHT_PER_WORKER
        for chunk in chunks:
            pending.append((chunk, pool.apply_async(work, (chunk, ref, *extra))))
            if len(pending) >= limit:
                done, future = pending.popleft()
                yield done, future.get()
        while pending:
            done, future = pending.popleft()
            yield done, future.get()
        pool.close()
        pool.join()
    finally:
        pool.terminate()


def _run(
    work: Callable[..., list[T]],
    paths: Sequence[Path],
    ref: str | None,
    workers: int | None,
    min_parallel: int | None,
    extra: tuple[Any, ...] = (),
) -> Iterator[tuple[Path, T]]:
    for chunk, outcomes in _run_chunks(work, paths, ref, workers, min_parallel, extra):
        yield from zip(chunk, outcomes, strict=True)


def _start_pool(n: int, ref: str | None) -> Pool:
    import multiprocessing

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    if method == "fork" and ref is not None:
        # Compile the questionnaire once here; forked workers inherit the cache.
        from maturity_cli.questionnaire.loader import load_questionnaire

        with contextlib.suppress(MaturityError):  # every file will report it
            load_questionnaire(ref)
    return multiprocessing.get_context(method).Pool(n)


# --- output ---


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
        import tempfile

        from maturity_cli.errors import UsageError

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
                import shutil

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
                from maturity_cli.files import default_mode

                self._tmp.chmod(default_mode(self.path))
                self._tmp.replace(self.path)
        finally:
            self._tmp.unlink(missing_ok=True)


class Progress:
    """A progress bar on stderr when it is a terminal; otherwise nothing at all."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and total > 1 and sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            from maturity_cli.cli import console

            self._bar = Bar(
                TextColumn("scoring"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=console.err(),
                transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("scoring", total=self.total)
        return self

    def advance(self) -> None:
        """One more file done."""
        if self._bar is not None:
            self._bar.advance(self._task)

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
