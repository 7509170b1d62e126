"""The complete examples in docs/questionnaire-format.md work exactly as printed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from maturity_cli.answers.loader import load_answers
from maturity_cli.questionnaire.loader import load_questionnaire
from maturity_cli.scoring.engine import score

DOC = Path(__file__).resolve().parent.parent / "docs" / "questionnaire-format.md"


def _blocks() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    found = {}
    for body in re.findall(r"```yaml\n(.*?)```", text, flags=re.S):
        first = body.splitlines()[0]
        if first.startswith("# example: "):
            found[first.removeprefix("# example: ")] = body
    return found


@pytest.fixture
def doc_example(tmp_path: Path):  # type: ignore[no-untyped-def]
    blocks = _blocks()

    def load(style: str):  # type: ignore[no-untyped-def]
        (tmp_path / f"tiny-{style}.yaml").write_text(blocks[f"{style} questionnaire"])
        if style == "percentage":
            (tmp_path / "tiny-percent.yaml").write_text(blocks[f"{style} questionnaire"])
        answers = tmp_path / "answers.yaml"
        answers.write_text(blocks[f"{style} answers"])
        return score(load_answers(answers))

    return load


def test_the_document_has_every_style() -> None:
    assert {
        "gated questionnaire",
        "gated answers",
        "points questionnaire",
        "points answers",
        "percentage questionnaire",
        "percentage answers",
    } <= set(_blocks())


def test_gated_example_scores_as_documented(doc_example) -> None:  # type: ignore[no-untyped-def]
    result = doc_example("gated")
    ladder = result.framework("ladder")
    assert (ladder.level, ladder.level_name) == (0, "Manual")
    dims = {d.id: d.level for d in ladder.dimensions}
    assert dims == {"build": 0, "run": 1}
    assert [c.text for c in ladder.next_level.unmet] == ["Experiments are tracked"]
    assert [r.id for r in result.recommendations] == [
        "start-tracking",
        "release-pipeline",
        "no-platform-team",
    ]
    assert result.recommendations[-1].kind == "hold_off"
    assert "Experiment tracking: No" in result.recommendations[0].reason


def test_points_example_scores_as_documented(doc_example) -> None:  # type: ignore[no-untyped-def]
    fw = doc_example("points").framework("test-score")
    assert {d.id: d.score for d in fw.dimensions} == {"data": 1.5, "model": 0.5}
    assert (fw.score, fw.level, fw.level_name) == (0.5, 1, "Some tests")
    assert fw.next_level is not None and fw.next_level.requirement == "score above 1"


def test_percentage_example_scores_as_documented(doc_example) -> None:  # type: ignore[no-untyped-def]
    fw = doc_example("percentage").framework("percent")
    assert fw.score == pytest.approx(66.6667)
    assert (fw.level, fw.level_name) == (1, "Passing")
    assert fw.next_level is not None and fw.next_level.requirement == "score at least 90%"


def test_document_questionnaires_validate_on_their_own(tmp_path: Path) -> None:
    for name, body in _blocks().items():
        if name.endswith("questionnaire"):
            path = tmp_path / f"{name.split()[0]}.yaml"
            path.write_text(body)
            assert load_questionnaire(path).questions
