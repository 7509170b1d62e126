"""Structural checks that report every problem in a file at once, not just the first.

``msgspec.convert`` stops at the first mismatch. When it fails, :func:`collect` walks
the plain data against the same models, field by field, and records each problem
with its location: unknown keys (with a did-you-mean, and a hint for the unquoted
comma inside ``{ }``), missing keys, and values of the wrong type. It also returns a
cleaned copy of the data, with the broken parts left out, so the cross-reference
checks can still run on everything that is well formed.
"""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, field
from typing import Any

import msgspec
import yaml

from maturity_cli.errors import Problem
from maturity_cli.load.convert import translate
from maturity_cli.load.reader import Locator, PathItem

_BAD = object()


@dataclass
class Collected:
    """What :func:`collect` found: the problems, the cleaned data, ids of dropped items."""

    problems: list[Problem] = field(default_factory=list)
    data: Any = None
    dropped_ids: set[str] = field(default_factory=set)
    #: (line, column) of the mappings that had a problem of their own.
    flawed: set[tuple[int | None, int | None]] = field(default_factory=set)

    def follows_on(self, problem: Problem) -> bool:
        """Whether a later check's problem is likely caused by one found here."""
        if (problem.line, problem.column) in self.flawed:
            return True
        return any(repr(i) in problem.message for i in self.dropped_ids)


def collect(data: Any, kind: type[Any], locator: Locator) -> Collected:
    """Every structural problem of ``data`` against the model ``kind``."""
    out = Collected()
    walker = _Walker(locator, out)
    cleaned = walker.walk(data, kind, [])
    out.data = None if cleaned is _BAD else cleaned
    return out


def _strip(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _is_struct(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, msgspec.Struct)


class _Walker:
    def __init__(self, locator: Locator, out: Collected) -> None:
        self.loc = locator
        self.out = out

    def walk(self, value: Any, tp: Any, path: list[PathItem]) -> Any:
        bare = _strip(tp)
        if _is_struct(bare):
            return self._struct(value, bare, path)
        origin = typing.get_origin(bare)
        if origin is list and isinstance(value, list):
            (item_type,) = typing.get_args(bare)
            if self._holds_struct(item_type):
                items = [self.walk(v, item_type, [*path, i]) for i, v in enumerate(value)]
                kept = [v for v in items if v is not _BAD]
                if len(kept) == len(items) and self._leaf(kept, tp, path) is _BAD:
                    return _BAD  # e.g. an empty list where one item is needed
                return kept
        if origin in (typing.Union, types.UnionType) and isinstance(value, dict):
            for option in typing.get_args(bare):
                if _is_struct(_strip(option)):
                    return self._struct(value, _strip(option), path)
        return self._leaf(value, tp, path)

    def _holds_struct(self, tp: Any) -> bool:
        bare = _strip(tp)
        if _is_struct(bare):
            return True
        return any(_is_struct(_strip(a)) for a in typing.get_args(bare))

    def _leaf(self, value: Any, tp: Any, path: list[PathItem]) -> Any:
        try:
            return msgspec.convert(value, tp, strict=True)
        except msgspec.ValidationError as exc:
            text = str(exc)
            inner = text.rpartition(" - at `")
            rel = inner[2].rstrip("`")[1:] if inner[0] else ""
            message = inner[0] or text
            self.out.problems.append(translate(f"{message} - at `${_render(path)}{rel}`", self.loc))
            return _BAD

    def _struct(self, value: Any, cls: type[msgspec.Struct], path: list[PathItem]) -> Any:
        if not isinstance(value, dict):
            return self._leaf(value, cls, path)
        hints = typing.get_type_hints(cls, include_extras=True)
        fields = {f.encode_name: f for f in msgspec.structs.fields(cls)}
        keys = list(value)
        before = len(self.out.problems)
        for n, key in enumerate(keys):
            if key not in fields:
                self._unknown_key(value, keys, n, list(fields), path)
        cleaned: dict[str, Any] = {}
        broken = False
        for name, info in fields.items():
            required = info.required
            if name not in value:
                if required:
                    self._problem(f"missing required key {name!r}", path)
                    broken = True
                continue
            got = self.walk(value[name], hints[info.name], [*path, name])
            if got is _BAD:
                broken = broken or required
            else:
                cleaned[name] = got
        if len(self.out.problems) > before:
            here = self.loc.problem("", path)
            self.out.flawed.add((here.line, here.column))
        if broken:
            ident = value.get("id")
            if isinstance(ident, str):
                self.out.dropped_ids.add(ident)
            return _BAD
        return cleaned

    def _unknown_key(
        self,
        value: dict[Any, Any],
        keys: list[Any],
        n: int,
        names: list[str],
        path: list[PathItem],
    ) -> None:
        key = keys[n]
        where = [*path, str(key)]
        node = self.loc.node(path)
        flow = isinstance(node, yaml.MappingNode) and node.flow_style
        if value[key] is None and flow and n > 0 and isinstance(value[keys[n - 1]], str):
            prev = keys[n - 1]
            self._problem(
                f"{_render_key(path, key)}: {key!r} is not a key: an unquoted comma inside "
                "{ } ends the value before it",
                where,
                key=True,
                hint=f'put the whole text in quotes: {prev}: "{value[prev]}, {key}"',
            )
            return
        match = difflib.get_close_matches(str(key), names, n=1)
        hint = f"did you mean {match[0]!r}?" if match else f"allowed keys: {', '.join(names)}"
        self._problem(f"{_render_key(path, key)}: unknown key {key!r}", where, key=True, hint=hint)

    def _problem(
        self, message: str, path: list[PathItem], *, key: bool = False, hint: str | None = None
    ) -> None:
        self.out.problems.append(self.loc.problem(message, path, key=key, hint=hint))


def _render(path: list[PathItem]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _render_key(path: list[PathItem], key: Any) -> str:
    return (_render(path) + f".{key}").lstrip(".")
