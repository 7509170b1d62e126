"""Generate realistic, seeded answers files for a questionnaire.

Every question is answered from its type (choices, min/max, integer), ``when``
conditions are respected (a question whose condition does not hold is left out),
and a few answers are "unknown", "not applicable" (where allowed) or carry a note.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from maturity_cli.questionnaire.loader import QuestionDef, Questionnaire
from maturity_cli.rules.types import Env


def _value(q: QuestionDef, rng: random.Random) -> Any:
    if q.type == "yes_no":
        return rng.random() < 0.55
    if q.type in ("single_choice", "scale"):
        return rng.choice(q.values)
    if q.type == "multiple_choice":
        return [v for v in q.values if rng.random() < 0.4]
    if q.type == "number":
        low = q.spec.min if q.spec.min is not None else 0.0
        high = q.spec.max if q.spec.max is not None else max(low, 0.0) + 100.0
        share = rng.random() ** 3  # most teams are small: skew towards the minimum
        if q.spec.integer:
            return int(low + share * (int(high) - int(low)))
        return round(low + share * (high - low), 2)
    return rng.choice(["Weekly review", "Owned by the platform team", "Ad hoc", "See wiki"])


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return json.dumps(value)  # a JSON string is a valid YAML double-quoted scalar


def answers_text(q: Questionnaire, ref: str, index: int, rng: random.Random) -> str:
    """One answers file as YAML text."""
    env = Env({}, {})
    lines = [
        f"questionnaire: {ref}",
        f'questionnaire_version: "{q.version}"',
        f'subject: "Team {index:05d}"',
        f'assessor: "Assessor {rng.randint(1, 40)}"',
        f"assessed_on: 2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "answers:",
    ]
    for question in q.questions:
        if question.when is not None and not question.when.holds(env):
            env.status[question.id] = "not_asked"
            continue
        roll = rng.random()
        if roll < 0.04 and question.spec.allow_unknown:
            env.status[question.id] = "unknown"
            lines.append(f"  {question.id}: unknown")
            continue
        if roll < 0.06 and question.spec.allow_na:
            env.status[question.id] = "not_applicable"
            lines.append(f"  {question.id}: not_applicable")
            continue
        value = _value(question, rng)
        env.status[question.id] = "answered"
        env.values[question.id] = frozenset(value) if isinstance(value, list) else value
        if roll > 0.92:
            lines.append(f"  {question.id}:")
            lines.append(f"    value: {_scalar(value)}")
            lines.append(f'    note: "Checked with the team on call, file {index}."')
        else:
            lines.append(f"  {question.id}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def generate(
    q: Questionnaire, ref: str, folder: Path, count: int, seed: int = 42, folders: int = 0
) -> list[Path]:
    """Write ``count`` answers files into ``folder`` (reused when already complete).

    With ``folders``, the files are spread over that many subfolders (``unit-00``,
    ``unit-01``, ...), which organisation reports show as groups.
    """
    marker = folder / ".complete"

    def place(i: int) -> Path:
        name = f"team-{i:05d}.yaml"
        return folder / f"unit-{i % folders:02d}" / name if folders else folder / name

    paths = [place(i) for i in range(count)]
    stamp = f"{count} {seed}" + (f" {folders}" if folders else "")
    if marker.exists() and marker.read_text() == stamp:
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.rglob("*.yaml"):
        old.unlink()
    rng = random.Random(seed)
    for i, path in enumerate(paths):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(answers_text(q, ref, i, rng), encoding="utf-8")
    marker.write_text(stamp)
    return paths
