"""``maturity score`` over a streamed batch: the progress bar's total without a file list."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from maturity_cli.cli.score import _total
from maturity_cli.load.discover import find_inputs


def test_progress_total_is_counted_only_when_a_bar_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ["a.yaml", "b/c.yml", "b/d.json", ".e.yaml", "f.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}", encoding="utf-8")
    found = find_inputs([str(tmp_path), str(tmp_path / "a.yaml")])
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert _total(found, True) == 0
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert _total(found, True) == 3 == len(list(found))
    assert _total(found, False) == 0
