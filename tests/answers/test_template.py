"""``maturity init`` writes an answers file that always loads, whatever the questionnaire says."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from maturity_cli.answers.loader import parse_answers
from maturity_cli.answers.template import answers_template
from maturity_cli.errors import InvalidFile
from maturity_cli.questionnaire.loader import parse_questionnaire

TEXT = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=("Cs",)),
    min_size=1,
    max_size=30,
) | st.sampled_from(["a\nb: c", "# not a comment", "'\"", "\x85\u2028\u2029", "[/]", "- x"])
WHEN = st.sampled_from(["tracking", "tracking\n", "not\n  tracking", "tracking  # x"])


def questionnaire(title: str, text: str, value: str, when: str, unit: str) -> dict[str, Any]:
    return {
        "id": "q",
        "version": text,
        "title": title,
        "dimensions": [{"id": "d", "title": title}],
        "questions": [
            {"id": "tracking", "text": text, "help": title, "type": "yes_no", "dimension": "d"},
            {
                "id": "how",
                "text": text,
                "type": "single_choice",
                "dimension": "d",
                "when": when,
                "choices": [{"value": value, "label": text}, {"value": "other"}],
            },
            {"id": "n", "text": title, "type": "number", "unit": unit, "context": True},
        ],
        "frameworks": [
            {"id": "f", "title": title, "style": "gated", "levels": [{"level": 0, "name": text}]}
        ],
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXT, text=TEXT, value=TEXT, when=WHEN, unit=TEXT, subject=TEXT)
@example(title="T\nx", text="a\n#b", value="#", when="tracking\n", unit="\x85", subject="s\nt")
def test_the_blank_answers_file_always_loads(
    title: str, text: str, value: str, when: str, unit: str, subject: str
) -> None:
    source = yaml.safe_dump(questionnaire(title, text, value, when, unit), allow_unicode=True)
    try:
        q = parse_questionnaire(source, "q.yaml")
    except InvalidFile:
        assume(False)  # e.g. a choice value the questionnaire itself refuses
        return
    blank = answers_template(
        q,
        questionnaire_ref="q.yaml",
        subject=subject,
        assessor=text,
        assessed_on=dt.date(2026, 1, 2),
    )
    answers = parse_answers(blank, "answers.yaml", q)
    assert answers.subject == subject
    assert answers.assessor == text
    assert answers.assessed_on == "2026-01-02"
    assert all(given.value is None for given in answers.answers.values())
