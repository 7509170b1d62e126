"""The progress bar of long batches: drawn as files are done, by no thread of its own."""

from __future__ import annotations

import sys
import threading

import pytest

from maturity_cli.cli.progress import ProgressBar
from maturity_cli.scoring.pool import _can_fork


def test_the_bar_shows_on_a_terminal_without_a_thread_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    threads = threading.active_count()
    with ProgressBar(50, True) as bar:
        assert bar.enabled
        for _ in range(50):
            bar.advance()
        # A batch started under the bar still forks its workers (one thread only).
        assert threading.active_count() == threads
        assert _can_fork() == (sys.platform == "linux" and threads == 1)


def test_no_bar_when_standard_error_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    with ProgressBar(50, True) as bar:
        assert not bar.enabled
        bar.advance()
