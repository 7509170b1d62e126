"""``maturity score``: levels per framework and dimension for one file or a large batch."""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

import typer

from maturity_cli.cli.common import (
    EXIT_BAD_INPUT,
    QuestionnaireOpt,
    checked_output,
    command,
    write_output,
)
from maturity_cli.cli.formats import ScoreFormat, unhandled
from maturity_cli.cli.scan import EvidenceOpt, score_with_evidence

#: Writes the scores of ``files`` (questionnaire, output, many, compact); returns the failures.
Writer = Callable[[Sequence[Path], "str | None", "Path | None", bool, bool], int]


def register(app: typer.Typer) -> None:
    """Add the ``score`` command to the application."""
    app.command("score")(command(score))


def score(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Answers files, folders or glob patterns.", show_default=False),
    ],
    questionnaire: QuestionnaireOpt = None,
    fmt: Annotated[
        ScoreFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ScoreFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    compact: Annotated[
        bool,
        typer.Option(
            "--compact",
            help="With json/jsonl: refer to questions, criteria and advice by id "
            "(their text: maturity questions ID --format json --full).",
        ),
    ] = False,
    evidence: EvidenceOpt = None,
) -> None:
    """Score answers files: levels per framework and dimension, and what to do next.

    Large batches stream: use --format jsonl (one JSON object per line, in input
    order). They are spread over the CPU cores (MATURITY_WORKERS=N to choose).
    """
    from maturity_cli.cli import console
    from maturity_cli.load.discover import expand_inputs

    if compact and fmt is ScoreFormat.table:
        from maturity_cli.errors import Problem, UsageError

        raise UsageError(
            Problem("--compact needs --format json or jsonl", hint="add --format jsonl")
        )
    files, problems, many = expand_inputs(inputs)
    output = checked_output(output, files, questionnaire)
    for problem in problems:
        console.error(problem.render())
    failed = len(problems)
    if evidence is not None:  # answers set against a repository's files
        failed += score_with_evidence(list(files), questionnaire, fmt.value, output, many, evidence)
    else:
        failed += _writer(fmt)(files, questionnaire, output, many, compact)
    if failed:
        console.error(f"{failed} input(s) could not be scored")
        raise typer.Exit(EXIT_BAD_INPUT)


def _writer(fmt: ScoreFormat) -> Writer:
    """The writer of one output format (a new format: one writer, one line here)."""
    match fmt:
        case ScoreFormat.table:
            return _score_table
        case ScoreFormat.json:
            return _score_json
        case ScoreFormat.jsonl:
            return _score_jsonl
        case _:
            unhandled(fmt)


def _score_json(
    files: Sequence[Path],
    questionnaire: str | None,
    output: Path | None,
    many: bool,
    compact: bool = False,
) -> int:
    """Stream JSON (a list when ``many``); return the number of failures."""
    from maturity_cli.cli import console
    from maturity_cli.cli.progress import ProgressBar
    from maturity_cli.files import Sink
    from maturity_cli.scoring.batch import encode_files

    failed = 0
    first = True
    with Sink(output) as sink, ProgressBar(len(files), many) as progress:
        for done in encode_files(files, questionnaire, indent=2, compact=compact):
            progress.advance()
            if done.error is not None:
                failed += 1
                for problem in done.error.problems:
                    console.error(problem.render())
                continue
            for warning in done.warnings:
                console.warning(f"{done.path}: {warning}")
            assert done.json is not None
            if many:  # items of an indented list: same bytes as to_json(list)
                sink.write(
                    (b"[\n" if first else b",\n") + b"  " + done.json.replace(b"\n", b"\n  ")
                )
            else:
                sink.write(done.json + b"\n")
            first = False
        if many:
            sink.write(b"[]\n" if first else b"\n]\n")
    return failed


def _score_jsonl(
    files: Sequence[Path],
    questionnaire: str | None,
    output: Path | None,
    many: bool,
    compact: bool = False,
) -> int:
    """Stream JSON Lines, chunk by chunk; return the number of failures."""
    import tempfile

    from maturity_cli.cli import console
    from maturity_cli.cli.progress import ProgressBar
    from maturity_cli.errors import MaturityError
    from maturity_cli.files import Sink
    from maturity_cli.scoring.batch import jsonl_chunks

    failed = 0
    with (
        tempfile.TemporaryDirectory(prefix="maturity-") as spool,
        Sink(output) as sink,
        ProgressBar(len(files), many) as progress,
    ):
        for chunk in jsonl_chunks(files, questionnaire, spool_dir=Path(spool), compact=compact):
            for path, outcome in zip(chunk.paths, chunk.outcomes, strict=True):
                progress.advance()
                if isinstance(outcome, MaturityError):
                    failed += 1
                    for problem in outcome.problems:
                        console.error(problem.render())
                    continue
                for warning in outcome:
                    console.warning(f"{path}: {warning}")
            if chunk.spool is not None:
                sink.copy_from(chunk.spool)
                chunk.spool.unlink()
            elif chunk.data:
                sink.write(chunk.data)
    return failed


def _score_table(
    files: Sequence[Path],
    questionnaire: str | None,
    output: Path | None,
    many: bool,
    compact: bool = False,
) -> int:
    """Print (or write) the result view, or a one-row-per-file table; return failures."""
    from maturity_cli.cli import console, views
    from maturity_cli.cli.common import score_reporting

    scored, failed = score_reporting(files, questionnaire)
    if len(scored) == 1 and not many:
        result = scored[0]
        if output is not None:
            write_output(output, views.plain(views.result_lines(result, width=100)))
        elif not sys.stdout.isatty():  # plain text: no need to load rich
            width = shutil.get_terminal_size((80, 24)).columns
            sys.stdout.write(views.plain(views.result_lines(result, width=width)))
        else:
            out = console.out()
            out.print(views.result_view(result, width=out.width))
        return failed
    renderable = views.batch_table([(r.source, r) for r in scored])
    if output is not None:
        from rich.console import Console

        capture = Console(
            width=100, no_color=True, highlight=False, record=True, file=io.StringIO()
        )
        capture.print(renderable)
        write_output(output, capture.export_text())
    elif scored:
        console.out().print(renderable)
    return failed
