"""Terminal views stay within the width they are given."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from maturity_cli.answers.loader import load_answers
from maturity_cli.cli import views
from maturity_cli.questionnaire.loader import load_questionnaire
from maturity_cli.scoring.engine import score

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_score_summary_fits_the_width(example: Path, width: int) -> None:
    result = score(load_answers(example))
    text = views.plain(views.result_lines(result, width=width))
    assert max(len(line) for line in text.splitlines()) <= width
    assert result.frameworks[0].title in text
    console = Console(file=io.StringIO(), width=width, record=True, no_color=True)
    console.print(views.result_view(result, width=width))
    assert console.export_text() == text


def test_questions_view_fits_80_columns() -> None:
    console = Console(file=io.StringIO(), width=80, record=True, no_color=True)
    console.print(views.questions_view(load_questionnaire("mlops")))
    lines = console.export_text().splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert sum("│" in line or "┃" in line for line in lines) == 0  # light layout, no boxes
