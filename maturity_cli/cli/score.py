"""``maturity score``: levels per framework and dimension for one file or a large batch."""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence, Sized
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from maturity_cli.cli.common import (
    EXIT_BAD_INPUT,
    QuestionnaireOpt,
    checked_output,
    command,
    write_output,
)
from maturity_cli.cli.formats import ScoreFormat, unhandled
from maturity_cli.cli.merge import ConsensusOpt, ConsensusRule
from maturity_cli.cli.scan import EvidenceOpt, score_with_evidence

if TYPE_CHECKING:
    from maturity_cli.scoring.result import Result

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
    consensus: ConsensusOpt = None,
) -> None:
    """Large batches stream: use --format jsonl (one JSON object per line, in input
    order). They are spread over the CPU cores (MATURITY_WORKERS=N to choose).
    """
    import maturity_cli.cli.console as console
    from maturity_cli.load.discover import FileList, find_inputs

    if compact and (fmt not in (ScoreFormat.json, ScoreFormat.jsonl) or consensus):
        from maturity_cli.errors import Problem, UsageError

        raise UsageError(
            Problem(
                "--compact needs --format json or jsonl, without --consensus",
                hint="add --format jsonl",
            )
        )
    found = find_inputs(inputs)  # streamed: no list of every file is kept
    many = found.many
    same = [] if output is None else list(found.same_named(output))
    output = checked_output(output, same, questionnaire)
    for problem in found.problems:
        console.error(problem.render())
    failed = len(found.problems)
    if evidence is not None:  # answers set against a repository's files
        _check_evidence_options(fmt, consensus)
        files = list(found)
        failed += score_with_evidence(files, questionnaire, fmt.value, output, many, evidence)
    elif consensus is None and fmt in (ScoreFormat.json, ScoreFormat.jsonl):
        stream = _score_json if fmt == ScoreFormat.json else _score_jsonl
        failed += stream(found, questionnaire, output, many, compact)
    else:
        writer = _writer(fmt) if consensus is None else _consensus(fmt, consensus)
        failed += writer(FileList(found.names()), questionnaire, output, many, compact)
    if failed:
        console.error(f"{failed} input(s) could not be scored")
        raise typer.Exit(EXIT_BAD_INPUT)


def _total(files: Iterable[Path], many: bool) -> int:
    """The number of files, counted only when a progress bar will show it."""
    from maturity_cli.load.discover import Inputs

    if not (many and sys.stderr.isatty()):
        return 0
    if isinstance(files, Inputs):
        return files.count()  # a walk that keeps no names (0.1 s for 200,000 files)
    return len(files) if isinstance(files, Sized) else sum(1 for _ in files)


def _check_evidence_options(fmt: ScoreFormat, consensus: ConsensusRule | None) -> None:
    """--scan/--evidence write a table, JSON or JSON Lines, one result per file."""
    from maturity_cli.errors import Problem, UsageError

    if fmt in (ScoreFormat.csv, ScoreFormat.xlsx):
        raise UsageError(
            Problem(
                f"--format {fmt.value} does not carry evidence", hint="use table, json or jsonl"
            )
        )
    if consensus is not None:
        raise UsageError(
            Problem("--consensus cannot be combined with evidence", hint="score the merged file")
        )


def _writer(fmt: ScoreFormat) -> Writer:
    """The writer of one output format (a new format: one writer, one line here)."""
    match fmt:
        case ScoreFormat.table:
            return _score_table
        case ScoreFormat.json:
            return _score_json
        case ScoreFormat.jsonl:
            return _score_jsonl
        case ScoreFormat.csv:
            from maturity_cli.cli.export import score_csv

            return score_csv
        case ScoreFormat.xlsx:
            from maturity_cli.cli.export import score_xlsx

            return score_xlsx
        case _:
            unhandled(fmt)


