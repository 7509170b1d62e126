"""Load a questionnaire (a built-in id or a file), check it and compile its rules once.

The checked, compiled form is defined in :mod:`maturity_cli.questionnaire.definitions` and
re-exported here; the checks live in :mod:`maturity_cli.questionnaire.checker`.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import msgspec

from maturity_cli.errors import InvalidFile, Problem
from maturity_cli.load.catalog import builtin_questionnaires, looks_like_path
from maturity_cli.load.convert import convert
from maturity_cli.load.kinds import detect_kind
from maturity_cli.load.reader import Locator, parse_document, read_text
from maturity_cli.questionnaire import cache, structure
from maturity_cli.questionnaire import spec as model
from maturity_cli.questionnaire.checker import QuestionnaireChecker
from maturity_cli.questionnaire.definitions import (
    CHOICE_TYPES,
    IMPACT,
    RESERVED_VALUES,
    Choice,
    CriterionDef,
    FrameworkDef,
    QuestionDef,
    Questionnaire,
    RecommendationDef,
)

__all__ = [
    "CHOICE_TYPES",
    "IMPACT",
    "RESERVED_VALUES",
    "Choice",
    "CriterionDef",
    "FrameworkDef",
    "QuestionDef",
    "Questionnaire",
    "RecommendationDef",
    "convert",
    "default_questionnaire",
    "load_questionnaire",
    "parse_questionnaire",
    "resolve_questionnaire",
]


def resolve_questionnaire(ref: str, base: Path | None = None) -> Path:
    """Turn a built-in id or a path (relative to ``base``) into a file path."""
    if looks_like_path(ref):
        path = Path(ref)
        if not path.is_absolute() and base is not None:
            path = base / path
        return path
    builtins = builtin_questionnaires()
    if ref in builtins:
        return builtins[ref]
    match = difflib.get_close_matches(ref, list(builtins), n=1)
    hint = f"did you mean {match[0]!r}?" if match else None
    raise InvalidFile(
        Problem(
            f"no built-in questionnaire {ref!r}",
            hint=hint or f"built-in: {', '.join(builtins) or 'none'}; or give a path to a file",
        )
    )


def default_questionnaire() -> str:
    """The built-in questionnaire marked ``default: true`` (else the first by id)."""
    builtins = builtin_questionnaires()
    if not builtins:
        raise InvalidFile(Problem("no built-in questionnaires are installed", hint="use -q PATH"))
    for ref, path in builtins.items():
        if load_questionnaire(path).spec.default:
            return ref
    return next(iter(builtins))


_CACHE: dict[Path, Questionnaire] = {}
_BY_ID: dict[str, Questionnaire] = {}


def load_questionnaire(ref: str | Path, base: Path | None = None) -> Questionnaire:
    """Load a questionnaire by built-in id or path; each file is compiled once per process."""
    builtin = isinstance(ref, str) and not looks_like_path(ref)
    if builtin and ref in _BY_ID:  # batch scoring asks once per file: skip resolving paths
        return _BY_ID[str(ref)]
    path = ref if isinstance(ref, Path) else resolve_questionnaire(ref, base)
    key = path.resolve()
    cached = _CACHE.get(key)
    if cached is None:
        cached = parse_questionnaire(read_text(path), str(path), path)
        _CACHE[key] = cached
    if builtin:
        _BY_ID[str(ref)] = cached
    return cached


def parse_questionnaire(text: str, filename: str, path: Path | None = None) -> Questionnaire:
    """Validate questionnaire text and compile it."""

    locator = Locator(text, filename)
    spec = cache.load(text)
    if spec is not None:  # this very text passed every check when the entry was written
        return QuestionnaireChecker(spec, locator, path, patterns_checked=True).build()
    data = _with_defaults(_trim(parse_document(text, filename)))
    try:
        spec = convert(data, model.QuestionnaireFile, locator, "questionnaire")
    except InvalidFile as exc:
        _report_everything(data, locator, path, exc)
        raise  # pragma: no cover - _report_everything always raises
    compiled = QuestionnaireChecker(spec, locator, path).build()
    cache.store(text, spec)
    return compiled


def _report_everything(data: Any, locator: Locator, path: Path | None, first: InvalidFile) -> None:
    """Raise with every structural problem, plus the reference and rule problems of the
    parts that are well formed (leaving out those about items that were dropped)."""
    if not isinstance(data, dict) or detect_kind(data) not in (None, "questionnaire"):
        raise first
    found = structure.collect(data, model.QuestionnaireFile, locator)
    if not found.problems:
        raise first
    problems = list(found.problems)
    try:
        spec = msgspec.convert(found.data, model.QuestionnaireFile, strict=True)
    except (msgspec.ValidationError, TypeError):
        spec = None
    if spec is not None:
        try:
            QuestionnaireChecker(spec, locator, path).build()
        except InvalidFile as exc:
            problems.extend(p for p in exc.problems if not found.follows_on(p))
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    raise InvalidFile(problems)


def _with_defaults(data: Any) -> Any:
    """Apply the file-wide ``defaults:`` to every question that does not set the option."""
    if not isinstance(data, dict):
        return data
    defaults = data.get("defaults")
    questions = data.get("questions")
    if not isinstance(defaults, dict) or not isinstance(questions, list):
        return data
    given = {k: v for k, v in defaults.items() if k in _DEFAULTABLE and isinstance(v, bool)}
    data["questions"] = [{**given, **q} if isinstance(q, dict) else q for q in questions]
    return data


_DEFAULTABLE = ("allow_unknown", "allow_na")


def _trim(value: Any) -> Any:
    """Drop the trailing newline that YAML block scalars (``>`` and ``|``) leave on text."""
    if isinstance(value, str):
        return value.rstrip("\n")
    if isinstance(value, list):
        return [_trim(v) for v in value]
    if isinstance(value, dict):
        return {k: _trim(v) for k, v in value.items()}
    return value
