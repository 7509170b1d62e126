"""One question on the key-driven screen: what it shows, and how keys change it.

The screen is plain (style, text) lines, never markup, so answers, labels and
marks such as ``[x]`` are shown exactly as written; the terminal library draws them.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any, Literal

from maturity_cli.answers.loader import NOT_APPLICABLE, UNKNOWN, check_value
from maturity_cli.interview.session import Option, describe, parse_number
from maturity_cli.text import plain_text
from maturity_cli.vocabulary import SPECIAL_ANSWER_ALIASES

if TYPE_CHECKING:
    from maturity_cli.questionnaire.loader import QuestionDef

Action = tuple[Literal["answer", "skip", "back"], Any]
LINE_COMMANDS = SPECIAL_ANSWER_ALIASES


def help_text(q: QuestionDef) -> str:
    """The question's help and the help of its choices, one paragraph each."""
    lines = [q.spec.help.strip()] if q.spec.help.strip() else []
    lines += [f"{c.label}: {c.help.strip()}" for c in q.choices if c.help.strip()]
    return "\n".join(lines)


#: Where the input line of a number or text question goes among the lines.
FIELD = ("[field]", "")


class InputEnded(Exception):
    """Input ran out (end of a pipe or file) before the interview was over."""


def wrap(text: str, width: int, style: str = "") -> list[tuple[str, str]]:
    """``text`` wrapped to ``width`` as (style, line) pairs, paragraph by paragraph."""
    out: list[tuple[str, str]] = []
    for paragraph in plain_text(text).splitlines() or [""]:
        out += [(style, piece) for piece in textwrap.wrap(paragraph, width) or [""]]
    return out


def pack(items: list[str], width: int, sep: str = " · ") -> list[str]:
    """Items joined by ``sep`` into lines of at most ``width``, never breaking an item."""
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + len(sep) + len(item) <= width:
            lines[-1] += sep + item
        else:
            lines.append(item)
    return lines


class QuestionScreen:
    """The editable state of one question on screen, and how keys change it."""

    def __init__(self, q: QuestionDef, opts: list[Option], default: Any) -> None:
        self.q, self.opts, self.default = q, opts, default
        self.numbered = sum(1 for o in opts if not o.special)
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

    def lines(self, width: int = 80, room: int = 0) -> list[tuple[str, str]]:
        """The screen as (style, text) lines wrapped to ``width``; ``FIELD`` marks the input line.

        With ``room`` (rows available), help that would push the choices off the
        screen is shortened to fit, ending in "…".
        """
        q = self.q
        out = wrap(q.spec.text, width, "class:bold")
        rest = self._rest(width)
        if self.show_help:
            shown = wrap(help_text(q) or "No help for this question.", width, "class:help")
            fits = max(1, room - len(out) - len(rest)) if room else len(shown)
            if len(shown) > fits:
                shown = [*shown[: fits - 1], ("class:help", "… (? hides the help)")]
            out += shown
        return out + rest

    def _rest(self, width: int) -> list[tuple[str, str]]:
        q, out = self.q, [("", "")]
        multi = q.type == "multiple_choice"
        for i, opt in enumerate(self.opts):
            mark = "›" if i == self.cursor else " "
            if multi and not opt.special:
                mark += " [x]" if i in self.checked else " [ ]"
            lead = f"{mark} {'  ' if opt.special else f'{i + 1}.'} "
            style = "class:reverse" if i == self.cursor else ""
            pieces = textwrap.wrap(plain_text(opt.label), max(10, width - len(lead))) or [""]
            out.append((style, lead + pieces[0]))
            out += [(style, " " * len(lead) + piece) for piece in pieces[1:]]
        if not self.opts:
            out.append(FIELD)
        if self.default is not None:
            out += wrap(f"Previous answer: {describe(q, self.default)}", width, "class:dim")
        out.append(("class:error", self.message))
        out += [("class:dim", line) for line in pack(self._hints(), width)]
        return out

    def _hints(self) -> list[str]:
        q, hints = self.q, []
        if self.opts:
            hints += ["↑↓ move", "Enter choose", f"1-{self.numbered} pick"]
            if q.type == "multiple_choice":
                hints.append("Space tick")
            if q.type == "yes_no":
                hints += ["y yes", "n no"]
        elif q.type == "number":
            hints.append("type a number, Enter")
        else:
            hints += ["type, Enter", "a whole answer of ? skip unknown na works too"]
        hints += ["? help", "← back" if q.type == "text" else "← or b back"]
        if q.type != "text":
            hints.append("s skip")
            if q.spec.allow_unknown:
                hints.append("d don't know")
            if q.spec.allow_na and q.type != "yes_no":
                hints.append("n not applicable")
        hints.append("Ctrl-C quit" if q.type == "text" else "q quit")
        return hints

    def _check(self, raw: Any) -> Action | None:
        try:
            check_value(self.q, raw)
        except ValueError as exc:
            self.message = str(exc)[:1].upper() + str(exc)[1:] + "."
            return None
        return ("answer", raw)

    def handle(self, key: str) -> Action | None:
        """Apply one key; an action once the question is answered, skipped or left."""
        self.message = ""
        if self.q.type == "text":
            return self._text_key(key)
        if self.q.type == "number" and self.buffer and len(key) == 1:
            return self._number_key(key)  # once typing has begun, letters are text
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
            if not 1 <= n <= self.numbered:
                self.digits, self.message = "", f"Pick a number from 1 to {self.numbered}."
                return None
            self.cursor = n - 1
            if n * 10 > self.numbered:  # no longer number starts this way: act now
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
                self.message = self.message[:1].upper() + self.message[1:]
        elif key == "backspace":
            self.buffer = self.buffer[:-1]
        elif len(key) == 1 and key.isprintable():
            self.buffer += key  # checked as a whole on Enter
        return None

    def _text_key(self, key: str) -> Action | None:
        if key == "left" and not self.buffer:
            return ("back", None)
        if key == "backspace":
            self.buffer = self.buffer[:-1]
        elif key == "enter":
            return self._text_enter(self.buffer.strip())
        elif len(key) == 1 and key.isprintable():
            self.buffer += key
        return None

    def _text_enter(self, word: str) -> Action | None:
        if word == "?":
            self.show_help, self.buffer = not self.show_help, ""
        elif word.lower() == "skip":
            return ("skip", None)
        elif word.lower() in LINE_COMMANDS:
            return self._check(LINE_COMMANDS[word.lower()])
        elif word:
            return self._check(self.buffer)
        elif self.default is not None:
            return self._check(self.default)
        else:
            self.message = "Type an answer, or type skip."
        return None
