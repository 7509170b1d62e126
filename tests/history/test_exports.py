"""Spreadsheet exports: CSV rows per team and framework or dimension, safe from formulas."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import openpyxl
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


def _plain(value: object) -> object:
    """A cell as a number when it reads as one (``2`` and ``2.0`` are the same figure)."""
    try:
        return float(str(value))
    except ValueError:
        return "" if value is None else value


def test_xlsx_matches_the_csv_and_is_reproducible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tiny.yaml").write_text(QUESTIONNAIRE)
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.yaml").write_text(answers("=cmd|' /C calc'!A0", "yes", "auto", "yes"))
    runner = CliRunner()
    done = runner.invoke(app, ["score", "t", "-f", "xlsx", "-o", "one.xlsx"])
    assert done.exit_code == 0, done.output
    assert runner.invoke(app, ["score", "t", "-f", "xlsx", "-o", "two.xlsx"]).exit_code == 0
    assert (tmp_path / "one.xlsx").read_bytes() == (tmp_path / "two.xlsx").read_bytes()
    sheet = openpyxl.load_workbook(tmp_path / "one.xlsx")["scores"]
    cells = [[_plain(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    as_csv = list(csv.reader(io.StringIO(runner.invoke(app, ["score", "t", "-f", "csv"]).stdout)))
    assert cells == [[_plain(c) for c in row] for row in as_csv]
    assert cells[1][1].startswith("'=")  # never a formula
    done = runner.invoke(app, ["score", "t", "-f", "xlsx"])
    assert done.exit_code == 2 and "-o FILE.xlsx" in done.stderr


def test_xlsx_without_the_extra_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if it were not installed
    (tmp_path / "tiny.yaml").write_text(QUESTIONNAIRE)
    (tmp_path / "a.yaml").write_text(answers("Team A", "yes", "auto", "yes").replace("../", "./"))
    done = CliRunner().invoke(app, ["score", "a.yaml", "-f", "xlsx", "-o", "s.xlsx"])
    assert done.exit_code == 2, done.output
    assert "maturity-cli[xlsx]" in done.stderr and "Traceback" not in done.output
    assert not (tmp_path / "s.xlsx").exists()


def test_evidence_is_not_carried_by_spreadsheet_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tiny.yaml").write_text(QUESTIONNAIRE)
    (tmp_path / "a.yaml").write_text(answers("Team A", "yes", "auto", "yes").replace("../", "./"))
    for fmt in ("csv", "xlsx"):
        done = CliRunner().invoke(app, ["score", "a.yaml", "-f", fmt, "-o", "x", "--scan", "."])
        assert done.exit_code == 2, done.output
        assert f"--format {fmt} does not carry evidence" in done.stderr
    done = CliRunner().invoke(app, ["score", "a.yaml", "--consensus", "min", "--scan", "."])
    assert done.exit_code == 2 and "--consensus cannot be combined with evidence" in done.stderr
    assert not (tmp_path / "x").exists()
