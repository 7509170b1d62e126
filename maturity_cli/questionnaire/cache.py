"""A small on-disk cache of parsed questionnaires, so a one-file run skips YAML parsing.

Entries are keyed by the SHA-256 of the questionnaire text and this version of
maturity-cli, stored as msgpack and decoded back into the strict, validated
model, then checked and compiled as usual: a stale or tampered entry can only
cost a re-parse, never change a result. Set ``MATURITY_CACHE_DIR`` to move the
cache, or ``MATURITY_NO_CACHE=1`` to turn it off. Failures to read or write the
cache are ignored.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import msgspec

from maturity_cli import __version__
from maturity_cli.questionnaire.spec import QuestionnaireFile

_FORMAT = 3


def cache_dir() -> Path | None:
    """Where cache entries live, or None when caching is off."""
    if os.environ.get("MATURITY_NO_CACHE"):
        return None
    explicit = os.environ.get("MATURITY_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "maturity-cli"


def _entry(text: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(f"{_FORMAT}\0{__version__}\0{text}".encode()).hexdigest()
    return folder / f"q-{digest}.msgpack"


def load(text: str) -> QuestionnaireFile | None:
    """The parsed questionnaire cached for this exact text, if any."""
    entry = _entry(text)
    if entry is None:
        return None
    try:
        return msgspec.msgpack.decode(entry.read_bytes(), type=QuestionnaireFile)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None


def store(text: str, spec: QuestionnaireFile) -> None:
    """Remember a questionnaire that parsed and checked cleanly."""
    entry = _entry(text)
    if entry is None:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".q-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(msgspec.msgpack.encode(spec))
        Path(tmp).replace(entry)
    except OSError:
        return
