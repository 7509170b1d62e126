"""Spreadsheet exports: CSV rows per team and framework or dimension, safe from formulas."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from history.conftest import QUESTIONNAIRE, answers
from typer.testing import CliRunner

from maturity_cli.cli.app import app
from maturity_cli.history.render import safe_cell


def test_score_csv_has_a_row_per_framework_and_dimension(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tiny.yaml").write_text(QUESTIONNAIRE)
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.yaml").write_text(answers("Team A", "yes", "auto", "yes"))
    (tmp_path / "t" / "b.yaml").write_text(answers("=HYPERLINK(1)", "no", "none", "no"))
    done = CliRunner().invoke(app, ["score", "t", "--format", "csv"])
    assert done.exit_code == 0, done.output
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    got = [(r["subject"], r["framework"], r["dimension"], r["level"]) for r in rows]
    assert got == [
        ("Team A", "gate", "", "2"),
        ("Team A", "gate", "dev", "2"),
        ("Team A", "gate", "ops", "2"),
        ("'=HYPERLINK(1)", "gate", "", "0"),
        ("'=HYPERLINK(1)", "gate", "dev", "0"),
        ("'=HYPERLINK(1)", "gate", "ops", "0"),
    ]
    done = CliRunner().invoke(app, ["score", "t", "-f", "csv", "-o", "scores.csv"])
    assert done.exit_code == 0
    assert (tmp_path / "scores.csv").read_text() == CliRunner().invoke(
        app, ["score", "t", "-f", "csv"]
    ).stdout


@pytest.mark.parametrize(
    ("value", "shown"),
    [("=1+1", "'=1+1"), ("+x", "'+x"), ("@sum", "'@sum"), ("a=b", "a=b"), (-1, -1)],
)
def test_cells_are_never_formulas(value: object, shown: object) -> None:
    assert safe_cell(value) == shown
