"""Asking one question at a time: a key-driven terminal screen, or plain line prompts.

Both prompters check answers with :func:`maturity_cli.answers.loader.check_value`, the
validator of answers files, and return an :data:`Action`; the command drives the
:class:`~maturity_cli.interview.session.Interview` with it. Ctrl-C and ``q`` raise
``KeyboardInterrupt``; the end of piped input raises :class:`InputEnded`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.text import Text

from maturity_cli.answers.loader import check_value
from maturity_cli.interview.keys import InputEnded, pending, raw_mode, read_key
from maturity_cli.interview.screen import (
    LINE_COMMANDS,
    Action,
    QuestionScreen,
    help_text,
    pack,
)
from maturity_cli.interview.session import Option, describe, options_for, parse_number

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from maturity_cli.interview.session import Progress
    from maturity_cli.questionnaire.loader import QuestionDef

__all__ = ["Action", "InputEnded", "LinePrompter", "TerminalPrompter"]

#: Text on the screen is wrapped at this width however wide the terminal is.
MAX_WIDTH = 100


def _text(value: str, style: str = "") -> Text:
    return Text(value, style=style)


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
        out.print(_text(f"[{progress.section} · {progress.where()}]", "bold"))
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
                out.print(_text(help_text(q) or "No help for this question.", "dim"))
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
        if line.lower() in LINE_COMMANDS and q.type != "text":
            return LINE_COMMANDS[line.lower()]
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


# -- the key-driven screen -------------------------------------------------------------


class TerminalPrompter:
    """A full-screen question at a time, answered with arrow keys, digits and letters."""

    interactive = True

    def __init__(self, console: Console, title: str = "") -> None:
        self.console = console
        self.title = title
        self.fd = sys.stdin.fileno()

    @property
    def width(self) -> int:
        return max(20, min(self.console.width, MAX_WIDTH))

    @contextmanager
    def session(self) -> Iterator[None]:
        """Raw keys on the alternate screen, cursor hidden; restored however it ends."""
        out = self.console.file
        out.write("\x1b[?1049h\x1b[?25l")
        try:
            with raw_mode(self.fd):
                yield
        finally:
            out.write("\x1b[?25h\x1b[?1049l")
            out.flush()

    def _draw(self, *parts: RenderableType) -> None:
        if pending(self.fd):
            return  # more keys are waiting (a paste): draw once they are handled
        self.console.file.write("\x1b[H\x1b[2J")
        self.console.print(Group(*parts), width=self.width)
        self.console.file.flush()

    def _head(self, progress: Progress | None) -> list[RenderableType]:
        parts: list[RenderableType] = [_text(self.title, "dim")] if self.title else []
        if progress is not None:
            parts += [_text(progress.section, "bold cyan"), _text(progress.where(), "cyan")]
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
            *(
                _text(line, "dim")
                for line in pack(
                    ["Enter: see the results", "← back to change answers", "q quit"], self.width
                )
            ),
        )
        while True:
            key = read_key(self.fd)
            if key in ("enter", "left", "b"):
                return key == "enter"
            if key == "q":
                raise KeyboardInterrupt

    def ask(self, q: QuestionDef, progress: Progress, default: Any, message: str = "") -> Action:
        screen = QuestionScreen(q, options_for(q), default)
        screen.message = message
        while True:
            self._draw(*self._head(progress), *screen.render(self.width))
            action = screen.handle(read_key(self.fd))
            if action is not None:
                return action
