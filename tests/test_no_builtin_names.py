"""The engine knows no particular questionnaire: their ids never appear in its code."""

from __future__ import annotations

import re
from pathlib import Path

from maturity_cli.load.catalog import builtin_questionnaires
from maturity_cli.questionnaire.loader import load_questionnaire

PACKAGE = Path(__file__).resolve().parent.parent / "maturity_cli"


def test_no_questionnaire_framework_or_question_id_is_named_in_python() -> None:
    names: set[str] = set()
    for path in builtin_questionnaires().values():
        q = load_questionnaire(path)
        names.add(q.id)
        names.update(fw.id for fw in q.frameworks)
        names.update(question.id for question in q.questions if "_" in question.id)
        names.update(r.id for r in q.recommendations)
    assert len(names) > 50
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 30, "the guard must read every module of every subpackage"
    source = "\n".join(p.read_text(encoding="utf-8") for p in modules)
    found = sorted(n for n in names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", source))
    assert not found, f"built-in names in the engine: {found}"
