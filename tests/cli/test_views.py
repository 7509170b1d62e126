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


def test_hold_off_advice_has_its_own_heading_colour_and_reason() -> None:
    example = next(p for p in EXAMPLES if p.stem == "lone-data-scientist")
    result = score(load_answers(example))
    hold = [r for r in result.recommendations if r.kind == "hold_off"]
    assert hold
    lines = views.result_lines(result, width=80)
    texts = [text for text, _ in lines]
    heading = texts.index("Not yet: hold off for now")
    assert lines[heading][1] == "bold magenta"
    assert texts.index("Next steps") < heading  # right after the next steps
    block = views.plain(lines[heading + 1 :])
    for r in hold:
        assert f"⏸ {r.title}" in block
        assert r.reason.removeprefix("Applies because: ")[:30] in " ".join(block.split())
    assert all(style == "magenta" for _, style in lines[heading + 1 : heading + 2])
