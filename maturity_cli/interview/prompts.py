"""Plain line prompts for piped input (the terminal screen is in ``toolkit.py``).

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

from rich.text import Text

from maturity_cli.answers.loader import check_value
from maturity_cli.interview.screen import LINE_COMMANDS, Action, InputEnded, help_text
from maturity_cli.interview.session import Option, describe, options_for, parse_number
from maturity_cli.text import plain_text

if TYPE_CHECKING:
    from rich.console import Console

    from maturity_cli.interview.session import Progress
    from maturity_cli.questionnaire.loader import QuestionDef

__all__ = ["Action", "InputEnded", "LinePrompter"]


def _text(value: str, style: str = "") -> Text:
    """Text printed as written: never markup, and no control sequence from the data."""
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
