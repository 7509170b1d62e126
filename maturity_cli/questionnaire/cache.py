"""A small on-disk cache of parsed questionnaires, so a one-file run skips YAML parsing.

Trust model: the cache may only save time, never change a result. It is used only
when its folder is private (a real folder owned by the user, not writable by
anyone else; it is created with mode 0700). An entry is used only when it is a
regular file owned by the user, not larger than a cap, and both digests it carries
match: the BLAKE2b digest of the questionnaire text it was made from (the entry's
name is derived from the same text and this version) and that of its payload. The
payload is decoded into the strict, validated model, then checked and compiled as
usual, except that the evidence patterns are not compiled again only to be checked:
they compiled when the entry was written, and the entry's name is derived from the
Python version too. Anything else (a symlink, FIFO or device, a foreign owner, a mismatch,
garbage) is ignored and the questionnaire is parsed again. Writes are atomic.

Set ``MATURITY_CACHE_DIR`` to move the cache, or ``MATURITY_NO_CACHE=1`` to turn
it off. Failures to read or write the cache are ignored.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import msgspec

try:  # hashlib's own BLAKE2b, without hashlib loading OpenSSL (2-3 ms on every command)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter built without it
    from hashlib import blake2b

from maturity_cli import __version__
from maturity_cli.questionnaire.spec import QuestionnaireFile

_FORMAT = 5
_MAGIC = b"MQC5"
_MAX_ENTRY = 16 * 1024 * 1024
_HEAD = len(_MAGIC) + 64


def cache_dir() -> Path | None:
    """Where cache entries live, or None when caching is off or the folder is not private."""
    if os.environ.get("MATURITY_NO_CACHE"):
        return None
    explicit = os.environ.get("MATURITY_CACHE_DIR")
    if explicit:
        folder = Path(explicit)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = Path(base) / "maturity-cli"
    return folder if _private(folder) else None


def _private(folder: Path) -> bool:
    """Make the folder if needed; whether only this user can write it."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
            return False
        if info.st_mode & 0o022:
            return False  # others could have written entries: do not trust any of them
        if info.st_mode & 0o077:
            folder.chmod(0o700)  # only readable by others (an older version made it): close it
        return True
    except OSError:
        return False


def _digest(data: bytes) -> bytes:
    return blake2b(data, digest_size=32).digest()


def _entry(text: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    # The Python version too: its ``re`` judged the evidence patterns (see loader).
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    key = f"{_FORMAT}\0{__version__}\0{python}\0{text}".encode("utf-8", "surrogatepass")
    digest = blake2b(key, digest_size=32).hexdigest()
    return folder / f"q-{digest}.msgpack"


def _read_entry(entry: Path) -> bytes | None:
    """The entry's bytes if it is a regular file of ours, not too large; else None."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(entry, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            return None
        if info.st_size > _MAX_ENTRY or info.st_nlink != 1:
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(_MAX_ENTRY + 1)
        return data if len(data) <= _MAX_ENTRY else None
    except OSError:
        return None
    finally:
        os.close(fd)


def load(text: str) -> QuestionnaireFile | None:
    """The parsed questionnaire cached for this exact text, if a verified entry exists."""
    entry = _entry(text)
    if entry is None:
        return None
    data = _read_entry(entry)
    if data is None or len(data) < _HEAD or not data.startswith(_MAGIC):
        return None
    source, payload_digest, payload = data[4:36], data[36:68], data[_HEAD:]
    if source != _digest(text.encode("utf-8", "surrogatepass")) or payload_digest != _digest(
        payload
    ):
        return None
    try:
        return msgspec.msgpack.decode(payload, type=QuestionnaireFile)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None


def store(text: str, spec: QuestionnaireFile) -> None:
    """Remember a questionnaire that parsed and checked cleanly (atomically)."""
    entry = _entry(text)
    if entry is None:
        return
    payload = msgspec.msgpack.encode(spec)
    data = _MAGIC + _digest(text.encode("utf-8", "surrogatepass")) + _digest(payload) + payload
    tmp: str | None = None
    try:
        import tempfile  # noqa: PLC0415 - start-up: only a cache miss writes an entry

        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".q-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).replace(entry)
        tmp = None
    except OSError:
        return
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
