"""Spools: bytes written as a check runs, copied to the real output once it ends.

A check report's formats need facts that are known only at the end (JUnit's
totals open the document; errors come after the outcomes), and a report of
10,000 files is too large to hold. So each writer puts its items in an anonymous
temporary file as outcomes arrive and writes the document in one go at the end.
:class:`Groups` gives the items back grouped by a key (the answers file), in the
order keys were first seen, even when a key comes back later in the stream.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Hashable, Iterator
from typing import Generic, Protocol, TypeVar

import msgspec

from maturity_cli.scoring.result import json_list_item

_CHUNK = 1 << 20
K = TypeVar("K", bound=Hashable)


class Output(Protocol):
    """Where a finished document goes: a ``files.Sink``, an open binary file."""

    def write(self, data: bytes, /) -> object: ...


def _named(exc: OSError) -> OSError:
    """The error with the temporary folder named: an anonymous file has no name to show."""
    where = f"temporary file in {tempfile.gettempdir()} (TMPDIR)"
    return OSError(exc.errno, exc.strerror or str(exc), where)


class Spool:
    """An anonymous temporary file, deleted when closed."""

    def __init__(self) -> None:
        try:
            self._fh = tempfile.TemporaryFile(buffering=_CHUNK)  # noqa: SIM115 - closed by close()
        except OSError as exc:
            raise _named(exc) from None
        self.size = 0

    def write(self, data: bytes) -> int:
        """Append ``data``; return the offset it starts at."""
        start = self.size
        try:
            self._fh.write(data)
        except OSError as exc:
            raise _named(exc) from None
        self.size += len(data)
        return start

    def copy(self, out: Output, start: int = 0, end: int | None = None) -> None:
        """Write the bytes from ``start`` to ``end`` (default: all) to ``out``."""
        stop = self.size if end is None else end
        try:
            self._fh.flush()
        except OSError as exc:
            raise _named(exc) from None
        self._fh.seek(start)
        while start < stop:
            data = self._fh.read(min(_CHUNK, stop - start))
            if not data:
                break
            out.write(data)
            start += len(data)
        self._fh.seek(0, 2)

    def close(self) -> None:
        """Discard the file. Its bytes were copied out or are not wanted any more, so a
        failure to flush them now (a full disk) changes nothing."""
        with contextlib.suppress(OSError):
            self._fh.close()


class Groups(Generic[K]):
    """Bytes spooled under a key; per key a few counters and where its bytes are.

    What a key costs in memory is its list: ``counters`` integers, then a start
    and end offset per run of bytes (one run when the key's items came together).
    """

    def __init__(self, counters: int) -> None:
        self.spool = Spool()
        self.counters = counters
        self.index: dict[K, list[int]] = {}

    def add(self, key: K, data: bytes, *counts: int) -> None:
        """Spool ``data`` under ``key`` and add ``counts`` to its counters."""
        entry = self.index.get(key)
        if entry is None:
            entry = self.index[key] = [0] * self.counters
        for i, n in enumerate(counts):
            entry[i] += n
        if not data:
            return
        start = self.spool.write(data)
        if len(entry) > self.counters and entry[-1] == start:
            entry[-1] = self.spool.size  # follows the key's last run: extend it
        else:
            entry += [start, self.spool.size]

    def items(self) -> Iterator[tuple[K, list[int]]]:
        """Each key with its counters, in the order keys were first added."""
        for key, entry in self.index.items():
            yield key, entry[: self.counters]

    def copy(self, key: K, out: Output) -> None:
        """Write the bytes spooled under ``key`` to ``out``, in the order they came."""
        runs = self.index[key][self.counters :]
        for i in range(0, len(runs), 2):
            self.spool.copy(out, runs[i], runs[i + 1])

    def close(self) -> None:
        self.spool.close()


class JsonList:
    """Items of a JSON list, formatted as ``msgspec.json.format(..., indent=2)`` would."""

    def __init__(self, depth: int) -> None:
        self.spool = Spool()
        self.count = 0
        self._depth = depth
        self._close = b"\n" + b"  " * (depth - 1) + b"]"

    def add(self, item: object) -> None:
        """Append one item (a struct or plain data)."""
        text = msgspec.json.format(msgspec.json.encode(item), indent=2)
        self.spool.write(json_list_item(text, first=not self.count, depth=self._depth))
        self.count += 1

    def splice(self, document: bytes, marker: bytes, out: Output, *, last: bool = False) -> bytes:
        """Write ``document`` up to ``marker`` (``"key": []``) with the items in its list.

        Returns the rest of the document, after the list. ``last``: the marker is
        the last one in the document rather than the first.
        """
        at = document.rfind(marker) if last else document.find(marker)
        if at < 0:
            raise ValueError(f"no {marker!r} in the document")
        head = at + len(marker) - 1  # up to and including '['
        out.write(document[:head])
        if self.count:
            self.spool.copy(out)
            out.write(self._close)
        else:
            out.write(b"]")
        return document[at + len(marker) :]

    def close(self) -> None:
        self.spool.close()
