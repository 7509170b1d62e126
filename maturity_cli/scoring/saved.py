"""Results for the gate and diff: scored from answers files, or read from saved JSON.

A saved result (``maturity score -f json``) is untrusted like any other input:
someone may have edited ``"level": 99`` into it. So it is checked against its
questionnaire (the one given, or the built-in one it names): every framework
must exist there, and every level must be one of that framework's levels.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from maturity_cli.answers.loader import parse_answers
from maturity_cli.errors import InvalidFile, MaturityError, Problem
from maturity_cli.load.reader import Locator, parse_document
from maturity_cli.questionnaire.loader import Questionnaire, load_questionnaire
from maturity_cli.scoring.engine import score
from maturity_cli.scoring.result import FrameworkResult, Result, result_from_json


def results_from_text(
    text: str, name: str, base: Path, questionnaire: str | None = None
) -> list[Result]:
    """The results in a JSON result file (one or a list), or the score of an answers file."""
    if name.endswith(".json"):
        data = parse_document(text, name)
        items = data if isinstance(data, list) else [data]
        if items and all(isinstance(d, dict) and "schema_version" in d for d in items):
            return _saved_results(items, text, name, data is items, questionnaire)
    return [score(parse_answers(text, name, None, questionnaire, base=base))]


def check_saved(result: Result, text: str, name: str, questionnaire: str | None) -> None:
    """Refuse one saved result whose frameworks or levels its questionnaire does not have."""
    problems = _check_against_questionnaire(result, Locator(text, name), [], questionnaire)
    if problems:
        raise InvalidFile(problems)


def _saved_results(
    items: list[Any], text: str, name: str, is_list: bool, questionnaire: str | None
) -> list[Result]:
    try:
        results = [result_from_json(d) for d in items]
    except msgspec.ValidationError as exc:
        raise InvalidFile(Problem(f"not a valid maturity result: {exc}", file=name)) from None
    locator = Locator(text, name)
    problems: list[Problem] = []
    for i, result in enumerate(results):
        where: list[str | int] = [i] if is_list else []
        problems += _check_against_questionnaire(result, locator, where, questionnaire)
    if problems:
        raise InvalidFile(problems)
    return results


def _check_against_questionnaire(
    result: Result, locator: Locator, where: list[str | int], ref: str | None
) -> list[Problem]:
    try:
        q = load_questionnaire(ref or result.questionnaire.id)
    except MaturityError:
        # Not a built-in and no -q: the result can only be checked against itself.
        return _check_own_levels(result, locator, where)
    return _check_levels(result, q, locator, where)


def _check_own_levels(result: Result, locator: Locator, where: list[str | int]) -> list[Problem]:
    problems = []
    for i, fw in enumerate(result.frameworks):
        levels = sorted({lv.level for lv in fw.levels} | {fw.min_level, fw.max_level})
        problems += _bad_levels(
            fw,
            range(fw.min_level, fw.max_level + 1).__contains__,
            f"is outside {fw.id!r} ({levels[0]} to {levels[-1]})",
            locator,
            [*where, "frameworks", i],
        )
    return problems


def _check_levels(
    result: Result, q: Questionnaire, locator: Locator, where: list[str | int]
) -> list[Problem]:
    problems = []
    frameworks = {fw.id: fw for fw in q.frameworks}
    for i, fw in enumerate(result.frameworks):
        at = [*where, "frameworks", i]
        known = frameworks.get(fw.id)
        if known is None:
            problems.append(
                locator.problem(
                    f"framework {fw.id!r} is not in questionnaire {q.id!r}",
                    [*at, "id"],
                    hint=f"known: {', '.join(frameworks)}",
                )
            )
            continue
        levels = sorted(lv.level for lv in known.levels)
        problems += _bad_levels(
            fw,
            levels.__contains__,
            f"is not a level of {fw.id!r} ({levels[0]} to {levels[-1]})",
            locator,
            at,
        )
    return problems


def _bad_levels(
    fw: FrameworkResult,
    allowed: Callable[[int], bool],
    what: str,
    locator: Locator,
    at: list[str | int],
) -> list[Problem]:
    """A problem for the framework's level and each dimension's level that is not allowed."""
    found: list[tuple[list[str | int], int | None]] = [([*at, "level"], fw.level)]
    found += [([*at, "dimensions", j, "level"], d.level) for j, d in enumerate(fw.dimensions)]
    return [
        locator.problem(
            f"level {level} {what}",
            path,
            hint="a saved result must come from `maturity score -f json` unedited",
        )
        for path, level in found
        if level is not None and not allowed(level)
    ]
