"""Find answers files (paths, folders, globs) and score them one by one, streaming."""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from maturity_cli.errors import InvalidFile, MaturityError, Problem
from maturity_cli.result import Result

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class Scored:
    """The outcome of scoring one file: a result, or the error that stopped it."""

    path: Path
    result: Result | None = None
    error: MaturityError | None = None


def expand_inputs(inputs: Iterable[str]) -> tuple[list[Path], list[Problem], bool]:
    """Expand paths, folders (recursively) and glob patterns into files.

    Returns the files (each once, in a stable order), a problem for every input
    that matched nothing, and whether any input was a folder or pattern.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    many = False
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            many = True
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in ANSWER_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                problems.append(Problem("folder holds no .yaml, .yml or .json files", file=raw))
            files.extend(found)
        elif not path.exists() and _GLOB_CHARS & set(raw):
            many = True
            found = sorted(
                Path(p)
                for p in glob.glob(raw, recursive=True)  # noqa: PTH207 - patterns may be absolute
                if Path(p).is_file()
            )
            if not found:
                problems.append(Problem("pattern matched no files", file=raw))
            files.extend(found)
        else:
            files.append(path)
    unique = list(dict.fromkeys(files))
    return unique, problems, many or len(unique) > 1


def score_file(path: Path, questionnaire_ref: str | None = None) -> Result:
    """Load, check and score one answers file."""
    from maturity_cli.answers import load_answers
    from maturity_cli.scoring import score

    return score(load_answers(path, questionnaire_ref=questionnaire_ref))


def score_files(paths: Iterable[Path], questionnaire_ref: str | None = None) -> Iterator[Scored]:
    """Score files one at a time; a bad file yields its error and the rest go on."""
    for path in paths:
        try:
            yield Scored(path, result=score_file(path, questionnaire_ref))
        except MaturityError as exc:
            yield Scored(path, error=exc)
        except RecursionError:
            yield Scored(
                path, error=InvalidFile(Problem("file is nested too deeply", file=str(path)))
            )
