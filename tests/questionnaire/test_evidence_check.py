"""The ``evidence:`` section of a questionnaire is checked like the rest: located errors."""

from __future__ import annotations

import pytest
from evidence.helpers import questionnaire, questionnaire_text

from maturity_cli.errors import InvalidFile


def _problems(evidence: str) -> list[str]:
    with pytest.raises(InvalidFile) as info:
        questionnaire(evidence)
    return [p.render() for p in info.value.problems]


def _line_of(evidence: str, needle: str) -> int:
    lines = questionnaire_text(evidence).splitlines()
    return next(i + 1 for i, line in enumerate(lines) if needle in line)


def test_a_valid_section_compiles_signals_and_proposals() -> None:
    q = questionnaire(
        """
        signals:
          - {id: mlflow, dependency: mlflow}
          - {id: notebooks, count: "*.ipynb"}
          - {id: modules, count: "*.py"}
          - {id: share, ratio: [notebooks, modules]}
        proposals:
          - {question: tracking, answer: yes, when: mlflow and share < 0.5, confidence: high}
          - {question: tests, answer: none, when: modules == 0}
        """
    )
    assert q.evidence is not None
    assert [(s.id, s.kind, s.numeric) for s in q.evidence.signals] == [
        ("mlflow", "dependency", False),
        ("notebooks", "count", True),
        ("modules", "count", True),
        ("share", "ratio", True),
    ]
    assert [p.value for p in q.evidence.proposals] == [True, "none"]
    assert q.evidence.proposals[1].spec.confidence == "medium"


def test_unknown_signal_in_a_rule_is_located_with_a_suggestion() -> None:
    evidence = """
        signals:
          - {id: mlflow_dep, dependency: mlflow}
        proposals:
          - {question: tracking, answer: yes, when: mlflow_deps}
        """
    [problem] = _problems(evidence)
    assert f"q.yaml:{_line_of(evidence, 'mlflow_deps')}:" in problem
    assert "unknown signal 'mlflow_deps'" in problem
    assert "did you mean 'mlflow_dep'" in problem


def test_a_count_used_as_a_condition_is_a_type_error() -> None:
    [problem] = _problems(
        """
        signals:
          - {id: notebooks, count: "*.ipynb"}
        proposals:
          - {question: tracking, answer: no, when: notebooks}
        """
    )
    assert "a number" in problem and "notebooks >= 1" in problem


def test_every_mistake_is_reported_at_once_with_its_line() -> None:
    evidence = """
        signals:
          - {id: a, dependency: mlflow, file: dvc.yaml}
          - {id: b}
          - {id: c, text: {pattern: "log_(", files: "*.py"}}
          - {id: d, file: "/etc/passwd"}
          - {id: e, file: "../other/*.py"}
          - {id: f, ratio: [nothing, a]}
          - {id: a, file: x}
        proposals:
          - {question: trackin, answer: yes, when: a}
          - {question: tracking, answer: "maybe", when: a}
          - {question: tests, answer: always, when: a}
          - {question: people, answer: -1, when: a}
        """
    problems = _problems(evidence)
    text = "\n".join(problems)
    assert "this one has file and dependency" in text
    assert "a signal needs exactly one of" in text
    assert "invalid pattern: missing ), unterminated subpattern" in text
    assert "relative to the scanned folder" in text
    assert "cannot leave the scanned folder" in text
    assert "unknown count or ratio signal defined earlier 'nothing'" in text
    assert "unknown count or ratio signal defined earlier 'a'" in text
    assert "duplicate signal id 'a'" in text
    assert "unknown question 'trackin'" in text and "did you mean 'tracking'" in text
    assert "a yes/no question takes yes or no" in text
    assert "expected one of: none, manual, automated" in text
    assert "outside the question's min/max" in text
    assert len(problems) == 12  # no knock-on errors from the broken signals
    assert f"q.yaml:{_line_of(evidence, 'log_(')}:" in text


def test_an_unknown_key_in_a_signal_is_located() -> None:
    evidence = """
        signals:
          - {id: a, files: dvc.yaml}
        """
    [problem] = _problems(evidence)
    assert "unknown key 'files'" in problem
    assert f"q.yaml:{_line_of(evidence, 'files: dvc')}:" in problem
