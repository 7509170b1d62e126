"""Safe YAML/JSON loading with duplicate-key detection and located errors.

Only ``yaml.SafeLoader`` (or its C twin) is ever used. Positions are not recorded
while loading, which keeps batch scoring fast; a :class:`Locator` composes the
document again, lazily, when an error needs a line and column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from maturity_cli.errors import InvalidFile, Problem
from maturity_cli.files import read_bounded
from maturity_cli.load.json_text import parse_json
from maturity_cli.load.plainyaml import NOT_PLAIN, load_plain
from maturity_cli.load.values import BadValue, bad_text, number_problem, unreadable

try:  # the C loader is several times faster; fall back cleanly where it is missing
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

PathItem = str | int
_TAGS: dict[tuple[str, tuple[bool, bool]], str] = {}


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that refuses duplicate keys instead of silently keeping the last."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # The tag of a plain scalar depends only on its text: answers files repeat
        # the same keys and values, so remember tags instead of re-running regexes.
        if kind is yaml.ScalarNode:
            key = (value, implicit)
            tag = _TAGS.get(key)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(value) <= 64 and len(_TAGS) < 10_000:  # notes are seldom repeated
                    _TAGS[key] = tag
            return tag
        return super().resolve(kind, value, implicit)


def _flatten(loader: yaml.SafeLoader, node: yaml.MappingNode) -> set[int]:
    """Apply merge keys (``<<``); return the ids of the keys written in this mapping."""
    own = {id(key) for key, _ in node.value if key.tag != "tag:yaml.org,2002:merge"}
    loader.flatten_mapping(node)
    return own


def _check_key(key: Any, key_node: yaml.Node, seen: dict[Any, yaml.Node], own: set[int]) -> None:
    """Refuse unhashable keys, and a key written twice (a merged key may be overridden)."""
    try:
        first = seen.get(key)
    except TypeError:
        raise yaml.constructor.ConstructorError(
            None, None, "a mapping key must be a plain value", key_node.start_mark
        ) from None
    if first is not None and id(first) in own and id(key_node) in own:
        raise _DuplicateKey(key, key_node, first)
    seen[key] = key_node


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    # SafeConstructor.construct_mapping, building each key once, plus the duplicate check.
    own = _flatten(loader, node)
    construct = loader.construct_object
    seen: dict[Any, yaml.Node] = {}
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = construct(key_node, deep=True)
        _check_key(key, key_node, seen, own)
        mapping[key] = construct(value_node, deep=True)
    return mapping


class _DuplicateKey(Exception):
    def __init__(self, key: Any, node: yaml.Node, first: yaml.Node) -> None:
        self.key, self.node, self.first = key, node, first


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_text(path: Path) -> str:
    """Read a UTF-8 text file (bounded, regular files only), with located user errors."""
    name = str(path)
    data = read_bounded(path, MAX_BYTES)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidFile(
            Problem(
                "file is not UTF-8 text",
                file=name,
                line=line,
                hint="save the file as UTF-8",
            )
        ) from None


MAX_BYTES = 10 * 1024 * 1024
MAX_VALUES = 200_000


def parse_document(text: str, filename: str) -> Any:
    """Parse YAML (or JSON, which is read by a JSON parser) into plain Python data."""
    if len(text) > MAX_BYTES:
        raise InvalidFile(
            Problem(f"file is larger than {MAX_BYTES // (1024 * 1024)} MB", file=filename)
        )
    try:
        data = (parse_json if filename.endswith(".json") else _parse_yaml)(text, filename)
    except RecursionError:
        raise InvalidFile(Problem("file is nested too deeply", file=filename)) from None
    problem = bad_text(text, data, filename)
    if problem is not None:
        raise InvalidFile(problem)
    if "*" in text and _expanded_size(data) > MAX_VALUES:
        # Aliases can make a small file stand for billions of values ("billion laughs").
        raise InvalidFile(
            Problem(
                f"file expands to more than {MAX_VALUES} values through YAML aliases",
                file=filename,
                hint="write the values out instead of repeating anchors",
            )
        )
    return data


def _expanded_size(data: Any) -> int:
    sizes: dict[int, int] = {}

    def size(value: Any) -> int:
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            return 1
        known = sizes.get(id(value))
        if known is None:
            total = 1
            for child in children:
                total += size(child)
                if total > MAX_VALUES:
                    break
            sizes[id(value)] = known = total
        return known

    return size(data)


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_IMMUTABLE = (str, int, float, bool, type(None), dt.date, bytes)
_SCALARS: dict[tuple[str, str], Any] = {}


def _load(text: str) -> Any:
    """Safe-load one YAML document (plain answers files: :mod:`.plainyaml`, faster still).

    The C parser composes the nodes; plain mappings, sequences and strings are
    built here directly, and other scalars (numbers, booleans, dates, ...) by the
    safe constructor, remembered by tag and text since they are immutable. Other
    tags go to the safe constructor as they are. Aliased nodes stay shared.
    """
    data = load_plain(text)
    if data is not NOT_PLAIN:
        return data
    loader = _StrictLoader(text)
    try:
        root = loader.get_single_node()
        return None if root is None else _Builder(loader).build(root)
    finally:
        loader.dispose()


class _Builder:
    def __init__(self, loader: yaml.SafeLoader) -> None:
        self.loader = loader
        self.built: dict[int, Any] = {}
        self.open: set[int] = set()

    def build(self, node: yaml.Node) -> Any:
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag == _STR:
                return node.value
            key = (tag, node.value)
            value = _SCALARS.get(key, _SCALARS)
            if value is _SCALARS:
                value = self._construct(node)
                if isinstance(value, _IMMUTABLE) and len(_SCALARS) < 10_000:
                    _SCALARS[key] = value
            return value
        done = self.built.get(id(node), self)
        if done is not self:
            if id(node) in self.open:
                raise BadValue(node, "an alias refers to a value that contains it (recursion)")
            return done
        self.open.add(id(node))
        try:
            return self._collection(node, tag)
        finally:
            self.open.discard(id(node))

    def _construct(self, node: yaml.Node) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError) as exc:
            raise unreadable(node, exc) from None
        problem = number_problem(value)
        if problem is not None:
            raise BadValue(node, problem)
        return value

    def _collection(self, node: yaml.Node, tag: str) -> Any:
        if tag == _SEQ and isinstance(node, yaml.SequenceNode):
            items: list[Any] = []
            self.built[id(node)] = items
            items.extend(self.build(child) for child in node.value)
            return items
        if tag == _MAP and isinstance(node, yaml.MappingNode):
            own = _flatten(self.loader, node)
            mapping: dict[Any, Any] = {}
            self.built[id(node)] = mapping
            seen: dict[Any, yaml.Node] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node)
                _check_key(key, key_node, seen, own)
                mapping[key] = self.build(value_node)
            return mapping
        value = self._construct(node)
        self.built[id(node)] = value
        return value


def _parse_yaml(text: str, filename: str) -> Any:
    try:
        return _load(text)
    except _DuplicateKey as dup:
        mark = dup.node.start_mark
        raise InvalidFile(
            Problem(
                f"duplicate key {dup.key!r}",
                file=filename,
                line=mark.line + 1,
                column=mark.column + 1,
                hint=f"the key was first given on line {dup.first.start_mark.line + 1}; "
                "keep only one of them",
            )
        ) from None
    except BadValue as bad:
        mark = bad.node.start_mark
        raise InvalidFile(
            Problem(
                bad.message,
                file=filename,
                line=mark.line + 1,
                column=mark.column + 1,
                hint=bad.hint,
            )
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        raise InvalidFile(
            Problem(
                f"invalid YAML: {what}",
                file=filename,
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
                hint="check indentation, colons and quotes around this point",
            )
        ) from None
    except yaml.YAMLError as exc:
        raise InvalidFile(Problem(f"invalid YAML: {exc}", file=filename)) from None


class Locator:
    """Finds the line and column of a value inside a parsed document, on demand."""

    def __init__(self, text: str, filename: str) -> None:
        self.text = text
        self.filename = filename
        self._root: yaml.Node | None = None
        self._composed = False

    def _compose(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.text, Loader=_BaseLoader)
            except yaml.YAMLError:
                self._root = None
        return self._root

    def node(self, path: Sequence[PathItem], *, key: bool = False) -> yaml.Node | None:
        """The YAML node at ``path`` (or, with ``key``, the node of its last key)."""
        node = self._compose()
        for depth, item in enumerate(path):
            if node is None:
                return None
            last = depth == len(path) - 1
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if str(key_node.value) == str(item):
                        node = key_node if (last and key) else value_node
                        break
                else:
                    return node
            elif isinstance(node, yaml.SequenceNode) and isinstance(item, int):
                if not 0 <= item < len(node.value):
                    return node
                node = node.value[item]
            else:
                return node
        return node

    def problem(
        self,
        message: str,
        path: Sequence[PathItem],
        *,
        key: bool = False,
        hint: str | None = None,
        offset: int | None = None,
        excerpt: str | None = None,
    ) -> Problem:
        """A :class:`Problem` located at ``path``; ``offset`` moves into a scalar's text."""
        node = self.node(path, key=key)
        line = column = None
        if node is not None:
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
            if offset is not None and isinstance(node, yaml.ScalarNode):
                # Quoted single-line scalars start one character before their text.
                if node.style in ("'", '"'):
                    column += 1
                if node.start_mark.line == node.end_mark.line:
                    column += offset
        return Problem(
            message, file=self.filename, line=line, column=column, hint=hint, excerpt=excerpt
        )


def describe_path(path: Sequence[PathItem]) -> str:
    """``questions[3].choices`` style rendering of a document path."""
    out = ""
    for item in path:
        if isinstance(item, int):
            out += f"[{item}]"
        else:
            out += f".{item}" if out else str(item)
    return out or "the document"
