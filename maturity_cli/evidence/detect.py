"""Detection primitives: evaluate a questionnaire's signals over a repository listing.

Each file is read at most once, whatever the number of signals that look into it.
A signal's value is true/false (``file``, ``dependency``, ``text``, ``key``) or a
number (``count``, ``ratio``); its hits say where it was found. Files under
down-weighted folders still give hits, marked weak, but are left out of counts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import msgspec

from maturity_cli.evidence.deps import MANIFESTS, Dependency, ManifestError, parse_manifest
from maturity_cli.evidence.globs import as_list
from maturity_cli.evidence.keys import find_key
from maturity_cli.evidence.literals import required_literals
from maturity_cli.evidence.matching import GroupIndex, Matcher
from maturity_cli.evidence.walk import Entry, Listing, read_text
from maturity_cli.questionnaire import spec as model
from maturity_cli.questionnaire.evidence_defs import SignalDef

MAX_HITS = 10
MAX_SHOWN = 160


class Hit(msgspec.Struct, frozen=True, omit_defaults=True):
    """Where a signal was found: a file, and the line and its text where there is one."""

    path: str
    line: int | None = None
    text: str = ""
    weak: bool = False


class SignalResult(msgspec.Struct, frozen=True):
    """A signal's value and (up to :data:`MAX_HITS`) hits; ``found`` counts all of them."""

    id: str
    value: bool | float | None
    hits: tuple[Hit, ...]
    found: int


def clean(text: str) -> str:
    """A line from a file, safe to print: no control characters, bounded length."""
    shown = "".join("?" if unicodedata.category(c) in ("Cc", "Cf") else c for c in text.strip())
    return shown if len(shown) <= MAX_SHOWN else shown[: MAX_SHOWN - 1] + "…"


def _include(s: model.Signal) -> list[str]:
    if s.text is not None:
        return as_list(s.text.files)
    if s.key is not None:
        return as_list(s.key.files)
    if isinstance(s.count, model.CountSignal):
        return as_list(s.count.files)
    if s.count is not None:
        return as_list(s.count)
    return as_list(s.file) or ["*"]


class _Collector:
    def __init__(self) -> None:
        self.hits: dict[str, list[Hit]] = {}
        self.found: dict[str, int] = {}

    def add(self, sid: str, hit: Hit) -> None:
        self.found[sid] = self.found.get(sid, 0) + 1
        shown = self.hits.setdefault(sid, [])
        if len(shown) < MAX_HITS:
            shown.append(hit)


def detect(listing: Listing, signals: Iterable[SignalDef]) -> dict[str, SignalResult]:
    """Evaluate every signal over ``listing``; files are read once, in path order."""
    signals = list(signals)
    # Signals sharing file patterns share one test per file.
    key_of = {s.id: (tuple(_include(s.spec)), tuple(s.spec.exclude)) for s in signals}
    index = GroupIndex(dict.fromkeys(key_of.values()))
    matchers = {sid: index.groups[key] for sid, key in key_of.items()}
    hits = _Collector()
    counts: dict[str, int] = {s.id: 0 for s in signals if s.kind == "count"}
    files = [(s.id, key_of[s.id]) for s in signals if s.kind == "file"]
    counted = [(s.id, key_of[s.id], _min_bytes(s)) for s in signals if s.kind == "count"]
    readers = [s for s in signals if s.kind in ("text", "key")]
    patterns = {s.id: _Pattern(s.spec.text) for s in readers if s.spec.text is not None}
    reader_keys = [(s, key_of[s.id]) for s in readers]
    deps = _dependency_index(signals)
    for entry in listing.entries:
        path = entry.path
        matched = index.matching(path)
        if not matched and not deps:
            continue
        for sid, key in files:
            if key in matched:
                hits.add(sid, Hit(path, weak=entry.weak))
        for sid, key, least in counted:
            if key in matched and not entry.weak and entry.size >= least:
                counts[sid] += 1
                hits.add(sid, Hit(path))
        readers_here = [s for s, key in reader_keys if key in matched]
        if readers_here:
            _read_signals(listing, entry, readers_here, patterns, hits)
        if deps and MANIFESTS.match(path):
            _dependencies(listing, entry, deps, matchers, hits)
    for folder in listing.folders:
        for sid, _key in files:
            if matchers[sid].folder(folder):
                hits.add(sid, Hit(folder + "/"))
    return _results(signals, hits, counts)


