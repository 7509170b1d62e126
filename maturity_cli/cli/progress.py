"""The progress bar of long batches, on standard error when it is a terminal."""

from __future__ import annotations

import sys
import time
from typing import Any

REFRESH_SECONDS = 0.1
"""How often the bar is redrawn at most (from :meth:`ProgressBar.advance`)."""


class ProgressBar:
    """A progress bar on stderr when it is a terminal; otherwise nothing at all.

    It draws itself as files are done, not from a thread of its own: batch workers
    are forked only while the process has a single thread (see ``scoring.pool``).
    """

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and total > 1 and sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None
        self._drawn = 0.0

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
                auto_refresh=False,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("scoring", total=self.total)
        return self

    def advance(self) -> None:
        """One more file done."""
        if self._bar is not None:
            self._bar.advance(self._task)
            now = time.monotonic()
            if now - self._drawn >= REFRESH_SECONDS:
                self._drawn = now
                self._bar.refresh()

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
