"""Asking one question at a time: a key-driven terminal screen, or plain line prompts.

Both prompters check answers with :func:`maturity_cli.answers.loader.check_value`, the
validator of answers files, and return an :data:`Action`; the command drives the
:class:`~maturity_cli.interview.session.Interview` with it. Ctrl-C and ``q`` raise
``KeyboardInterrupt``; the end of piped input raises :class:`InputEnded`.
"""

from __future__ import annotations

import os
import select
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

from rich.console import Group
from rich.table import Table
from rich.text import Text

from maturity_cli.answers.loader import NOT_APPLICABLE, UNKNOWN, check_value
from maturity_cli.interview.session import Option, describe, options_for, parse_number
from maturity_cli.text import plain_text
from maturity_cli.vocabulary import SPECIAL_ANSWER_ALIASES

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from maturity_cli.interview.session import Progress
    from maturity_cli.questionnaire.loader import QuestionDef

Action = tuple[Literal["answer", "skip", "back"], Any]
_LINE_COMMANDS = SPECIAL_ANSWER_ALIASES


class InputEnded(Exception):
    """Input ran out (end of a pipe or file) before the interview was over."""


def _text(value: str, style: str = "") -> Any:
    # Text is never read as markup; control characters from the data are removed.
    return Text(plain_text(value), style=style)


# -- plain line prompts (stdin is not a terminal) --------------------------------------


class LinePrompter:
    """Line-by-line prompts for piped input; the same answers and checks as the screen."""

    interactive = False

    def __init__(self, console: Console) -> None:
        self.console = console

    @contextmanager
    def session(self) -> Iterator[None]:
        yield

    def _readline(self, prompt: str) -> str:
        self.console.print(_text(prompt), end="")
        self.console.file.flush()
        line = sys.stdin.readline()
        if not line:
            self.console.print()
            raise InputEnded
        return line.rstrip("\r\n")

    def ask_text(self, label: str, default: str = "", *, required: bool = False) -> str:
        while True:
            shown = f" [{default}]" if default else ""
            value = self._readline(f"{label}{shown}: ").strip() or default
            if value or not required:
                return value
            self.console.print(_text("  ! an answer is needed here", "red"))

    def finish(self, progress: Progress) -> bool:
        """Piped input has no end screen: the interview ends after the last question."""
        return True

    def confirm(self, question: str) -> bool:
        return self._readline(f"{question} [y/N] ").strip().lower() in ("y", "yes")

    def ask(self, q: QuestionDef, progress: Progress, default: Any, message: str = "") -> Action:
        out = self.console
        out.print()
        out.print(_text(f"[{progress.section} · {progress.position}/{progress.total}]", "bold"))
        out.print(_text(q.spec.text))
        opts = options_for(q)
        for i, opt in enumerate(o for o in opts if not o.special):
            out.print(_text(f"  {i + 1}) {opt.label}"))
        extras = ["? help", "< back", "skip"]
        extras += [
            w for w, ok in (("unknown", q.spec.allow_unknown), ("na", q.spec.allow_na)) if ok
        ]
        out.print(_text(f"  ({', '.join(extras)})", "dim"))
        if message:
            out.print(_text(f"  ! {message}", "yellow"))
        if default is not None:
            out.print(_text(f"  Enter keeps: {describe(q, default)}", "dim"))
        while True:
            line = self._readline("> ").strip()
            if line == "?":
                out.print(_text(_help_text(q) or "No help for this question.", "dim"))
                continue
            if line == "<":
                return ("back", None)
            if line.lower() == "skip":
                return ("skip", None)
            try:
                raw = default if line == "" and default is not None else self._parse(q, line)
                check_value(q, raw)
            except ValueError as exc:
                out.print(_text(f"  ! {exc}", "red"))
                continue
            return ("answer", raw)

    def _parse(self, q: QuestionDef, line: str) -> Any:
        if not line:
            raise ValueError("type an answer, or skip")
        if line.lower() in _LINE_COMMANDS and q.type != "text":
            return _LINE_COMMANDS[line.lower()]
        if q.type == "number":
            return parse_number(line)
        plain = [o for o in options_for(q) if not o.special]
        if q.type == "multiple_choice":
            if line.lower() in ("none", "-"):
                return []
            return [_pick(plain, part.strip()) for part in line.split(",") if part.strip()]
        if q.type in ("single_choice", "scale"):
            return _pick(plain, line)
        return line


def _pick(opts: list[Option], text: str) -> Any:
    """A choice by its number, value or label (else the text, for the validator's message)."""
    if text.isdigit() and 1 <= int(text) <= len(opts):
        return opts[int(text) - 1].value
    for opt in opts:
        if text == str(opt.value) or text.lower() == opt.label.lower():
            return opt.value
    return text


