"""docs/recipes.md: every recipe file validates and scores to the result printed there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from maturity_cli.answers.loader import load_answers
from maturity_cli.cli import app
from maturity_cli.scoring.engine import score

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGE = (DOCS / "recipes.md").read_text(encoding="utf-8")
SECTIONS = re.split(r"^## ", PAGE, flags=re.M)[1:]
FILES = sorted((DOCS / "recipes").glob("*.yaml"))


def test_every_recipe_file_is_on_the_page_and_validates() -> None:
    assert len(SECTIONS) == 4
    for path in FILES:
        assert f"(recipes/{path.name})" in PAGE, path.name
    result = CliRunner().invoke(app, ["validate", *map(str, FILES)])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output.lower()


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.splitlines()[0])
def test_each_recipe_scores_as_documented(section: str) -> None:
    (answers_name,) = re.findall(r"\(recipes/([\w-]+\.answers\.yaml)\)", section)
    (questionnaire_name,) = re.findall(r"\(recipes/([\w-]+(?<!\.answers)\.yaml)\)", section)
    result = score(load_answers(DOCS / "recipes" / answers_name))
    documented = re.findall(
        r"^- `([\w-]+)`: level (\d+) \(([^)]+)\), score ([\d.]+)$", section, flags=re.M
    )
    assert documented
    for fw_id, level, name, value in documented:
        fw = result.framework(fw_id)
        assert (fw.level, fw.level_name, fw.score) == (int(level), name, float(value))
    (order,) = re.findall(r"^Recommendations, in order: (.+)$", section, flags=re.M)
    expected = [] if order == "none" else re.findall(r"`([\w-]+)`", order)
    assert [r.id for r in result.recommendations] == expected
    # Every excerpt on the page is copied from the recipe's questionnaire.
    text = (DOCS / "recipes" / questionnaire_name).read_text(encoding="utf-8")
    for excerpt in re.findall(r"```yaml\n(.*?)```", section, flags=re.S):
        assert excerpt in text, excerpt
