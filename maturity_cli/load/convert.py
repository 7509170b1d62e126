"""Validate plain data against the file models, with located, friendly errors."""

from __future__ import annotations

import re
from typing import Any

import msgspec

from maturity_cli.errors import InvalidFile, Problem
from maturity_cli.load.kinds import detect_kind
from maturity_cli.load.reader import Locator, PathItem, describe_path


def convert(data: Any, kind: type[Any], locator: Locator, what: str) -> Any:
    """Validate plain data against a model, translating errors into located problems."""
    article = "an" if what[0] in "aeiou" else "a"
    if not isinstance(data, dict):
        got = "nothing" if data is None else type(data).__name__
        raise InvalidFile(
            locator.problem(
                f"expected {article} {what} (a mapping of keys to values), found {got}",
                [],
                hint=f"see docs/questionnaire-format.md for the {what} format",
            )
        )
    found = detect_kind(data)
    expected = {"questionnaire": "questionnaire", "answers file": "answers"}.get(what)
    if expected and found and found != expected:
        shown = {"answers": "an answers file", "policy": "a CI policy"}.get(found, f"a {found}")
        hints = {
            "questionnaire": f"score answers files; write one with: maturity init -q {locator.filename}",
            "answers": "give a questionnaire (a built-in id or a questionnaire file)",
            "policy": "policies go to maturity check --policy FILE",
        }
        raise InvalidFile(
            locator.problem(
                f"this is {shown}, not {article} {what}",
                [],
                hint=hints[found],
            )
        )
    try:
        return msgspec.convert(data, kind, strict=True)
    except msgspec.ValidationError as exc:
        raise InvalidFile(translate(str(exc), locator)) from None


_ALLOWED = {
    "type": "yes_no, single_choice, multiple_choice, scale, number, text",
    "style": "gated, points, percentage",
    "aggregate": "total, min, mean",
    "kind": "do, hold_off",
    "impact": "low, medium, high",
    "effort": "low, medium, high",
    "severity": "error, warning",
}


def translate(message: str, locator: Locator) -> Problem:
    """A msgspec validation message as a located problem with a hint."""
    text, _, where = message.rpartition(" - at `")
    if not text:
        text, where = message, "$"
    path: list[PathItem] = []
    for part in re.findall(r"\.([^.\[`]+)|\[(\d+)\]", where.rstrip("`")[1:]):
        path.append(part[0] if part[0] else int(part[1]))
    hint = None
    key = False
    unknown = re.match(r"Object contains unknown field `(.+)`", text)
    missing = re.match(r"Object missing required field `(.+)`", text)
    if unknown:
        path.append(unknown.group(1))
        key = True
        text = f"unknown key {unknown.group(1)!r}"
        hint = "check the spelling against the format documentation"
    elif missing:
        text = f"missing required key {missing.group(1)!r}"
    elif "Expected `str`" in text and ("got `float`" in text or "got `int`" in text):
        hint = "put the value in quotes"
    elif "Expected `str" in text and "got `bool`" in text:
        text = "expected text, got true/false"
        hint = (
            "YAML reads unquoted yes, no, on, off, true and false as true or false: "
            'put the value in quotes, e.g. "no"'
        )
    elif text.startswith("Invalid enum value") and path and str(path[-1]) in _ALLOWED:
        text = f"{text.replace('Invalid enum value', 'invalid value')}"
        hint = f"expected one of: {_ALLOWED[str(path[-1])]}"
    elif path == ["group"] and ("regex" in text or "length" in text):
        text = "expected a short name on one line (at most 80 characters)"
        hint = "a group names a part of the organisation, such as 'Payments' or 'EU/Retail'"
    elif "does not match" in text:
        hint = "ids use letters, digits, '_', '.' and '-'"
    where_text = describe_path(path)
    text = text.replace("Expected", "expected")
    return locator.problem(f"{where_text}: {text}", path, key=key, hint=hint)