def _help_text(q: QuestionDef) -> str:
    lines = [q.spec.help.strip()] if q.spec.help.strip() else []
    lines += [f"{c.label}: {c.help.strip()}" for c in q.choices if c.help.strip()]
    return "\n".join(lines)


# -- the key-driven screen -------------------------------------------------------------

_KEYS = {b"\r": "enter", b"\n": "enter", b"\x7f": "backspace", b"\x08": "backspace"}
_KEYS.update(
    {lead + end: name for lead in (b"\x1b[", b"\x1bO") for end, name in zip(
        (b"A", b"B", b"C", b"D"), ("up", "down", "right", "left"), strict=True)}
)  # fmt: skip


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


class TerminalPrompter:
    """A full-screen question at a time, answered with arrow keys, digits and letters."""

    interactive = True

    def __init__(self, console: Console, title: str = "") -> None:
        self.console = console
        self.title = title
        self.fd = sys.stdin.fileno()

    @contextmanager
    def session(self) -> Iterator[None]:
        """Raw keys on the alternate screen; the terminal is restored however it ends."""
        out = self.console.file
        out.write("\x1b[?1049h")
        try:
            with raw_mode(self.fd):
                yield
        finally:
            out.write("\x1b[?1049l")
            out.flush()

    def _draw(self, *parts: RenderableType) -> None:

        self.console.file.write("\x1b[H\x1b[2J")
        self.console.print(Group(*parts))
        self.console.file.flush()

    def _head(self, progress: Progress | None) -> list[RenderableType]:
        parts: list[RenderableType] = [_text(self.title, "dim")] if self.title else []
        if progress is not None:
            parts.append(
                _text(
                    f"{progress.section} · question {progress.position} of {progress.total}",
                    "bold cyan",
                )
            )
        return [*parts, _text("")]

    def ask_text(self, label: str, default: str = "", *, required: bool = False) -> str:
        buffer, message = "", ""
        while True:
            hint = f"Enter keeps: {default}" if default else "Type, then Enter"
            self._draw(*self._head(None), _text(label, "bold"), _text(f"> {buffer}"),
                       _text(message, "red"), _text(hint, "dim"))  # fmt: skip
            key, message = read_key(self.fd), ""
            if key == "enter":
                value = buffer.strip() or default
                if value or not required:
                    return value
                message = "An answer is needed here."
            elif key == "backspace":
                buffer = buffer[:-1]
            elif len(key) == 1 and key.isprintable():
                buffer += key

    def confirm(self, question: str) -> bool:
        self._draw(*self._head(None), _text(question, "bold"), _text("y yes · n no", "dim"))
        while True:
            key = read_key(self.fd).lower()
            if key in ("y", "n", "enter", "q"):
                return key == "y"

    def finish(self, progress: Progress) -> bool:
        """The end screen: ``True`` to finish, ``False`` to go back to the last question."""
        skipped = progress.total - progress.answered
        note = f" ({skipped} skipped)" if skipped else ""
        self._draw(
            *self._head(None),
            _text(f"That was the last question: {progress.answered} answered{note}.", "bold"),
            _text(""),
            _text("Enter see the results · ← back to change answers · q quit", "dim"),
        )
        while True:
            key = read_key(self.fd)
            if key in ("enter", "left", "b"):
                return key == "enter"
            if key == "q":
                raise KeyboardInterrupt

    def ask(self, q: QuestionDef, progress: Progress, default: Any, message: str = "") -> Action:
        opts = options_for(q)
        screen = _Screen(q, opts, default)
        screen.message = message
        while True:
            self._draw(*self._head(progress), *screen.render())
            action = screen.handle(read_key(self.fd))
            if action is not None:
                return action


