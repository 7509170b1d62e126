"""Generated teams score to the same bytes through the fast paths and the full loader."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from maturity_cli.load import reader
from maturity_cli.load.plainyaml import NOT_PLAIN
from maturity_cli.questionnaire import loader
from maturity_cli.questionnaire.loader import QuestionDef, load_questionnaire
from maturity_cli.rules import compiler
from maturity_cli.scoring import recommend
from maturity_cli.scoring.batch import encode_files


def _scalar(value: Any, rng: random.Random) -> str:
    if isinstance(value, bool):
        return rng.choice(["yes", "true", "Yes", "on"] if value else ["no", "false", "No", "off"])
    if isinstance(value, str):
        return rng.choice([value, json.dumps(value), f"'{value}'"])
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v, rng) for v in value) + "]"
    return repr(value)


def _value(q: QuestionDef, rng: random.Random) -> Any:
    if q.type == "yes_no":
        return rng.random() < 0.5
    if q.type in ("single_choice", "scale"):
        return rng.choice(q.values)
    if q.type == "multiple_choice":
        return [v for v in q.values if rng.random() < 0.4]
    if q.type == "number":
        low = q.spec.min if q.spec.min is not None else 0.0
        high = q.spec.max if q.spec.max is not None else low + 1000.0
        number = low + rng.random() ** 3 * (high - low)
        return int(number) if q.spec.integer else round(number, 2)
    return rng.choice(["Weekly review", "Owned by the platform team", "Ad hoc"])


def _team(index: int, rng: random.Random, questionnaire: str = "mlops") -> str:
    q = load_questionnaire(questionnaire)
    lines = ["# generated", f"questionnaire: {questionnaire}", f"subject: Team {index}  # name"]
    lines += [f"assessed_on: 2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", "answers:"]
    for question in q.questions:
        roll = rng.random()
        if roll < 0.05:
            continue
        if roll < 0.1:
            lines.append(f"  {question.id}: {rng.choice(['unknown', 'dk', 'not_applicable'])}")
            continue
        text = _scalar(_value(question, rng), rng)
        if roll > 0.9:
            lines += [f"  {question.id}:", f"    value: {text}", f'    note: "Seen {index}"']
        else:
            lines.append(f"  {question.id}: {text}")
    return "\n".join(lines) + "\n"


def test_generated_teams_score_the_same_without_the_fast_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(7)
    paths = []
    for i in range(300):
        path = tmp_path / f"team-{i:03d}.yaml"
        path.write_text(_team(i, rng), encoding="utf-8")
        paths.append(path)
    fast = [(e.json, e.error) for e in encode_files(paths, workers=1)]
    assert sum(e is None for _, e in fast) > 100  # most teams are valid
    monkeypatch.setattr(reader, "load_plain", lambda _text: NOT_PLAIN)
    full = [(e.json, e.error) for e in encode_files(paths, workers=1)]
    assert [j for j, _ in fast] == [j for j, _ in full]
    assert [e and [p.render() for p in e.problems] for _, e in fast] == [
        e and [p.render() for p in e.problems] for _, e in full
    ]


@pytest.mark.parametrize("questionnaire", ["mlops", "genaiops", "ml-test-score"])
def test_generated_teams_score_the_same_without_the_rule_shortcuts(
    questionnaire: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rules compiled to direct lookups, and reasons remembered per recommendation,
    give the bytes the plain closures and a fresh explanation give."""
    rng = random.Random(11)
    paths = []
    for i in range(150):
        path = tmp_path / f"team-{i:03d}.yaml"
        path.write_text(_team(i, rng, questionnaire), encoding="utf-8")
        paths.append(path)
    fast = [(e.json, e.error and e.error.problems) for e in encode_files(paths, workers=1)]
    assert sum(e is None for _, e in fast) > 50
    assert recommend._answer_only_rules(load_questionnaire(questionnaire))

    monkeypatch.setattr(loader, "_CACHE", {})  # compile the questionnaire again, without them
    monkeypatch.setattr(loader, "_BY_ID", {})
    for shortcut in ("_fast", "_against_constant", "_in_items", "_not_answer"):
        monkeypatch.setattr(compiler, shortcut, lambda *_args: None)
    monkeypatch.setattr(recommend, "_answer_only_rules", lambda _q: {})
    plain = [(e.json, e.error and e.error.problems) for e in encode_files(paths, workers=1)]
    assert fast == plain
