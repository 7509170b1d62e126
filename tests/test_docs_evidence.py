"""docs/evidence.md lists every built-in signal, so the documentation cannot drift."""

from __future__ import annotations

from pathlib import Path

from maturity_cli.load.catalog import builtin_questionnaires
from maturity_cli.questionnaire.loader import load_questionnaire

DOC = Path(__file__).resolve().parent.parent / "docs" / "evidence.md"


def test_every_builtin_signal_and_proposed_question_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = []
    for path in builtin_questionnaires().values():
        q = load_questionnaire(path)
        if q.evidence is None:
            continue
        missing += [s.id for s in q.evidence.signals if f"`{s.id}`: {s.title}" not in text]
        missing += [p.question for p in q.evidence.proposals if f"`{p.question}`" not in text]
    assert not missing, f"not in docs/evidence.md: {sorted(set(missing))}"