class _Pattern:
    """A text signal's expression, with a cheap substring pre-check where one is known."""

    def __init__(self, text: model.TextSignal) -> None:
        flags = re.MULTILINE | (re.IGNORECASE if text.ignore_case else 0)
        self.regex = re.compile(text.pattern, flags)
        # Case-insensitive matching folds more than str.lower() does: no pre-check then.
        self.literals = None if text.ignore_case else required_literals(text.pattern)

    def finditer(self, text: str) -> Iterable[re.Match[str]]:
        if self.literals is None:
            return self.regex.finditer(text)
        for literal in self.literals:
            if literal in text:
                return self.regex.finditer(text)
        return ()


def reads(path: str, signals: Iterable[SignalDef]) -> bool:
    """Whether a scan opens the file at ``path`` (a text or key signal, or a manifest)."""
    if MANIFESTS.match(path) and any(s.kind == "dependency" for s in signals):
        return True
    return any(
        s.kind in ("text", "key") and Matcher(_include(s.spec), s.spec.exclude)(path)
        for s in signals
    )


def _min_bytes(s: SignalDef) -> int:
    return s.spec.count.min_bytes if isinstance(s.spec.count, model.CountSignal) else 0


def _dependency_index(signals: list[SignalDef]) -> dict[str, list[str]]:
    """Normalised package name -> ids of the dependency signals that look for it."""
    index: dict[str, list[str]] = {}
    for s in signals:
        if s.kind == "dependency":
            for name in as_list(s.spec.dependency):
                index.setdefault(re.sub(r"[-_.]+", "-", name).lower(), []).append(s.id)
    return index


def _dependencies(
    listing: Listing,
    entry: Entry,
    index: dict[str, list[str]],
    matchers: dict[str, Matcher],
    hits: _Collector,
) -> None:
    text = read_text(listing, entry, strict=True)
    if text is None:
        return
    try:
        found: list[Dependency] = parse_manifest(entry.path, text)
    except ManifestError as exc:
        listing.note(entry.path, str(exc))
        return
    for dep in found:
        for sid in index.get(dep.name, ()):
            if not matchers[sid].excluded(entry.path):
                hits.add(sid, Hit(entry.path, dep.line, clean(dep.text), entry.weak))


def _read_signals(
    listing: Listing,
    entry: Entry,
    signals: list[SignalDef],
    patterns: dict[str, _Pattern],
    hits: _Collector,
) -> None:
    text = read_text(listing, entry)
    if text is None:
        return
    for s in signals:
        pattern = patterns.get(s.id)
        if pattern is not None:
            line, pos, last = 1, 0, 0
            for match in pattern.finditer(text):
                line += text.count("\n", pos, match.start())
                pos = match.start()
                if line == last:
                    continue  # one hit per line
                last = line
                start = text.rfind("\n", 0, pos) + 1
                end = text.find("\n", pos)
                shown = text[start : end if end != -1 else len(text)]
                hits.add(s.id, Hit(entry.path, line, clean(shown), entry.weak))
        elif s.spec.key is not None:
            located = find_key(entry.path, text, s.spec.key.path)
            if located is None:
                continue
            if isinstance(located, str):
                listing.note(entry.path, located)
                continue
            hits.add(s.id, Hit(entry.path, located[0], clean(located[1]), entry.weak))


def _results(
    signals: list[SignalDef], hits: _Collector, counts: dict[str, int]
) -> dict[str, SignalResult]:
    out: dict[str, SignalResult] = {}
    for s in signals:
        shown = tuple(hits.hits.get(s.id, ()))
        found = hits.found.get(s.id, 0)
        value: bool | float | None
        if s.kind == "count":
            value = counts[s.id]
        elif s.kind == "ratio" and s.spec.ratio is not None and len(s.spec.ratio) == 2:
            top, bottom = (out[r].value for r in s.spec.ratio)
            value = None
            if isinstance(top, (int, float)) and isinstance(bottom, (int, float)) and bottom:
                value = round(float(top) / float(bottom), 4)
        else:
            value = found > 0
        out[s.id] = SignalResult(s.id, value, shown, found)
    return out
