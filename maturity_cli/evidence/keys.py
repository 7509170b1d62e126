"""Find a key path (``jobs.*.steps``) in a YAML, JSON or TOML file, with its line."""

from __future__ import annotations

import re
from typing import Any

from maturity_cli.errors import InvalidFile
from maturity_cli.evidence import tomlread
from maturity_cli.load.reader import Locator, PathItem, parse_document

# YAML 1.1 reads some unquoted keys as booleans: GitHub Actions' `on:` is the famous one.
_TRUE_WORDS = frozenset({"on", "yes", "true", "y"})
_FALSE_WORDS = frozenset({"off", "no", "false", "n"})


def find_key(filename: str, text: str, path: str) -> tuple[int | None, str] | str | None:
    """``(line, line text)`` where ``path`` is, None if absent, or a note if unparsable.

    Each dot-separated part names a key; ``*`` stands for any key or list item.
    """
    try:
        data = _parse(filename, text)
    except InvalidFile as exc:
        return f"not read for keys: {exc.problems[0].message}"
    found = _walk(data, path.split("."), [])
    if found is None:
        return None
    lines = text.splitlines()
    if filename.endswith(".toml"):
        last = re.escape(str(found[-1]))
        pattern = re.compile(rf"^\s*(\[.*\b{last}\b.*\]|\"?{last}\"?\s*=)")
        at = next((i for i, line in enumerate(lines) if pattern.search(line)), None)
    else:
        node = Locator(text, filename).node(found, key=True)
        at = node.start_mark.line if node is not None else None
    if at is None or at >= len(lines):
        return (None, path)
    return (at + 1, lines[at])


def _parse(filename: str, text: str) -> Any:
    if filename.endswith(".toml"):
        try:
            return tomlread.loads(text)
        except tomlread.TOMLDecodeError as exc:
            raise InvalidFile(f"invalid TOML: {exc}") from None
    return parse_document(text, filename)


def _same(key: Any, part: str) -> bool:
    if key is True:
        return part.lower() in _TRUE_WORDS
    if key is False:
        return part.lower() in _FALSE_WORDS
    return str(key) == part


def _walk(data: Any, parts: list[str], done: list[PathItem]) -> list[PathItem] | None:
    """The first concrete path matching ``parts``, depth first, in document order."""
    if not parts:
        return done
    head, rest = parts[0], parts[1:]
    if isinstance(data, dict):
        for key, value in data.items():
            if head == "*" or _same(key, head):
                # the Locator matches keys by their text: give it the words as written
                shown: PathItem = (
                    key if isinstance(key, (str, int)) and not isinstance(key, bool) else head
                )
                found = _walk(value, rest, [*done, shown])
                if found is not None:
                    return found
    elif isinstance(data, list) and (head == "*" or head.isdigit()):
        items = enumerate(data) if head == "*" else [(int(head), None)]
        for i, _ in items:
            if i < len(data):
                found = _walk(data[i], rest, [*done, i])
                if found is not None:
                    return found
    return None
