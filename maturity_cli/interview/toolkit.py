"""The interview screen on prompt_toolkit: Linux, macOS and Windows terminals alike.

One small application per question, drawn on the alternate screen: arrow keys,
digits and letters as in ``docs/assess.md``; number and text answers are edited
in a real input line (cursor keys, Home/End, Ctrl-W deletes a word, a paste
arrives as one input); the screen is redrawn when the terminal is resized, the
cursor is hidden except in an input line, and text wraps at 100 columns at most.
This module is imported only when an interview starts in a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from prompt_toolkit.application import Application
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.filters import Condition
from prompt_toolkit.input import create_input
from prompt_toolkit.key_binding import (
    KeyBindings,
    KeyBindingsBase,
    KeyPressEvent,
    merge_key_bindings,
)
from prompt_toolkit.key_binding.bindings.basic import load_basic_bindings
from prompt_toolkit.key_binding.bindings.emacs import load_emacs_bindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import HSplit, Layout, VSplit, Window
from prompt_toolkit.layout.controls import BufferControl, FormattedTextControl
from prompt_toolkit.output import create_output
from prompt_toolkit.styles import Style

from maturity_cli.interview.screen import FIELD, QuestionScreen, pack, wrap
from maturity_cli.interview.session import options_for

if TYPE_CHECKING:
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

    from maturity_cli.interview.screen import Action
    from maturity_cli.interview.session import Progress
    from maturity_cli.questionnaire.loader import QuestionDef

#: Text on the screen is wrapped at this width however wide the terminal is.
MAX_WIDTH = 100
_STYLE = Style.from_dict(
    {"bold": "bold", "dim": "fg:ansibrightblack", "head": "bold fg:ansicyan",
     "where": "fg:ansicyan", "error": "fg:ansired", "reverse": "reverse", "help": "italic"}
)  # fmt: skip
_NAMED = {Keys.Up: "up", Keys.Down: "down", Keys.Left: "left", Keys.Right: "right",
          Keys.Enter: "enter", Keys.ControlM: "enter", Keys.Backspace: "backspace",
          Keys.ControlH: "backspace", Keys.Escape: "esc"}  # fmt: skip

Line = tuple[str, str]  # (style, text)


class _Stop(Exception):
    """Ctrl-C or q: leave the application, then raise KeyboardInterrupt."""


class ToolkitPrompter:
    """A question at a time on prompt_toolkit, answered with arrow keys, digits and letters."""

    interactive = True

    def __init__(self, title: str = "") -> None:
        self.title = title
        self._input: Input | None = None
        self._output: Output | None = None

    @contextmanager
    def session(self) -> Iterator[None]:
        """The alternate screen for the whole interview; restored however it ends."""
        self._input = create_input()
        self._output = create_output()
        if hasattr(self._output, "enable_cpr"):
            self._output.enable_cpr = False  # drawn from the top of a cleared screen
        self._output.enter_alternate_screen()
        self._output.flush()
        try:
            yield
        finally:
            self._output.quit_alternate_screen()
            self._output.show_cursor()
            self._output.flush()

    @property
    def width(self) -> int:
        assert self._output is not None
        return max(20, min(self._output.get_size().columns, MAX_WIDTH))

    def ask_key(self, question: str, keys: dict[str, str]) -> str:
        """One key press answers: the value of ``keys`` for the key pressed (below the output)."""
        self._input, self._output = create_input(), create_output()
        if hasattr(self._output, "enable_cpr"):
            self._output.enable_cpr = False
        return str(self._run(lambda width: wrap(question, width), keys.get, clear=False))

    @property
    def rows(self) -> int:
        assert self._output is not None
        return self._output.get_size().rows

    def _head(self, progress: Progress | None, width: int) -> list[Line]:
        lines = wrap(self.title, width, "class:dim") if self.title else []
        if progress is not None:
            lines += wrap(progress.section, width, "class:head")
            lines += wrap(progress.where(), width, "class:where")
        return [*lines, ("", "")]

    def _run(
        self,
        draw: Callable[[int], list[Line]],
        on_key: Callable[[str], Any],
        field: Buffer | None = None,
        typed: Callable[[str], bool] = lambda data: True,
        *,
        clear: bool = True,
    ) -> Any:
        """Show ``draw(width)`` until ``on_key`` returns a result.

        With ``field``, the line ``FIELD`` is an input line; a key is typed into it
        when ``typed(key)`` says so, and handed to ``on_key`` otherwise.
        """
        assert self._input is not None and self._output is not None
        top = Window(FormattedTextControl(self._part(draw, True), show_cursor=False))
        body: list[Any] = [top]
        keys: list[KeyBindingsBase] = [_bindings(on_key, field, typed)]
        focus = top
        if field is not None:
            prompt = Window(FormattedTextControl("> "), width=2, dont_extend_width=True)
            focus = Window(BufferControl(field), height=1, dont_extend_height=True)
            bottom = FormattedTextControl(self._part(draw, False), show_cursor=False)
            body += [VSplit([prompt, focus]), Window(bottom)]
            keys = [load_basic_bindings(), load_emacs_bindings(), *keys]
        app: Application[Any] = Application(
            layout=Layout(HSplit(body), focused_element=focus),
            key_bindings=merge_key_bindings(keys),
            style=_STYLE,
            erase_when_done=True,
            input=self._input,
            output=self._output,
        )
        if clear:
            self._output.erase_screen()
            self._output.cursor_goto(0, 0)
            self._output.flush()
        try:
            return app.run()
        except _Stop:
            raise KeyboardInterrupt from None

    def _part(
        self, draw: Callable[[int], list[Line]], upper: bool
    ) -> Callable[[], StyleAndTextTuples]:
        """The lines above (or below) the input line, drawn at the width of the moment."""

        def fragments() -> StyleAndTextTuples:
            lines = draw(self.width)
            cut = lines.index(FIELD) if FIELD in lines else len(lines)
            out: StyleAndTextTuples = []
            for style, text in lines[:cut] if upper else lines[cut + 1 :]:
                out += [(style, text), ("", "\n")]
            return out[:-1]

        return fragments

    def ask_text(self, label: str, default: str = "", *, required: bool = False) -> str:
        field, message = Buffer(multiline=False), [""]

        def draw(width: int) -> list[Line]:
            hint = f"Enter keeps: {default}" if default else "Type, then Enter"
            return [*self._head(None, width), *wrap(label, width, "class:bold"), FIELD,
                    ("class:error", message[0]), ("class:dim", hint)]  # fmt: skip

        def on_key(key: str) -> str | None:
            message[0] = ""
            if key != "enter":
                return None
            value = field.text.strip() or default
            if value or not required:
                return value
            message[0] = "An answer is needed here."
            return None

        return str(self._run(draw, on_key, field))  # every key is text here

    def confirm(self, question: str) -> bool:
        def draw(width: int) -> list[Line]:
            return [*self._head(None, width), *wrap(question, width, "class:bold"),
                    ("class:dim", "y yes · n no")]  # fmt: skip

        answers = {"y": True, "n": False, "enter": False, "q": False}
        return bool(self._run(draw, lambda key: answers.get(key.lower())))

    def finish(self, progress: Progress) -> bool:
        """The end screen: ``True`` to finish, ``False`` to go back to the last question."""
        skipped = progress.total - progress.answered
        note = f" ({skipped} skipped)" if skipped else ""

        def draw(width: int) -> list[Line]:
            keys = pack(["Enter: see the results", "← back to change answers", "q quit"], width)
            text = f"That was the last question: {progress.answered} answered{note}."
            return [*self._head(None, width), *wrap(text, width, "class:bold"), ("", ""),
                    *(("class:dim", line) for line in keys)]  # fmt: skip

        def on_key(key: str) -> bool | None:
            if key == "q":
                raise KeyboardInterrupt
            return {"enter": True, "left": False, "b": False}.get(key)

        return bool(self._run(draw, on_key))

    def ask(self, q: QuestionDef, progress: Progress, default: Any, message: str = "") -> Action:
        screen = QuestionScreen(q, options_for(q), default)
        screen.message = message
        field = None if screen.opts else Buffer(multiline=False)

        def draw(width: int) -> list[Line]:
            head = self._head(progress, width)
            return [*head, *screen.lines(width, room=self.rows - len(head))]

        def typed(key: str) -> bool:
            # Numbers: the command keys act while nothing is typed; text takes every key.
            return q.type == "text" or bool(field and field.text) or key not in "?bsqdn"

        def on_key(key: str) -> Action | None:
            if field is not None:
                screen.buffer = field.text
            action = screen.handle(key)
            if field is not None and field.text != screen.buffer:
                field.text = screen.buffer
                field.cursor_position = len(field.text)
            return action

        result: Action = self._run(draw, on_key, field, typed)
        return result


def _bindings(
    on_key: Callable[[str], Any], field: Buffer | None, typed: Callable[[str], bool]
) -> KeyBindings:
    """Keys handed to ``on_key`` by name; with an input line, what it edits stays there."""
    bindings = KeyBindings()

    def handle(key: str, event: KeyPressEvent) -> None:
        try:
            result = on_key(key)
        except KeyboardInterrupt:
            event.app.exit(exception=_Stop())
            return
        if result is not None:
            event.app.exit(result=result)

    @bindings.add(Keys.Any)
    def _any(event: KeyPressEvent) -> None:
        data = event.data
        if field is not None and data.isprintable() and typed(data):
            field.insert_text(data)
        elif len(data) == 1 and data.isprintable():
            handle(data, event)

    editing = {"left", "right", "backspace"} if field is not None else set()
    for key, name in _NAMED.items():
        if name not in editing:
            bindings.add(key)(lambda event, name=name: handle(name, event))
    if field is not None:  # <- on an empty input line goes back; otherwise it edits
        empty = Condition(lambda: not field.text)
        bindings.add(Keys.Left, filter=empty)(lambda event: handle("left", event))
    bindings.add(Keys.ControlC)(lambda event: event.app.exit(exception=_Stop()))
    bindings.add(Keys.ControlD)(lambda event: event.app.exit(exception=_Stop()))

    @bindings.add(Keys.BracketedPaste)
    def _paste(event: KeyPressEvent) -> None:
        if field is not None:  # one input, however long: drawn once
            field.insert_text(" ".join(event.data.split()))

    return bindings
