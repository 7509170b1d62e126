"""How a batch is run: in this process, or in chunks on a pool of worker processes.

Files arrive as a stream and leave in chunks, in input order; with workers, only a
bounded window of chunks is in flight, so no list of every file exists anywhere.
What each chunk's work is belongs to :mod:`maturity_cli.scoring.batch`.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from maturity_cli.errors import MaturityError
from maturity_cli.questionnaire.loader import load_questionnaire

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

PARALLEL_MIN_FILES = 500
"""Below this many files, starting worker processes costs more than it saves."""
CHUNK_FILES = 64
"""Files per task sent to a worker: amortises what each task costs besides its files
(a message each way, a spool file), about a millisecond."""
MIN_CHUNK_FILES = 16
"""The smallest task: a worker is started only if it gets at least this many files,
and a short batch is cut into chunks this small so that every worker gets some."""
_IN_FLIGHT_PER_WORKER = 4
"""Chunks queued per worker: keeps workers busy while bounding memory."""

R = TypeVar("R")


def worker_count(n_files: int, workers: int | None = None, min_parallel: int | None = None) -> int:
    """How many worker processes to use for ``n_files`` files (1 means this process)."""
    if workers is None:
        env = os.environ.get("MATURITY_WORKERS", "").strip()
        workers = int(env) if env.isdigit() else _cpus()
    if workers <= 1 or n_files < max(_threshold(min_parallel), 2):
        return 1
    return max(1, min(workers, -(-n_files // MIN_CHUNK_FILES)))


def chunk_size(n_files: int | None, n_workers: int) -> int:
    """Files per chunk: :data:`CHUNK_FILES`, or fewer so each worker gets two chunks.

    ``n_files`` is None for a stream longer than the look-ahead (it has files
    enough for full chunks). In this process a chunk is a single file.
    """
    if n_workers <= 1:
        return 1  # nothing to amortise; a file's output is written while in the cache
    if n_files is None:
        return CHUNK_FILES
    return max(MIN_CHUNK_FILES, min(CHUNK_FILES, -(-n_files // (2 * n_workers))))


def _threshold(min_parallel: int | None) -> int:
    if min_parallel is None:
        env = os.environ.get("MATURITY_PARALLEL_MIN", "").strip()
        return int(env) if env.isdigit() else PARALLEL_MIN_FILES
    return min_parallel


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class Plan(NamedTuple):
    """How a batch runs: its number of processes, files per chunk, and the files."""

    workers: int
    chunk: int
    files: Iterator[Path]


def plan(paths: Iterable[Path], workers: int | None, min_parallel: int | None) -> Plan:
    """How to run a batch, with the files again (a stream is looked ahead into).

    A stream's length is not known: only as many files as the decision needs are
    read ahead (the parallel threshold, at most a few hundred).
    """
    if isinstance(paths, Sized):
        n = worker_count(len(paths), workers, min_parallel)
        return Plan(n, chunk_size(len(paths), n), iter(paths))
    stream = iter(paths)
    most = worker_count(1 << 30, workers, 2)  # the most workers there could be
    enough = max(_threshold(min_parallel), most * CHUNK_FILES, 2)
    ahead = list(itertools.islice(stream, enough))
    n = worker_count(len(ahead), workers, min_parallel)
    known = len(ahead) if len(ahead) < enough else None
    return Plan(n, chunk_size(known, n), itertools.chain(ahead, stream))


def run_chunks(
    work: Callable[..., R],
    batch: Plan,
    ref: str | None,
    extra: tuple[Any, ...] = (),
) -> Iterator[tuple[list[Path], R]]:
    """Run ``work(chunk, ref, *extra)`` over chunks of files, yielding in input order.

    Files are taken from the plan only as chunks are handed out: with workers, at
    most a bounded window of chunks is in flight, so no list of every file exists.
    """
    n, size, files = batch
    chunks = iter(lambda: list(itertools.islice(files, size)), [])
    if n <= 1:
        yield from _serial(work, chunks, ref, extra)
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


def _serial(
    work: Callable[..., R], chunks: Iterator[list[Path]], ref: str | None, extra: tuple[Any, ...]
) -> Iterator[tuple[list[Path], R]]:
    """The chunks scored in this process.

    After the first chunk (the questionnaire is compiled by then) what exists is
    set aside from garbage collection until the batch ends, as workers do.
    """
    # Undone at the end unless something else (the console script) froze before.
    frozen, undo = False, gc.get_freeze_count() == 0
    try:
        for chunk in chunks:
            yield chunk, work(chunk, ref, *extra)
            if not frozen:
                gc.freeze()
                frozen = True
    finally:
        if frozen and undo:
            gc.unfreeze()


def _start_pool(n: int, ref: str | None) -> Pool:
    import multiprocessing  # noqa: PLC0415 - only large batches pay for it

    if not _can_fork():
        return multiprocessing.get_context("spawn").Pool(n, initializer=_warm, initargs=(ref,))
    # A forked worker starts with this process's modules already imported, which
    # a fresh interpreter spends 0.1-0.3 s of CPU on. What exists now is frozen
    # during the fork, so the workers' collectors leave those pages shared.
    undo = gc.get_freeze_count() == 0  # unless something (the console script) froze before
    gc.freeze()
    try:
        return multiprocessing.get_context("fork").Pool(n, initializer=_warm, initargs=(ref,))
    finally:
        if undo:
            gc.unfreeze()


def _can_fork() -> bool:
    """Whether workers may be forked from this process rather than started afresh.

    Only on Linux (elsewhere system libraries are not safe to use in a forked
    child), and only while this is the process's one thread: a thread holding a
    lock at the fork (in a threaded program calling the library, say) would leave
    it held in the child. Hence the progress bar has no thread of its own.
    """
    import threading  # noqa: PLC0415 - imported by multiprocessing anyway

    return sys.platform == "linux" and threading.active_count() == 1


_IN_WORKER = False


def in_worker() -> bool:
    """Whether this process is a batch worker."""
    return _IN_WORKER


def _warm(ref: str | None) -> None:
    """Compile the questionnaire once per worker, before its first chunk."""
    global _IN_WORKER  # set once, in a worker process only
    _IN_WORKER = True
    # An interrupt (Ctrl-C reaches the whole process group) is the parent's to
    # handle: it stops the workers. Left to them, each would print its traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if ref is not None:
        with contextlib.suppress(MaturityError):  # every file will report it
            load_questionnaire(ref)
    # What exists now (modules, the compiled questionnaire) lives as long as the
    # worker: the collector need not walk it again after every few thousand files.
    gc.freeze()
