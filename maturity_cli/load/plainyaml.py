"""A fast path for the plain YAML that answers files are made of.

Most answers files are block mappings of keys to single-line scalars or flow
lists of scalars. :func:`load_plain` reads exactly that subset, a line at a
time, and gives up (returns :data:`NOT_PLAIN`) on anything else: tabs, anchors,
tags, block sequences, multi-line or escaped scalars, flow mappings, duplicate
keys, unusual characters. The caller then loads the text with the full safe
loader, which gives the same data or the located error. Scalars are typed by
PyYAML's own resolver and safe constructor, so ``yes``, ``12`` or ``2026-01-31``
mean what they mean to the full loader.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from maturity_cli.load.values import number_problem

NOT_PLAIN: Any = object()
"""Returned when the text is not in the subset read here."""

# Anything but line feeds and the characters every YAML reader accepts (and, to
# stay clear of YAML 1.1's other line breaks and the byte order mark, not those).
# Listed as what is refused, not as the complement of what is accepted: compiling
# the complement's ranges cost 5 ms, on every command that reads an answers file.
_UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_DQ = r'"[^"\\\n]*"'
_SQ = r"'[^'\n]*'"
_ITEM = r'(?:"[^"\\\n]*"|-?[A-Za-z0-9_][A-Za-z0-9_.\-]*)'
_LINE = re.compile(
    r"^(?P<indent> *)"
    r"(?:(?P<key>[A-Za-z_][A-Za-z0-9_\-]*):"
    r"(?: +(?:(?P<dq>" + _DQ + r")|(?P<sq>" + _SQ + r")"
    r"|(?P<list>\[ *(?P<flow>" + _ITEM + r"(?: *, *" + _ITEM + r")*)? *\])"
    r"|(?P<plain>(?:[A-Za-z0-9_.(/+]|-(?=[A-Za-z0-9.]))(?:[^:#\"\\\n]*[^:#\"\\\n ])?)))?"
    r"(?: +#.*| *)"
    r"|#.*)?$",
    re.MULTILINE,
)
_FLOW_ITEM = re.compile(_ITEM)
_STR = "tag:yaml.org,2002:str"
_IMMUTABLE = (str, int, float, bool, type(None), dt.date)


_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _typed(text: str) -> Any:
    """A plain scalar typed as the safe loader types it."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    if tag == _STR:
        return text
    try:
        value = _CONSTRUCTOR.construct_object(yaml.ScalarNode(tag, text), deep=True)
    finally:
        _CONSTRUCTOR.constructed_objects.clear()
    if number_problem(value) is not None:
        raise ValueError(text)
    return value


class _Scalars(dict[str, Any]):
    """Plain scalars, typed, remembered by their text: look one up by subscript, so
    that a text seen before (most are: answers files repeat keys and values) is a
    plain dictionary hit."""

    def __missing__(self, text: str) -> Any:
        value = _typed(text)
        if isinstance(value, _IMMUTABLE) and len(text) <= 64 and len(self) < 10_000:
            self[text] = value
        return value


_SCALARS = _Scalars()


def load_plain(text: str) -> Any:
    """The data of ``text`` when it is in the plain subset, else :data:`NOT_PLAIN`."""
    if _UNUSUAL.search(text) is not None:
        return NOT_PLAIN
    try:
        return _Reader().read(text)
    except (ValueError, OverflowError, yaml.YAMLError):  # left to the full loader
        return NOT_PLAIN


class _NotPlain(ValueError):
    pass


class _Reader:
    def __init__(self) -> None:
        self.stack: list[tuple[int, dict[Any, Any]]] = []
        self.pending: tuple[dict[Any, Any], Any, int] | None = None

    def read(self, text: str) -> Any:
        lines = _LINE.findall(text)
        if len(lines) != text.count("\n") + 1:
            return NOT_PLAIN  # a line outside the subset
        stack, scalars = self.stack, _SCALARS
        for indent_text, key_text, dq, sq, bracket, flow, plain in lines:
            if not key_text:
                continue  # blank, or a comment
            indent = len(indent_text)
            if self.pending is None and stack and stack[-1][0] == indent:
                mapping = stack[-1][1]  # the next key of the same mapping: most lines
            else:
                mapping = self.mapping_for(indent, key_text)
            key = scalars[key_text]
            if key in mapping:
                raise _NotPlain(key_text)  # the full loader says where both are
            if plain:
                mapping[key] = scalars[plain]
            elif dq or sq:
                mapping[key] = (dq or sq)[1:-1]
            elif bracket:
                mapping[key] = [
                    item[1:-1] if item[0] == '"' else scalars[item]
                    for item in _FLOW_ITEM.findall(flow)
                ]
            else:
                mapping[key] = None
                self.pending = (mapping, key, indent)
        if not stack:
            return NOT_PLAIN  # empty, or comments only
        if self.pending is not None:
            self.pending[0][self.pending[1]] = None
        return stack[0][1]

    def mapping_for(self, indent: int, key_text: str) -> dict[Any, Any]:
        """The mapping a key at ``indent`` goes in: a pending key's value, or an outer one."""
        stack = self.stack
        if self.pending is not None:
            mapping, pending_key, at = self.pending
            self.pending = None
            if indent > at:
                child: dict[Any, Any] = {}
                mapping[pending_key] = child
                stack.append((indent, child))
            else:
                mapping[pending_key] = None
        elif not stack:
            stack.append((indent, {}))
        while stack[-1][0] > indent:
            stack.pop()
            if not stack:
                raise _NotPlain(key_text)
        if stack[-1][0] != indent:
            raise _NotPlain(key_text)
        return stack[-1][1]
