"""Score many answers files, streaming, on several cores.

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
import functools
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from maturity_cli.answers.loader import load_answers
from maturity_cli.errors import InvalidFile, MaturityError, Problem
from maturity_cli.files import Sink, forget_reads, write_all
from maturity_cli.scoring import pool
from maturity_cli.scoring.engine import score

if TYPE_CHECKING:
    from maturity_cli.scoring.compact import CompactResult
    from maturity_cli.scoring.result import Result

PARALLEL_MIN_FILES = pool.PARALLEL_MIN_FILES
worker_count = pool.worker_count

T = TypeVar("T")


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


def score_file(path: Path, questionnaire_ref: str | None = None) -> Result:
    """Load, check and score one answers file."""

    return score(load_answers(path, questionnaire_ref=questionnaire_ref))


def score_file_compact(path: Path, questionnaire_ref: str | None = None) -> CompactResult:
    """Load, check and score one answers file, in the compact form."""
    # Only compact runs pay for creating the compact record classes.
    from maturity_cli.scoring.compact import compact  # noqa: PLC0415

    answers = load_answers(path, questionnaire_ref=questionnaire_ref)
    return compact(score(answers), answers.questionnaire)


def _score_or_error(
    path: Path, ref: str | None, scorer: Callable[[Path, str | None], T]
) -> T | MaturityError:
    try:
        return scorer(path, ref)
    except MaturityError as exc:
        return exc
    except RecursionError:
        return InvalidFile(Problem("file is nested too deeply", file=str(path)))


def score_files(
    paths: Iterable[Path],
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
    paths: Iterable[Path],
    questionnaire_ref: str | None = None,
    *,
    indent: int = 0,
    compact: bool = False,
    workers: int | None = None,
    min_parallel: int | None = None,
) -> Iterator[Encoded]:
    """Score files and encode each result as JSON where it was scored (in the worker).

    Each record is byte-for-byte ``to_json(result, indent=indent)`` without its
    final newline (of the compact form with ``compact``); only bytes cross
    between processes.
    """
    extra = (indent, compact)
    for path, outcome in _run(
        _encode_chunk, paths, questionnaire_ref, workers, min_parallel, extra
    ):
        if isinstance(outcome, MaturityError):
            yield Encoded(path, error=outcome)
        else:
            yield Encoded(path, json=outcome[0], warnings=outcome[1])


class Mapped(msgspec.Struct, frozen=True):
    """The outcome of scoring one file: what ``reduce`` made of its result, or the error."""

    path: Path
    value: Any = None
    warnings: tuple[str, ...] = ()
    error: MaturityError | None = None


def map_files(
    paths: Iterable[Path],
    reduce: Callable[[Result], Any],
    questionnaire_ref: str | None = None,
    *,
    workers: int | None = None,
    min_parallel: int | None = None,
) -> Iterator[Mapped]:
    """Score files in input order and reduce each result where it was scored.

    ``reduce`` runs in the worker, so only what it returns crosses between
    processes and the full result is dropped at once. It must be a module-level
    function (workers receive it by name).
    """
    for path, outcome in _run(
        _map_chunk, paths, questionnaire_ref, workers, min_parallel, (reduce,)
    ):
        if isinstance(outcome, MaturityError):
            yield Mapped(path, error=outcome)
        else:
            yield Mapped(path, value=outcome[0], warnings=outcome[1])


def write_jsonl(
    paths: Iterable[Path],
    sink: Sink,
    questionnaire_ref: str | None = None,
    *,
    compact: bool = False,
    workers: int | None = None,
    min_parallel: int | None = None,
) -> Iterator[tuple[Path, tuple[str, ...] | MaturityError]]:
    """Score files into JSON Lines written to ``sink``, in input order.

    Yields each file with its warnings, or the error that stopped it. In one
    process the records are written as they are encoded; a worker writes its
    chunk's records to a spool file, which is appended to the sink (only the
    file's name crosses between processes, and the kernel copies the bytes).
    """
    import tempfile  # noqa: PLC0415 - start-up: one file is scored without it

    batch = pool.plan(paths, workers, min_parallel)
    spooling: contextlib.AbstractContextManager[str | None] = (
        tempfile.TemporaryDirectory(prefix="maturity-")
        if batch.workers > 1
        else contextlib.nullcontext()
    )
    with spooling as spool:
        for chunk, done in pool.run_chunks(
            _jsonl_chunk, batch, questionnaire_ref, (spool, compact)
        ):
            yield from zip(chunk, done.outcomes, strict=True)
            if done.spool is not None:
                spooled = Path(done.spool)
                sink.copy_from(spooled)
                spooled.unlink()
            else:
                sink.write_pieces(done.records)


class _JsonlChunk(msgspec.Struct, frozen=True):
    """What became of one chunk: per file its warnings or error; its records, or their file."""

    outcomes: list[tuple[str, ...] | MaturityError]
    records: list[bytes] = []
    spool: str | None = None


# --- work done in a worker (or in this process): picklable values only ---
# (MaturityError pickles with its located problems.)

_Encoding = tuple[bytes, tuple[str, ...]]


def _jsonl_chunk(
    paths: list[Path], ref: str | None, spool: str | None, short: bool = False
) -> _JsonlChunk:
    """One chunk's records (each followed by a newline), and per file its warnings or error.

    With a ``spool`` folder each record is written to a file there as soon as it
    is encoded, while it is still in the processor's cache (writing a chunk's
    megabytes at its end cost more than twice the system time); without, the
    records are returned.
    """
    scorer = score_file_compact if short else score_file
    if spool is None:
        done = _map_chunk(paths, ref, _ENCODE, scorer)
        records = [
            piece for o in done if not isinstance(o, MaturityError) for piece in (o[0], b"\n")
        ]
        return _JsonlChunk(_outcomes(done), records)
    import tempfile  # noqa: PLC0415 - start-up: one file is scored without it

    fd, name = tempfile.mkstemp(dir=spool, suffix=".jsonl")
    try:
        written = _map_chunk(paths, ref, functools.partial(_write_line, fd), scorer)
    finally:
        os.close(fd)
    return _JsonlChunk(_outcomes(written), spool=name)


def _write_line(fd: int, value: Result | CompactResult) -> None:
    write_all(fd, [_ENCODE(value), b"\n"])


def _outcomes(
    done: list[tuple[T, tuple[str, ...]] | MaturityError],
) -> list[tuple[str, ...] | MaturityError]:
    """Per file: its warnings, or its error."""
    return [o if isinstance(o, MaturityError) else o[1] for o in done]


def _score_chunk(paths: list[Path], ref: str | None) -> list[Result | MaturityError]:
    out = [_score_or_error(path, ref, score_file) for path in paths]
    _chunk_done()
    return out


def _chunk_done() -> None:
    """A worker forgets which files it read: it writes no output they could guard."""
    if pool.in_worker():
        forget_reads()


def _map_chunk(
    paths: list[Path],
    ref: str | None,
    reduce: Callable[[Any], T],
    scorer: Callable[[Path, str | None], Result | CompactResult] = score_file,
) -> list[tuple[T, tuple[str, ...]] | MaturityError]:
    """Per file: what ``reduce`` makes of its result, with its warnings; or its error."""
    out: list[tuple[T, tuple[str, ...]] | MaturityError] = []
    for path in paths:
        outcome = _score_or_error(path, ref, scorer)
        if isinstance(outcome, MaturityError):
            out.append(outcome)
        else:
            out.append((reduce(outcome), tuple(outcome.warnings)))
    _chunk_done()
    return out


def _encode_chunk(
    paths: list[Path], ref: str | None, indent: int = 0, short: bool = False
) -> list[_Encoding | MaturityError]:
    scorer = score_file_compact if short else score_file
    return _map_chunk(paths, ref, functools.partial(_encode, indent=indent), scorer)


_ENCODE = msgspec.json.Encoder().encode


def _encode(value: Result | CompactResult, indent: int) -> bytes:
    raw = _ENCODE(value)
    return msgspec.json.format(raw, indent=indent) if indent else raw


def _run(
    work: Callable[..., list[T]],
    paths: Iterable[Path],
    ref: str | None,
    workers: int | None,
    min_parallel: int | None,
    extra: tuple[Any, ...] = (),
) -> Iterator[tuple[Path, T]]:
    batch = pool.plan(paths, workers, min_parallel)
    for chunk, outcomes in pool.run_chunks(work, batch, ref, extra):
        yield from zip(chunk, outcomes, strict=True)
