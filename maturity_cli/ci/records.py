"""Scored results from files of any size: answers files, JSON results, JSON Lines.

A baseline or a folder compared with ``diff`` may hold the results of thousands
of teams, so nothing here reads a whole file of results at once: JSON Lines are
read a line at a time and a JSON list an item at a time, each record bounded by
:data:`MAX_RECORD_BYTES` instead of the whole file by the usual 10 MB limit.
Compact records (``score --compact``) are expanded with their questionnaire.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import msgspec

from maturity_cli.errors import InvalidFile, Problem, UsageError
from maturity_cli.load.reader import MAX_BYTES, read_text
from maturity_cli.questionnaire.loader import load_questionnaire
from maturity_cli.scoring.compact import CompactResult, catalog
from maturity_cli.scoring.join import expand
from maturity_cli.scoring.result import Result, result_from_json
from maturity_cli.scoring.saved import check_saved, results_from_text

MAX_RECORD_BYTES = MAX_BYTES
"""One record (a line of JSON Lines, an item of a JSON list) may be this large."""
_CHUNK = 1 << 20


def iter_results(path: Path, questionnaire: str | None = None) -> Iterator[Result]:
    """Every result ``path`` holds, one at a time (an answers file is scored).

    Saved results are checked against their questionnaire like any other input
    (:mod:`maturity_cli.scoring.saved`): an edited level is refused.
    """
    if path.suffix == ".jsonl":
        yield from _jsonl(path, questionnaire)
        return
    if path.suffix == ".json" and first_byte(path) == b"[":
        for index, (item, text) in enumerate(_json_items(path)):
            yield _result(item, text, f"{path}, item {index + 1}", questionnaire)
        return
    yield from results_from_text(read_text(path), str(path), path.parent, questionnaire)


def _result(data: Any, text: str, where: str, questionnaire: str | None) -> Result:
    try:
        if isinstance(data, dict) and data.get("form") == "compact":
            record = msgspec.convert(data, CompactResult, strict=False)
            result = expand(record, catalog(load_questionnaire(record.questionnaire.id)))
        elif isinstance(data, dict) and "schema_version" in data:
            result = result_from_json(data)
        else:
            raise InvalidFile(Problem("not a maturity result", file=where))
    except msgspec.ValidationError as exc:
        raise InvalidFile(Problem(f"not a valid maturity result: {exc}", file=where)) from None
    except (UsageError, InvalidFile) as exc:
        raise InvalidFile([_at(p, where) for p in exc.problems]) from None
    check_saved(result, text, where, questionnaire)
    return result


def _at(problem: Problem, where: str) -> Problem:
    return problem if problem.file else Problem(problem.message, file=where, hint=problem.hint)


def first_byte(path: Path) -> bytes:
    """The first character of a file after white space (``b""`` if none or unreadable)."""
    try:
        with path.open("rb") as fh:
            return fh.read(4096).lstrip()[:1]
    except OSError:
        return b""  # the usual reader reports it


def _jsonl(path: Path, questionnaire: str | None) -> Iterator[Result]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InvalidFile(Problem(f"cannot read: {exc.strerror}", file=str(path))) from None
    with fh:
        number = 0
        while line := fh.readline(MAX_RECORD_BYTES + 1):
            number += 1
            where = f"{path}:{number}"
            if len(line) > MAX_RECORD_BYTES:
                raise InvalidFile(_too_large(where))
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except (ValueError, RecursionError):
                raise InvalidFile(
                    Problem("not a JSON object", file=str(path), line=number)
                ) from None
            yield _result(data, line.decode("utf-8", "replace"), where, questionnaire)


def _too_large(where: str) -> Problem:
    return Problem(
        f"record larger than {MAX_RECORD_BYTES // (1024 * 1024)} MB",
        file=where,
        hint="one team's result is far smaller: is this a results file?",
    )


class _Items:
    """The items of a JSON list in a file, decoded one at a time."""

    def __init__(self, fh: BinaryIO, name: str) -> None:
        self.fh, self.name = fh, name
        self.text = codecs.getincrementaldecoder("utf-8")()
        self.buf, self.pos, self.eof = "", 0, False
        self.decoder = json.JSONDecoder()

    def fill(self) -> None:
        chunk = self.fh.read(_CHUNK)
        self.eof = not chunk
        try:
            more = self.text.decode(chunk, final=self.eof)
        except UnicodeDecodeError:
            raise InvalidFile(Problem("not UTF-8 text", file=self.name)) from None
        self.buf = self.buf[self.pos :] + more
        self.pos = 0

    def next_char(self) -> str:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf) or self.eof:
                return self.buf[self.pos] if self.pos < len(self.buf) else ""
            self.fill()

    def item(self) -> tuple[Any, str]:
        self.next_char()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except (ValueError, RecursionError):
                if self.eof:
                    raise InvalidFile(Problem("not a valid JSON list", file=self.name)) from None
                if len(self.buf) - self.pos > MAX_RECORD_BYTES:
                    raise InvalidFile(_too_large(self.name)) from None
                self.fill()
                continue
            if end - self.pos > MAX_RECORD_BYTES:
                raise InvalidFile(_too_large(self.name))
            start, self.pos = self.pos, end
            return value, self.buf[start:end]

    def expect(self, allowed: str) -> str:
        found = self.next_char()
        if not found or found not in allowed:
            raise InvalidFile(
                Problem(f"not a valid JSON list: expected one of {allowed!r}", file=self.name)
            )
        self.pos += 1
        return found


def _json_items(path: Path) -> Iterator[tuple[Any, str]]:
    with path.open("rb") as fh:
        items = _Items(fh, str(path))
        items.expect("[")
        if items.next_char() == "]":
            return
        while True:
            yield items.item()
            if items.expect(",]") == "]":
                break
        if items.next_char():
            raise InvalidFile(Problem("text after the JSON list", file=str(path)))
