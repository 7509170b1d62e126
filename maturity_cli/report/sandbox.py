"""Custom report templates stay in their folder and in their budget.

A user's ``--template-dir`` is untrusted. :class:`FolderLoader` reads templates
only from inside their folder (a name or symlink that resolves outside it is
refused), bounded, through :func:`maturity_cli.files.read_bounded` (so no output
can replace a template). :class:`BudgetSandbox` is Jinja's sandbox plus limits:
``range`` and ``*`` cannot build huge values, and rendering stops with a template
error when it takes longer than :data:`TIME_LIMIT` seconds or writes more than
:data:`MAX_OUTPUT` characters.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, TemplateNotFound
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from maturity_cli.errors import InvalidFile, Problem
from maturity_cli.files import read_bounded

MAX_TEMPLATE = 1024 * 1024
MAX_OUTPUT = 50 * 1024 * 1024
MAX_ITEMS = 100_000
TIME_LIMIT = 20.0


class BudgetExceeded(Exception):
    """Rendering went over its time or size budget."""


class FolderLoader(BaseLoader):
    """Templates from one folder, never from outside it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.root = Path(os.path.realpath(folder))

    def get_source(
        self, environment: Any, template: str
    ) -> tuple[str, str, Callable[[], bool] | None]:
        path = self.root.joinpath(*split_template_path(template))
        real = Path(os.path.realpath(path))
        if not real.exists():
            raise TemplateNotFound(template)
        if real != self.root and self.root not in real.parents:
            raise InvalidFile(
                Problem(
                    f"template {template!r} resolves outside the template folder ({real})",
                    file=str(self.folder / template),
                    hint="templates (and the links in the folder) must stay inside it",
                )
            )
        data = read_bounded(real, MAX_TEMPLATE)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidFile(Problem("template is not UTF-8 text", file=str(path))) from None
        return text, str(path), lambda: True


class BudgetSandbox(SandboxedEnvironment):
    """Jinja's sandbox with a time budget and bounded ranges, repetition and output."""

    intercepted_binops = frozenset(["*", "**"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = float("inf")
        self.globals["range"] = self._range

    def start(self) -> None:
        """Begin a rendering: the time budget starts now."""
        self.deadline = time.monotonic() + TIME_LIMIT

    def tick(self) -> None:
        """Stop when the time budget is spent."""
        if time.monotonic() > self.deadline:
            raise BudgetExceeded(f"rendering took longer than {TIME_LIMIT:g} seconds")

    def _range(self, *args: int) -> Iterator[int]:
        values = range(*args)
        if len(values) > MAX_ITEMS:
            raise BudgetExceeded(f"range() of more than {MAX_ITEMS} items")
        for value in values:
            self.tick()
            yield value

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.tick()
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.tick()
        if operator == "**":
            if isinstance(right, int) and abs(right) > 1000:
                raise BudgetExceeded("an exponent larger than 1000")
            return left**right
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(count, int):
                if len(seq) * count > MAX_OUTPUT:
                    raise BudgetExceeded("a repetition larger than the output limit")
        return left * right

    def render_bounded(self, name: str, context: dict[str, Any]) -> str:
        """Render a template, stopping at the time and output budget."""
        self.start()
        parts: list[str] = []
        size = 0
        for piece in self.get_template(name).generate(context):
            size += len(piece)
            if size > MAX_OUTPUT:
                raise BudgetExceeded(f"the output is larger than {MAX_OUTPUT // 2**20} MB")
            self.tick()
            parts.append(piece)
        return "".join(parts)
