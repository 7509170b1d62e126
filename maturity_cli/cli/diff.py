"""``maturity diff``: what changed between two assessments, or two sets of them."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from maturity_cli.cli.check import load_results, results_of
from maturity_cli.cli.common import EXIT_BAD_INPUT, QuestionnaireOpt, command
from maturity_cli.cli.formats import DiffFormat, unhandled
from maturity_cli.errors import Problem, UsageError

if TYPE_CHECKING:
    from maturity_cli.scoring.result import Result


def diff_cmd(
    old: Annotated[
        Path, typer.Argument(help="Earlier answers file, JSON result(s), JSON Lines or folder.")
    ],
    new: Annotated[
        Path, typer.Argument(help="Later answers file, JSON result(s), JSON Lines or folder.")
    ],
    questionnaire: QuestionnaireOpt = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DiffFormat.table
    ),
) -> None:
    """Two folders (or files of many results) are compared team by team, matched by
    questionnaire and subject.
    """
    if _many(old) or _many(new):
        _diff_many(old, new, questionnaire, fmt)
        return
    from maturity_cli.ci.diff import diff_results, render_markdown
    from maturity_cli.cli.check_output import diff_table, fit_json, show, write
    from maturity_cli.scoring.result import to_json

    pair = [_one_result(path, questionnaire) for path in (old, new)]
    if pair[0].questionnaire.id != pair[1].questionnaire.id:
        raise UsageError(
            Problem(
                f"cannot compare questionnaire {pair[0].questionnaire.id!r} with "
                f"{pair[1].questionnaire.id!r}",
                hint="diff compares two assessments made with the same questionnaire",
            )
        )
    report = diff_results(pair[0], pair[1])
    match fmt:
        case DiffFormat.table:
            show(diff_table(report))
        case DiffFormat.md:
            write(render_markdown(report))
        case DiffFormat.json:
            write(fit_json(to_json(report), sys.stdout))
        case _:
            unhandled(fmt)


def _many(path: Path) -> bool:
    """Whether ``path`` stands for many assessments: a folder, JSON Lines or a JSON list."""
    if path.is_dir() or path.suffix == ".jsonl":
        return True
    if path.suffix != ".json":
        return False
    from maturity_cli.ci.records import first_byte

    return first_byte(path) == b"["


def _diff_many(old: Path, new: Path, questionnaire: str | None, fmt: DiffFormat) -> None:
    from maturity_cli.ci.diff_many import diff_many, render_many_markdown
    from maturity_cli.cli.check_output import diff_many_table, fit_json, show, write
    from maturity_cli.scoring.result import to_json

    # A file that cannot be read never stops the others: it is reported after the
    # comparison of everything that could be read, and the command exits 2.
    errors: list[Problem] = []
    report = diff_many(_all(old, questionnaire, errors), _all(new, questionnaire, errors))
    match fmt:
        case DiffFormat.table:
            show(diff_many_table(report))
        case DiffFormat.md:
            write(render_many_markdown(report))
        case DiffFormat.json:
            write(fit_json(to_json(report), sys.stdout))
        case _:
            unhandled(fmt)
    if errors:
        import maturity_cli.cli.console as console

        for problem in errors:
            console.error(problem.render())
        console.error(f"{len(errors)} file(s) could not be compared")
        raise typer.Exit(EXIT_BAD_INPUT)


def _all(path: Path, questionnaire: str | None, errors: list[Problem]) -> Iterator[Result]:
    """Every result under ``path`` (a folder's answers files scored in parallel).

    Files that cannot be read are added to ``errors`` and left out.
    """
    from maturity_cli.load.discover import expand_inputs

    files, problems, _ = expand_inputs([str(path)])
    if problems:
        raise UsageError(problems)
    count = 0
    before = len(errors)
    for result in results_of(files, questionnaire, errors):
        count += 1
        yield result
    if not count and len(errors) == before:
        raise UsageError(Problem("holds no results: nothing to compare", file=str(path)))


def _one_result(path: Path, questionnaire: str | None) -> Result:
    found = list(load_results(path, questionnaire))
    if len(found) != 1:
        raise UsageError(
            Problem(
                f"holds {len(found)} results; diff compares exactly one with one", file=str(path)
            )
        )
    return found[0]


def register(app: typer.Typer) -> None:
    """Add ``diff`` to the command-line app."""
    app.command("diff")(command(diff_cmd))