def _score_json(
    files: Iterable[Path],
    questionnaire: str | None,
    output: Path | None,
    many: bool,
    compact: bool = False,
) -> int:
    """Stream JSON (a list when ``many``); return the number of failures."""
    import maturity_cli.cli.console as console
    from maturity_cli.cli.progress import ProgressBar
    from maturity_cli.files import Sink
    from maturity_cli.scoring.batch import encode_files
    from maturity_cli.scoring.result import json_list_item

    failed = 0
    first = True
    with Sink(output) as sink, ProgressBar(_total(files, many), many) as progress:
        for done in encode_files(files, questionnaire, indent=2, compact=compact):
            progress.advance()
            if not console.file_outcome(done.path, done.error, done.warnings):
                failed += 1
                continue
            assert done.json is not None
            if many:  # items of an indented list: same bytes as to_json(list)
                sink.write((b"[" if first else b"") + json_list_item(done.json, first=first))
            else:
                sink.write(done.json + b"\n")
            first = False
        if many:
            sink.write(b"[]\n" if first else b"\n]\n")
    return failed


def _score_jsonl(
    files: Iterable[Path],
    questionnaire: str | None,
    output: Path | None,
    many: bool,
    compact: bool = False,
) -> int:
    """Stream JSON Lines; return the number of failures."""
    import maturity_cli.cli.console as console
    from maturity_cli.cli.progress import ProgressBar
    from maturity_cli.errors import MaturityError
    from maturity_cli.files import Sink
    from maturity_cli.scoring.batch import write_jsonl

    failed = 0
    with Sink(output) as sink, ProgressBar(_total(files, many), many) as progress:
        for path, outcome in write_jsonl(files, sink, questionnaire, compact=compact):
            progress.advance()
            if isinstance(outcome, MaturityError):
                console.file_outcome(path, outcome, ())
                failed += 1
            else:
                console.file_outcome(path, None, outcome)
    return failed


def _score_table(
    files: Sequence[Path],
    questionnaire: str | None,
    output: Path | None,
    many: bool,
    compact: bool = False,
) -> int:
    """Print (or write) the result view, or a one-row-per-file table; return failures."""
    from maturity_cli.cli.common import score_reporting

    scored, failed = score_reporting(files, questionnaire)
    _show_table(scored, output, many)
    return failed


def _show_table(scored: list[Result], output: Path | None, many: bool) -> None:
    """The result view of one result, or a table of several (to ``output`` or the terminal)."""
    import maturity_cli.cli.console as console
    import maturity_cli.cli.views as views

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
        return
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


def _consensus(fmt: ScoreFormat, rule: ConsensusRule) -> Writer:
    """A writer that first combines the answers files about each team (``--consensus``)."""

    def write(
        files: Sequence[Path],
        questionnaire: str | None,
        output: Path | None,
        _many: bool,
        _compact: bool = False,
    ) -> int:
        from maturity_cli.cli.merge import consensus_results

        results, _spreads, failed = consensus_results(list(files), questionnaire, rule)
        _emit_results(results, fmt, output, many=len(results) > 1)
        return failed

    return write


def _emit_results(results: list[Result], fmt: ScoreFormat, output: Path | None, many: bool) -> None:
    """Results already in memory, in any score format (same bytes as the streaming writers)."""
    from maturity_cli.history.render import RESULT_COLUMNS, result_rows, results_csv
    from maturity_cli.scoring.result import to_json

    match fmt:
        case ScoreFormat.table:
            _show_table(results, output, many)
            return
        case ScoreFormat.json:
            text = to_json(results if many else results[0]) if results else ""
        case ScoreFormat.jsonl:
            text = "".join(to_json(r, indent=0) for r in results)
        case ScoreFormat.csv:
            text = results_csv(results)
        case ScoreFormat.xlsx:
            from maturity_cli.cli.export import write_xlsx

            write_xlsx(output, [("scores", RESULT_COLUMNS, result_rows(results))])
            return
        case _:
            unhandled(fmt)
    if output is not None:
        write_output(output, text)
    else:
        sys.stdout.write(text)
