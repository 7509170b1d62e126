"""Strict JSON loading: duplicate keys, huge or non-finite numbers are located errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from maturity_cli.errors import InvalidFile, Problem
from maturity_cli.load.values import located, number_problem


def parse_json(text: str, filename: str) -> Any:
    """A JSON document's data; duplicate keys, huge or non-finite numbers are located errors."""
    import json  # noqa: PLC0415 - start-up: most answers files are YAML

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise InvalidFile(
                    Problem(f"duplicate key {key!r}", file=filename, hint="keep only one of them")
                )
            result[key] = value
        return result

    try:
        return json.loads(
            text,
            object_pairs_hook=no_duplicates,
            parse_int=_number_hook(int, text, filename),
            parse_float=_number_hook(float, text, filename),
            parse_constant=_constant_hook(text, filename),
        )
    except json.JSONDecodeError as exc:
        raise InvalidFile(
            Problem(
                f"invalid JSON: {exc.msg}",
                file=filename,
                line=exc.lineno,
                column=exc.colno,
                hint="check commas, brackets and quotes around this point",
            )
        ) from None


def _number_hook(kind: type[Any], text: str, filename: str) -> Callable[[str], Any]:
    """A ``json.loads`` number hook that refuses huge or non-finite numbers, located."""

    def parse(token: str) -> Any:
        problem = "this number is too large"
        if len(token) <= 400:
            try:
                value = kind(token)
            except (ValueError, OverflowError):
                value = None
            else:
                problem = number_problem(value) or ""
            if not problem:
                return value
        raise InvalidFile(located(problem, text, token, filename))

    return parse


def _constant_hook(text: str, filename: str) -> Callable[[str], Any]:
    """A ``json.loads`` hook that refuses NaN and Infinity."""

    def parse(token: str) -> Any:
        raise InvalidFile(
            located(
                "numbers must be finite (NaN and infinity are not allowed)", text, token, filename
            )
        )

    return parse