class _Screen:
    """The editable state of one question on screen, and how keys change it."""

    def __init__(self, q: QuestionDef, opts: list[Option], default: Any) -> None:
        self.q, self.opts, self.default = q, opts, default
        self.cursor = 0
        self.checked: set[int] = set()
        self.buffer = ""
        self.digits = ""
        self.show_help = False
        self.message = ""
        for i, opt in enumerate(opts):
            if isinstance(default, list) and not opt.special and opt.value in default:
                self.checked.add(i)
            elif not isinstance(default, list) and default is not None and opt.value == default:
                self.cursor = i

    def render(self) -> list[RenderableType]:

        q = self.q
        parts: list[RenderableType] = [_text(q.spec.text, "bold")]
        if self.show_help:
            parts.append(_text(_help_text(q) or "No help for this question.", "italic"))
        parts.append(_text(""))
        if self.opts:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True)
            grid.add_column()
            multi = q.type == "multiple_choice"
            for i, opt in enumerate(self.opts):
                mark = "›" if i == self.cursor else " "
                if multi and not opt.special:
                    mark += " [x]" if i in self.checked else " [ ]"
                number = "  " if opt.special else f"{i + 1}."
                grid.add_row(
                    f"{mark} {number}", _text(opt.label, "reverse" if i == self.cursor else "")
                )
            parts.append(grid)
        else:
            parts.append(_text(f"> {self.buffer}"))
        if self.default is not None:
            parts.append(_text(f"Previous answer: {describe(q, self.default)}", "dim"))
        parts += [_text(self.message, "red"), _text(self._hints(), "dim")]
        return parts

    def _hints(self) -> str:
        q, hints = self.q, []
        if self.opts:
            hints.append("↑↓ move · Enter choose · 1-9 pick")
            if q.type == "multiple_choice":
                hints.append("Space tick")
            if q.type == "yes_no":
                hints.append("y yes · n no")
        elif q.type == "number":
            hints.append("type a number, Enter")
        else:
            hints.append("type, Enter · a whole answer of ? skip unknown na works too")
        hints += ["? help", "← back" if q.type == "text" else "← or b back"]
        if q.type != "text":
            hints.append("s skip")
            if q.spec.allow_unknown:
                hints.append("d don't know")
            if q.spec.allow_na and q.type != "yes_no":
                hints.append("n not applicable")
        hints.append("Ctrl-C quit" if q.type == "text" else "q quit")
        return " · ".join(hints)

    def _check(self, raw: Any) -> Action | None:
        try:
            check_value(self.q, raw)
        except ValueError as exc:
            self.message = str(exc)[:1].upper() + str(exc)[1:] + "."
            return None
        return ("answer", raw)

    def handle(self, key: str) -> Action | None:
        self.message = ""
        if self.q.type == "text":
            return self._text_key(key)
        if key == "?":
            self.show_help = not self.show_help
        elif key in ("left", "b"):
            return ("back", None)
        elif key == "s":
            return ("skip", None)
        elif key == "q":
            raise KeyboardInterrupt
        elif key == "d":
            return self._check(UNKNOWN)
        elif key in ("y", "n") and self.q.type == "yes_no":
            return self._check(key == "y")
        elif key == "n":
            return self._check(NOT_APPLICABLE)
        elif self.opts:
            return self._choice_key(key)
        else:
            return self._number_key(key)
        return None

    def _choice_key(self, key: str) -> Action | None:
        multi = self.q.type == "multiple_choice"
        if key in ("up", "down"):
            self.cursor = (self.cursor + (1 if key == "down" else -1)) % len(self.opts)
        elif key.isdigit():
            self.digits += key
            n = int(self.digits)
            if not 1 <= n <= len(self.opts):
                self.digits, self.message = "", f"Pick a number from 1 to {len(self.opts)}."
                return None
            self.cursor = n - 1
            if n * 10 > len(self.opts):  # no longer number starts this way: act now
                self.digits = ""
                return self._select(toggle=multi)
        elif key == " " and multi:
            return self._select(toggle=True)
        elif key == "enter":
            self.digits = ""
            return self._select(toggle=False)
        return None

    def _select(self, *, toggle: bool) -> Action | None:
        opt = self.opts[self.cursor]
        if opt.special or self.q.type != "multiple_choice":
            return self._check(opt.value)
        if toggle:
            self.checked ^= {self.cursor}
            return None
        return self._check([o.value for i, o in enumerate(self.opts) if i in self.checked])

    def _number_key(self, key: str) -> Action | None:
        if key == "enter":
            if not self.buffer and self.default is not None:
                return self._check(self.default)
            try:
                return self._check(parse_number(self.buffer))
            except ValueError as exc:
                self.message = "Type a number." if not self.buffer else f"{exc}."
        elif key == "backspace":
            self.buffer = self.buffer[:-1]
        elif len(key) == 1 and key in "0123456789.-+eE_":
            self.buffer += key
        elif len(key) == 1 and key.isprintable():
            self.message = f"{key!r} is not part of a number; ? shows the keys."
        return None

    def _text_key(self, key: str) -> Action | None:
        if key == "left" and not self.buffer:
            return ("back", None)
        if key == "backspace":
            self.buffer = self.buffer[:-1]
        elif key == "enter":
            word = self.buffer.strip()
            if word == "?":
                self.show_help, self.buffer = not self.show_help, ""
            elif word.lower() == "skip":
                return ("skip", None)
            elif word.lower() in _LINE_COMMANDS:
                return self._check(_LINE_COMMANDS[word.lower()])
            elif word:
                return self._check(self.buffer)
            elif self.default is not None:
                return self._check(self.default)
            else:
                self.message = "Type an answer, or type skip."
        elif len(key) == 1 and key.isprintable():
            self.buffer += key
        return None
