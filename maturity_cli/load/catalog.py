"""Where the built-in questionnaires and report templates live.

In an installed wheel they sit in ``maturity_cli/_data``; in a source checkout
they are the top-level ``questionnaires/`` and ``report_templates/`` folders.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # maturity_cli/
QUESTIONNAIRE_SUFFIXES = (".yaml", ".yml", ".json")


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def questionnaires_dir() -> Path:
    """The folder of built-in questionnaires."""
    return _data_dir("questionnaires")


def templates_dir() -> Path:
    """The folder of built-in report templates."""
    return _data_dir("report_templates")


@cache
def builtin_questionnaires() -> dict[str, Path]:
    """Built-in questionnaire ids (file stems) mapped to their files, sorted by id."""
    folder = questionnaires_dir()
    if not folder.is_dir():
        return {}
    found = {
        p.stem: p
        for p in folder.iterdir()
        if p.suffix in QUESTIONNAIRE_SUFFIXES and p.is_file() and not p.name.startswith(".")
    }
    return dict(sorted(found.items()))


def looks_like_path(ref: str) -> bool:
    """Whether a questionnaire reference is a file path rather than a built-in id."""
    return "/" in ref or "\\" in ref or ref.endswith(QUESTIONNAIRE_SUFFIXES)
