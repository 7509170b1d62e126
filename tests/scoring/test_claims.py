"""Claims against evidence: confirmed, contradicted, self-reported; levels from evidence alone."""

from __future__ import annotations

from pathlib import Path

from evidence.helpers import questionnaire, write_tree

from maturity_cli.answers.loader import parse_answers
from maturity_cli.evidence.scan import scan_repository
from maturity_cli.scoring.claims import check_claims
from maturity_cli.scoring.engine import score

EVIDENCE = """
signals:
  - {id: tracking_dep, title: Tracking library declared, dependency: mlflow}
  - {id: ci_tests, text: {pattern: pytest, files: ".github/workflows/*.yml"}}
proposals:
  - {question: tracking, answer: yes, when: tracking_dep, confidence: medium}
  - {question: tracking, answer: no, when: not tracking_dep, confidence: low}
  - {question: tests, answer: automated, when: ci_tests, confidence: high}
"""


def _check(tmp_path: Path, answers: str, tree: dict[str, str | bytes]):  # type: ignore[no-untyped-def]
    q = questionnaire(EVIDENCE)
    repo = write_tree(tmp_path / "repo", tree)
    scan = scan_repository(repo, q, "repo")
    result = score(parse_answers(answers, "team.yaml", q))
    return result, check_claims(result, scan, q)


def test_an_answer_the_files_contradict_is_listed_with_both_sides(tmp_path: Path) -> None:
    result, check = _check(
        tmp_path,
        "questionnaire: q.yaml\nsubject: A\nanswers: {tracking: yes, tests: automated, people: 3}\n",
        {".github/workflows/ci.yml": "steps:\n  - run: pytest\n"},
    )
    by_question = {c.question: c for c in check.claims}
    tracking = by_question["tracking"]
    assert (tracking.support, tracking.answer, tracking.proposed, tracking.confidence) == (
        "contradicted",
        "Yes",
        "No",
        "low",
    )
    assert [e.text for e in tracking.evidence] == ["not found: Tracking library declared"]
    assert by_question["tests"].support == "confirmed"
    assert by_question["people"].support == "self_reported"
    assert [c.question for c in check.contradictions] == ["tracking"]
    assert result.framework("f").level == 2  # the answers' level is untouched
    assert [(lv.answers_level, lv.evidence_level) for lv in check.levels] == [(2, 0)]


def test_proposals_for_unanswered_questions_are_evidence_only(tmp_path: Path) -> None:
    _result, check = _check(
        tmp_path,
        "questionnaire: q.yaml\nsubject: A\nanswers: {tracking: unknown}\n",
        {"requirements.txt": "mlflow\n", ".github/workflows/ci.yml": "run: pytest\n"},
    )
    assert [(c.question, c.support) for c in check.claims] == [
        ("tracking", "evidence_only"),
        ("tests", "evidence_only"),
    ]
    assert [(lv.answers_level, lv.evidence_level) for lv in check.levels] == [(0, 2)]
