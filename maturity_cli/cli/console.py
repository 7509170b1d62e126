"""The one place that owns terminal output: rich consoles for stdout and stderr.

Rich is imported only when something is printed, so ``--version`` stays fast.
``NO_COLOR`` and ``COLUMNS`` are honoured by rich itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from maturity_cli.errors import MaturityError


@cache
def out() -> Console:
    """Console for results (stdout)."""
    from rich.console import Console

    return Console(highlight=False, emoji=False, soft_wrap=False)


@cache
def err() -> Console:
    """Console for messages, warnings and errors (stderr)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False, soft_wrap=True)


def error(text: str) -> None:
    """Print an error message to stderr."""
    err().print(f"[bold red]error:[/] {_escape(text)}")


def warning(text: str) -> None:
    """Print a warning to stderr."""
    err().print(f"[yellow]warning:[/] {_escape(text)}")


def info(text: str) -> None:
    """Print an informational message to stderr."""
    err().print(_escape(text))


def file_outcome(path: object, failure: MaturityError | None, warnings: Iterable[str]) -> bool:
    """Print why a file failed (and return False), else its warnings (and return True)."""
    if failure is not None:
        for problem in failure.problems:
            error(problem.render())
        return False
    for text in warnings:
        warning(f"{path}: {text}")
    return True


def _escape(text: str) -> str:
    from maturity_cli.text import safe_text

    return safe_text(text)
