"""Key presses from a POSIX terminal in raw mode, read one at a time.

``read_key`` returns a key name (``up``, ``enter``, ``backspace``...) or the
character typed; Ctrl-C and Ctrl-D raise ``KeyboardInterrupt``, the end of input
raises :class:`InputEnded`. ``pending`` tells whether more input is already waiting
(a paste), so the screen is redrawn once per paste rather than once per byte.
"""

from __future__ import annotations

import os
import select
from collections.abc import Iterator
from contextlib import contextmanager


class InputEnded(Exception):
    """Input ran out (end of a pipe or file) before the interview was over."""


_KEYS = {b"\r": "enter", b"\n": "enter", b"\x7f": "backspace", b"\x08": "backspace"}
_KEYS.update(
    {lead + end: name for lead in (b"\x1b[", b"\x1bO") for end, name in zip(
        (b"A", b"B", b"C", b"D"), ("up", "down", "right", "left"), strict=True)}
)  # fmt: skip


def pending(fd: int) -> bool:
    """Whether another key is already waiting to be read."""
    return bool(select.select([fd], [], [], 0)[0])


def read_key(fd: int) -> str:
    """One key press from a terminal in raw mode: a name (``up``, ``enter``...) or a character."""
    data = os.read(fd, 1)
    if not data:
        raise InputEnded
    if data in (b"\x03", b"\x04"):
        raise KeyboardInterrupt
    if data == b"\x1b":
        while select.select([fd], [], [], 0.05)[0]:
            data += os.read(fd, 1)
            if len(data) > 2 and 0x40 <= data[-1] <= 0x7E:
                break
        return _KEYS.get(data, "esc")
    if data[0] >= 0xC0:  # the rest of a UTF-8 character
        more = 1 if data[0] < 0xE0 else 2 if data[0] < 0xF0 else 3
        data += os.read(fd, more)
    return _KEYS.get(data, data.decode("utf-8", "replace"))


@contextmanager
def raw_mode(fd: int) -> Iterator[None]:
    """Keys arrive one by one, unechoed, Ctrl-C as a key; output processing stays on."""
    import termios  # noqa: PLC0415 - POSIX only; imported when a terminal is used

    old = termios.tcgetattr(fd)
    new = termios.tcgetattr(fd)
    new[0] &= ~(termios.BRKINT | termios.ICRNL | termios.INPCK | termios.ISTRIP | termios.IXON)
    new[3] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN | termios.ISIG)
    new[6][termios.VMIN] = 1
    new[6][termios.VTIME] = 0
    termios.tcsetattr(fd, termios.TCSADRAIN, new)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)


def ask_key(fd: int, keys: dict[str, str]) -> str:
    """Wait for one of ``keys`` (key -> answer) in raw mode and return its answer."""
    with raw_mode(fd):
        while True:
            key = read_key(fd)
            if key in keys:
                return keys[key]
            if key.lower() in keys:
                return keys[key.lower()]
