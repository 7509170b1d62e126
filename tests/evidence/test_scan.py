"""Proposals: rules combine signals; the strongest holding proposal answers a question."""

from __future__ import annotations

from pathlib import Path

from evidence.helpers import questionnaire, write_tree

from maturity_cli.evidence.scan import scan_repository

EVIDENCE = """
signals:
  - {id: tracking_dep, dependency: [mlflow, wandb]}
  - {id: tracking_calls, text: {pattern: 'mlflow\\.log_', files: "*.py"}}
  - {id: ci_pytest, text: {pattern: '\\bpytest\\b', files: ".github/workflows/*.yml"}}
  - {id: ci_disabled, text: {pattern: '^\\s*if:\\s*false', files: ".github/workflows/*.yml"}}
  - {id: test_files, count: "test_*.py"}
proposals:
  - {question: tracking, answer: yes, when: tracking_dep, confidence: medium}
  - {question: tracking, answer: yes, when: tracking_calls, confidence: high}
  - {question: tracking, answer: no, when: not tracking_dep and not tracking_calls, confidence: low}
  - {question: tests, answer: automated, when: ci_pytest and not ci_disabled and test_files >= 1,
     confidence: high}
  - {question: tests, answer: manual, when: test_files >= 1, confidence: low}
"""


def test_the_strongest_holding_proposal_wins_with_its_evidence(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "requirements.txt": "mlflow\n",
            "train.py": "import mlflow\nmlflow.log_metric('auc', 0.9)\n",
            "tests/test_train.py": "",
            ".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - run: pytest\n",
        },
    )
    result = scan_repository(tmp_path, questionnaire(EVIDENCE), "repo")
    tracking = result.proposal("tracking")
    assert tracking is not None
    assert (tracking.answer, tracking.confidence, tracking.rule) == (True, "high", "tracking_calls")
    assert [(e.path, e.line, e.text) for e in tracking.evidence] == [
        ("train.py", 2, "mlflow.log_metric('auc', 0.9)")
    ]
    tests = result.proposal("tests")
    assert tests is not None and (tests.answer, tests.confidence) == ("automated", "high")
    assert [e.signal for e in tests.evidence] == ["ci_pytest", "ci_disabled", "test_files"]
    assert tests.evidence[1].found is False
    assert tests.evidence[2].text == "test_files = 1 (e.g. tests/test_train.py)"
    assert [(u.question, u.reason) for u in result.undetermined] == [
        ("people", "no signal in the files tells")
    ]


def test_a_disabled_workflow_is_weaker_evidence(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "test_a.py": "",
            ".github/workflows/ci.yml": "jobs:\n  t:\n    if: false\n    steps:\n      - run: pytest\n",
        },
    )
    result = scan_repository(tmp_path, questionnaire(EVIDENCE))
    tests = result.proposal("tests")
    assert tests is not None and (tests.answer, tests.confidence) == ("manual", "low")
    tracking = result.proposal("tracking")
    assert tracking is not None and (tracking.answer, tracking.confidence) == (False, "low")


def test_a_dependency_only_in_a_notebook_cell_counts(tmp_path: Path) -> None:
    write_tree(tmp_path, {"explore.ipynb": '{"cells": [{"source": ["!pip install wandb"]}]}\n'})
    tracking = scan_repository(tmp_path, questionnaire(EVIDENCE)).proposal("tracking")
    assert tracking is not None and tracking.answer is True
    assert [(e.path, e.line) for e in tracking.evidence] == [("explore.ipynb", 1)]


def test_evidence_only_in_template_folders_drops_to_low_confidence(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "{{cookiecutter.project}}/train.py": "mlflow.log_param('a', 1)\n",
            "examples/requirements.txt": "mlflow\n",
        },
    )
    tracking = scan_repository(tmp_path, questionnaire(EVIDENCE)).proposal("tracking")
    assert tracking is not None
    assert (tracking.answer, tracking.confidence) == (True, "low")
    assert "example, template or vendored" in tracking.note
    assert all(e.weak for e in tracking.evidence)


def test_a_questionnaire_without_evidence_tells_nothing(tmp_path: Path) -> None:
    q = questionnaire("signals:\n  - {id: x, file: nothing.here}\n")
    result = scan_repository(tmp_path, q)
    assert result.proposals == []
    assert len(result.undetermined) == 3
