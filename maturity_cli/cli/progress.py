"""The progress bar of long batches, on standard error when it is a terminal."""

from __future__ import annotations

import sys
from typing import Any


class ProgressBar:
    """A progress bar on stderr when it is a terminal; otherwise nothing at all."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and total > 1 and sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> ProgressBar:
        if self.enabled:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            import maturity_cli.cli.console as console

            self._bar = Bar(
                TextColumn("scoring"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=console.err(),
                transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("scoring", total=self.total)
        return self

    def advance(self) -> None:
        """One more file done."""
        if self._bar is not None:
            self._bar.advance(self._task)

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
