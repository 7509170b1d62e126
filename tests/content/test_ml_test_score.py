"""Content tests for the built-in ``ml-test-score`` questionnaire (Breck et al., 2017).

Every expected number below is worked out by hand from the 2017 scoring:
0 / 0.5 / 1 per test, a section is the sum of its 7 tests, the final score is
the minimum section, banded as in the paper's Table V:
0 -> 0, (0,1] -> 1, (1,2] -> 2, (2,3] -> 3, (3,5] -> 4, >5 -> 5.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from maturity_cli.answers.loader import parse_answers
from maturity_cli.questionnaire.loader import load_questionnaire
from maturity_cli.scoring.engine import score
from maturity_cli.scoring.result import FrameworkResult, Result

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ml-test-score-manual.yaml"
FW = "ml-test-score"
SECTIONS = ("data", "model", "infrastructure", "monitoring")


@pytest.fixture(scope="module")
def questionnaire():
    return load_questionnaire("ml-test-score")


@pytest.fixture(scope="module")
def ids_by_section(questionnaire) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {s: [] for s in SECTIONS}
    for q in questionnaire.questions:
        out[q.spec.dimension].append(q.id)
    return out


def _answers_text(values: dict[str, str]) -> str:
    lines = [
        "questionnaire: ml-test-score",
        'questionnaire_version: "1.0.0"',
        "subject: Test team",
        "assessed_on: 2026-11-02",
        "answers:",
    ]
    lines += [f"  {qid}: {value}" for qid, value in values.items()]
    return "\n".join(lines) + "\n"


def _score(values: dict[str, str]) -> Result:
    return score(parse_answers(_answers_text(values), "t.yaml"))


def _fw(result: Result) -> FrameworkResult:
    (fw,) = [f for f in result.frameworks if f.id == FW]
    return fw


def _sections(fw: FrameworkResult) -> dict[str, float | None]:
    return {d.id: d.score for d in fw.dimensions}


def _uniform(ids_by_section, per_section: dict[str, list[str]]) -> dict[str, str]:
    """Answers from a list of 7 choice values per section, in question order."""
    values: dict[str, str] = {}
    for section, choices in per_section.items():
        assert len(choices) == 7
        values.update(zip(ids_by_section[section], choices, strict=True))
    return values


# ---------------------------------------------------------------- structure


def test_loads_with_identity_and_references(questionnaire):
    assert questionnaire.id == "ml-test-score"
    assert questionnaire.version == "1.0.0"
    refs = {r.id: r for r in questionnaire.spec.references}
    assert len(refs) == 2
    urls = " ".join(r.url for r in refs.values())
    assert "aad9f93b86b7addfea4c419b9100c6cdd26cacea" in urls
    notes = " ".join(r.note for r in refs.values())
    assert "NOT used" in notes


def test_exactly_28_questions_7_per_dimension(questionnaire, ids_by_section):
    assert [d.id for d in questionnaire.spec.dimensions] == list(SECTIONS)
    assert len(questionnaire.questions) == 28
    assert {s: len(ids) for s, ids in ids_by_section.items()} == dict.fromkeys(SECTIONS, 7)


def test_questions_are_numbered_scale_questions_with_2017_choices(questionnaire):
    prefixes = {
        "data": "data",
        "model": "model",
        "infrastructure": "infra",
        "monitoring": "monitor",
    }
    numbers: dict[str, list[int]] = {s: [] for s in SECTIONS}
    for q in questionnaire.questions:
        spec = q.spec
        assert spec.type == "scale"
        assert not spec.context
        assert spec.allow_unknown
        assert spec.title and spec.text and spec.help
        assert "Manual" in spec.help and "Automated" in spec.help, q.id
        m = re.fullmatch(r"([a-z]+)_([1-7])_[a-z0-9_]+", q.id)
        assert m, q.id
        assert m.group(1) == prefixes[spec.dimension]
        numbers[spec.dimension].append(int(m.group(2)))
        assert [(c.value, c.label, c.points) for c in q.choices] == [
            ("not_done", "Not done", 0.0),
            ("manual", "Done manually, results documented and shared", 0.5),
            ("automated", "Automated and run repeatedly", 1.0),
        ]
        assert q.max_points == 1.0
    assert numbers == {s: list(range(1, 8)) for s in SECTIONS}


def test_framework_is_min_of_points_with_table_v_bands(questionnaire):
    (fw,) = questionnaire.frameworks
    assert fw.id == FW
    assert fw.spec.style == "points"
    assert fw.spec.aggregate == "min"
    assert len(fw.questions) == 28
    assert [(lv.level, lv.above, lv.at_least) for lv in fw.levels] == [
        (0, None, None),
        (1, 0, None),
        (2, 1, None),
        (3, 2, None),
        (4, 3, None),
        (5, 5, None),
    ]
    assert all(lv.name and lv.meaning for lv in fw.levels)


def test_recommendations_are_complete(questionnaire):
    recs = questionnaire.spec.recommendations
    assert 8 <= len(recs) <= 14
    for r in recs:
        assert r.when, r.id
        assert 3 <= len(r.actions) <= 5, r.id
        assert r.sources and all(c.ref == "breck2017" for c in r.sources), r.id
    text = questionnaire.spec.description + " ".join(r.why for r in recs)
    assert "not tests that pass" in text


# ---------------------------------------------------------------- hand-worked scores


def test_all_manual_scores_3_5_strong(ids_by_section):
    values = {qid: "manual" for ids in ids_by_section.values() for qid in ids}
    fw = _fw(_score(values))
    # 7 tests x 0.5 = 3.5 in every section; min = 3.5, in (3, 5] -> level 4.
    assert _sections(fw) == dict.fromkeys(SECTIONS, 3.5)
    assert fw.score == 3.5
    assert fw.level == 4
    assert fw.level_name.lower().startswith("strong")


def test_one_section_not_done_rest_automated_scores_0(ids_by_section):
    values = {qid: "automated" for ids in ids_by_section.values() for qid in ids}
    values.update(dict.fromkeys(ids_by_section["monitoring"], "not_done"))
    fw = _fw(_score(values))
    assert _sections(fw) == {"data": 7.0, "model": 7.0, "infrastructure": 7.0, "monitoring": 0.0}
    assert fw.score == 0
    assert fw.level == 0
    dims = {d.id: d.level for d in fw.dimensions}
    assert dims == {"data": 5, "model": 5, "infrastructure": 5, "monitoring": 0}


def test_all_automated_scores_7_exceptional(ids_by_section):
    values = {qid: "automated" for ids in ids_by_section.values() for qid in ids}
    result = _score(values)
    fw = _fw(result)
    assert _sections(fw) == dict.fromkeys(SECTIONS, 7.0)
    assert fw.score == 7
    assert fw.level == 5
    assert fw.next_level is None
    # Nothing to fix in any section; only the "tests exist, not pass" caveat applies.
    assert [r.id for r in result.recommendations] == ["mts_check_tests_pass"]


def test_mixed_case_worked_by_hand(ids_by_section):
    a, m, n = "automated", "manual", "not_done"
    values = _uniform(
        ids_by_section,
        {
            # 1 + 1 + 0.5 + 0 + 0 + 0 + 0 = 2.5
            "data": [a, a, m, n, n, n, n],
            # 1 + 1 + 1 + 0.5 + 0.5 + 0 + 0 = 4
            "model": [a, a, a, m, m, n, n],
            # 0.5 + 0.5 + 0 + 0 + 0 + 0 + 0 = 1
            "infrastructure": [m, m, n, n, n, n, n],
            # 1 + 1 + 1 + 1 + 1 + 0.5 + 0.5 = 6
            "monitoring": [a, a, a, a, a, m, m],
        },
    )
    result = _score(values)
    fw = _fw(result)
    assert _sections(fw) == {"data": 2.5, "model": 4.0, "infrastructure": 1.0, "monitoring": 6.0}
    # min = 1, which is in (0, 1] -> level 1 (exactly 1 is not above 1).
    assert fw.score == 1
    assert fw.level == 1
    assert {d.id: d.level for d in fw.dimensions} == {
        "data": 3,
        "model": 4,
        "infrastructure": 1,
        "monitoring": 5,
    }
    applied = [r.id for r in result.recommendations]
    assert "mts_strengthen_infrastructure" in applied  # weakest section
    assert "mts_strengthen_monitoring" not in applied  # 6 is neither weakest nor below 2
    assert "mts_automate_manual" in applied
    assert "mts_check_tests_pass" not in applied


@pytest.mark.parametrize(
    ("half_points", "expected_score", "expected_level"),
    [
        (0, 0.0, 0),
        (1, 0.5, 1),
        (2, 1.0, 1),  # exactly 1 -> (0, 1]
        (3, 1.5, 2),
        (4, 2.0, 2),  # exactly 2 -> (1, 2]
        (5, 2.5, 3),
        (6, 3.0, 3),  # exactly 3 -> (2, 3]
        (7, 3.5, 4),
        (10, 5.0, 4),  # exactly 5 -> (3, 5]
        (11, 5.5, 5),
        (14, 7.0, 5),
    ],
)
def test_band_boundaries(ids_by_section, half_points, expected_score, expected_level):
    """Give every section the same score, built from automated and manual tests."""
    automated, manual = divmod(half_points, 2)
    choices = ["automated"] * automated + ["manual"] * manual
    choices += ["not_done"] * (7 - len(choices))
    values = _uniform(ids_by_section, dict.fromkeys(SECTIONS, choices))
    fw = _fw(_score(values))
    assert fw.score == expected_score
    assert fw.level == expected_level


def test_unknown_earns_zero(ids_by_section):
    values = {qid: "automated" for ids in ids_by_section.values() for qid in ids}
    data = ids_by_section["data"]
    values[data[0]] = "unknown"
    values[data[1]] = "unknown"
    result = _score(values)
    fw = _fw(result)
    # data: 5 automated + 2 unknown = 5, the minimum; exactly 5 -> level 4.
    assert _sections(fw) == {"data": 5.0, "model": 7.0, "infrastructure": 7.0, "monitoring": 7.0}
    assert fw.score == 5
    assert fw.level == 4
    assert result.completeness.unknown == 2
    applied = [r.id for r in result.recommendations]
    assert "mts_find_out_unknowns" in applied
    assert "mts_strengthen_data" in applied


def test_unknown_scores_like_not_done(ids_by_section):
    base = {qid: "manual" for ids in ids_by_section.values() for qid in ids}
    target = ids_by_section["model"][2]
    with_unknown = _fw(_score({**base, target: "unknown"}))
    with_not_done = _fw(_score({**base, target: "not_done"}))
    assert with_unknown.score == with_not_done.score == 3.0
    assert _sections(with_unknown) == _sections(with_not_done)


def test_unanswered_questions_earn_zero(ids_by_section):
    values = {
        qid: "automated" for s in ("data", "model", "infrastructure") for qid in ids_by_section[s]
    }
    fw = _fw(_score(values))
    assert _sections(fw)["monitoring"] == 0
    assert fw.score == 0
    assert fw.level == 0


def test_specific_not_done_tests_trigger_their_advice(ids_by_section):
    values = {qid: "automated" for ids in ids_by_section.values() for qid in ids}
    values["monitor_3_training_serving_skew"] = "not_done"
    values["data_1_schema"] = "not_done"
    result = _score(values)
    applied = [r.id for r in result.recommendations]
    assert "mts_training_serving_skew" in applied
    assert "mts_schema_and_invariants" in applied
    # The schema advice is a prerequisite of the skew advice and must come first.
    assert applied.index("mts_schema_and_invariants") < applied.index("mts_training_serving_skew")
    assert "mts_automate_manual" not in applied


# ---------------------------------------------------------------- example file


def _expected_from_header(text: str) -> tuple[float, int]:
    score_match = re.search(r"^#\s+final score ([0-9.]+)", text, re.MULTILINE)
    level_match = re.search(r"^#\s+level (\d+) ", text, re.MULTILINE)
    assert score_match and level_match, "example header must state the expected score and level"
    return float(score_match.group(1)), int(level_match.group(1))


def test_example_scores_as_its_header_says():
    text = EXAMPLE.read_text(encoding="utf-8")
    expected_score, expected_level = _expected_from_header(text)
    answers = parse_answers(text, str(EXAMPLE), base=EXAMPLE.parent)
    assert answers.subject
    assert answers.assessor
    assert answers.assessed_on == "2026-11-02"
    result = score(answers)
    assert not result.warnings
    fw = _fw(result)
    assert fw.score == expected_score == 3.0
    assert fw.level == expected_level == 3
    assert _sections(fw) == {"data": 3.5, "model": 3.0, "infrastructure": 3.5, "monitoring": 4.0}
    assert result.completeness.answered + result.completeness.unknown == 28
