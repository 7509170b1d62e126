"""What ``maturity record`` reads: JSON results, JSON Lines of results, or answers files."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec

from maturity_cli.answers.loader import load_answers
from maturity_cli.errors import InvalidFile, Problem
from maturity_cli.load.reader import parse_document, read_text
from maturity_cli.scoring.engine import score
from maturity_cli.scoring.result import Result, result_from_json
from maturity_cli.scoring.saved import check_saved, results_from_text

MAX_LINE_BYTES = 10 * 1024 * 1024
_decoder = msgspec.json.Decoder(Result)


def _is_result(data: Any) -> bool:
    return isinstance(data, dict) and "frameworks" in data and "schema_version" in data


def _convert(data: Any, name: str, line: int | None = None) -> Result:
    try:
        return result_from_json(data)
    except msgspec.ValidationError as exc:
        raise InvalidFile(
            Problem(
                f"not a scoring result: {exc}",
                file=name,
                line=line,
                hint="record answers files, or results written by maturity score --format json|jsonl",
            )
        ) from None


def _jsonl(path: Path) -> Iterator[Result]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InvalidFile(Problem(f"cannot read file: {exc.strerror}", file=str(path))) from None
    with handle:
        for number, raw in enumerate(handle, 1):
            if len(raw) > MAX_LINE_BYTES:
                raise InvalidFile(Problem("line is longer than 10 MB", file=str(path), line=number))
            if not raw.strip():
                continue
            try:
                result = _decoder.decode(raw)
            except msgspec.ValidationError:
                result = _convert(json.loads(raw), str(path), number)  # for the located message
            except msgspec.DecodeError as exc:
                raise InvalidFile(
                    Problem(
                        f"invalid JSON: {exc}",
                        file=str(path),
                        line=number,
                        hint="one JSON object per line",
                    )
                ) from None
            _check_line(result, raw, str(path), number)
            yield result


def _check_line(result: Result, raw: bytes, name: str, number: int) -> None:
    """A saved result must match its questionnaire (an edited level is refused)."""
    try:
        check_saved(result, raw.decode("utf-8", "replace"), name, None)
    except InvalidFile as exc:
        raise InvalidFile(
            [dataclasses.replace(p, line=number, column=None) for p in exc.problems]
        ) from None


def read_results(path: Path, questionnaire_ref: str | None = None) -> Iterator[Result]:
    """The results in a file: scored from an answers file, or read from JSON / JSON Lines."""
    if path.suffix == ".jsonl":
        yield from _jsonl(path)
        return
    if path.suffix == ".json":
        text = read_text(path)
        data = parse_document(text, str(path))
        items = data if isinstance(data, list) else [data]
        if all(_is_result(item) for item in items):
            # Checked against their questionnaire, as check and diff do.
            yield from results_from_text(text, str(path), path.parent, questionnaire_ref)
            return
    yield score(load_answers(path, questionnaire_ref=questionnaire_ref))
