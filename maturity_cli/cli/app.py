"""The ``maturity`` command line: parse arguments, call the library, print, exit.

Every command is wrapped by :func:`_command`, the one place where errors become
exit codes: 0 success, 1 CI targets missed, 2 bad input or usage, 130 interrupted.
Heavy modules are imported inside the commands, so ``--help`` stays fast.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from maturity_cli import __version__
from maturity_cli.cli.common import (
    EXIT_BAD_INPUT,
    QuestionnaireOpt,
    TableOrJson,
    checked_output,
)
from maturity_cli.cli.common import command as _command
from maturity_cli.errors import MaturityError

app = typer.Typer(
    name="maturity",
    help="Rate how mature an ML team's operations (MLOps) are, and learn what to do next.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain (click) help: rich help formatting alone costs ~150 ms of imports per --help.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"maturity-cli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Rate how mature an ML team's operations (MLOps) are, and learn what to do next."""


class ScoreFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


@app.command("list")
@_command
def list_questionnaires(
    fmt: Annotated[
        TableOrJson, typer.Option("--format", "-f", help="Output format.")
    ] = TableOrJson.table,
) -> None:
    """List the built-in questionnaires and their frameworks."""
    from maturity_cli.load.catalog import builtin_questionnaires
    from maturity_cli.questionnaire.loader import load_questionnaire

    items = [load_questionnaire(path) for path in builtin_questionnaires().values()]
    if fmt is TableOrJson.json:
        from maturity_cli.scoring.result import to_json

        data = [
            {
                "id": q.id,
                "version": q.version,
                "title": q.title,
                "questions": len(q.questions),
                "frameworks": [
                    {
                        "id": fw.id,
                        "title": fw.spec.title,
                        "style": fw.spec.style,
                        "levels": [{"level": lv.level, "name": lv.name} for lv in fw.levels],
                    }
                    for fw in q.frameworks
                ],
            }
            for q in items
        ]
        sys.stdout.write(to_json(data))
        return
    from maturity_cli.cli import console, views

    console.out().print(views.questionnaires_table(items))


@app.command()
@_command
def questions(
    questionnaire: Annotated[str, typer.Argument(help="Built-in questionnaire id or path.")],
    fmt: Annotated[
        TableOrJson, typer.Option("--format", "-f", help="Output format.")
    ] = TableOrJson.table,
) -> None:
    """Show a questionnaire's questions, grouped by dimension."""
    from maturity_cli.questionnaire.loader import load_questionnaire

    q = load_questionnaire(questionnaire)
    if fmt is TableOrJson.json:
        import msgspec

        from maturity_cli.scoring.result import to_json

        data = [
            {
                **msgspec.to_builtins(question.spec),
                "choices": [{"value": c.value, "label": c.label} for c in question.choices],
            }
            for question in q.questions
        ]
        sys.stdout.write(to_json(data))
        return
    from maturity_cli.cli import console, views

    console.out().print(views.questions_view(q))


@app.command()
@_command
def init(
    questionnaire: QuestionnaireOpt = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Answers file to write.")] = Path(
        "answers.yaml"
    ),
    subject: Annotated[str, typer.Option(help="The team or product assessed.")] = "",
    assessor: Annotated[str, typer.Option(help="Who answers the questions.")] = "",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a blank answers file to fill in by hand (default: the default built-in questionnaire)."""
    import datetime as dt

    from maturity_cli.answers.template import answers_template
    from maturity_cli.cli import console
    from maturity_cli.errors import Problem, UsageError
    from maturity_cli.files import check_output, write_atomic
    from maturity_cli.questionnaire.loader import default_questionnaire, load_questionnaire
    from maturity_cli.text import safe_text

    ref = questionnaire or default_questionnaire()
    q = load_questionnaire(ref)
    target = check_output(output, force=force)
    if target is not None and target.exists() and not force:
        raise UsageError(
            Problem(
                "file already exists",
                file=str(output),
                hint="choose another --output, or add --force to replace it",
            )
        )
    if ref != q.id:  # a path: refer to it relative to where the answers file lives
        base = Path.cwd() if target is None else target.resolve().parent
        ref = os.path.relpath(Path(ref).resolve(), base)
    text = answers_template(
        q, questionnaire_ref=ref, subject=subject, assessor=assessor, assessed_on=dt.date.today()
    )
    write_atomic(output, text)
    if target is not None:
        console.info(
            f"Wrote {safe_text(str(output))} ({len(q.questions)} questions). "
            f"Fill it in, then run: maturity score {safe_text(str(output))}"
        )


@app.command()
@_command
def validate(
    files: Annotated[
        list[Path], typer.Argument(help="Questionnaire and answers files.", show_default=False)
    ],
    questionnaire: QuestionnaireOpt = None,
) -> None:
    """Check questionnaires and answers files (answers against their questionnaire)."""
    from maturity_cli.cli import console
    from maturity_cli.validation.validate import validate_file

    bad = 0
    for path in files:
        try:
            summary, warnings = validate_file(path, questionnaire)
        except MaturityError as exc:
            bad += 1
            for problem in exc.problems:
                console.error(problem.render())
            continue
        for warning in warnings:
            console.warning(f"{path}: {warning}")
        console.info(f"ok: {path}: {summary}")
    if bad:
        console.error(f"{bad} of {len(files)} file(s) invalid")
        raise typer.Exit(EXIT_BAD_INPUT)


class SchemaName(str, Enum):
    questionnaire = "questionnaire"
    answers = "answers"
    result = "result"
    policy = "policy"


@app.command()
@_command
def schema(
    name: Annotated[SchemaName, typer.Argument(help="Which document's schema to print.")],
) -> None:
    """Print the JSON Schema of a questionnaire, answers file, result or policy."""
    from maturity_cli.scoring.result import to_json
    from maturity_cli.validation.schemas import json_schema

    sys.stdout.write(to_json(json_schema(name.value)))


@app.command()
@_command
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
) -> None:
    """Score answers files: levels per framework and dimension, and what to do next.

    Large batches stream: use --format jsonl (one JSON object per line, in input
    order). They are spread over the CPU cores (MATURITY_WORKERS=N to choose).
    """
    from maturity_cli.cli import console
    from maturity_cli.load.discover import expand_inputs

    files, problems, many = expand_inputs(inputs)
    output = checked_output(output, files, questionnaire)
    for problem in problems:
        console.error(problem.render())
    failed = len(problems)
    if fmt is ScoreFormat.table:
        failed += _score_table(files, questionnaire, output, many)
    elif fmt is ScoreFormat.jsonl:
        failed += _score_jsonl(files, questionnaire, output, many)
    else:
        failed += _score_json(files, questionnaire, output, many)
    if failed:
        console.error(f"{failed} input(s) could not be scored")
        raise typer.Exit(EXIT_BAD_INPUT)


def _score_json(
    files: list[Path], questionnaire: str | None, output: Path | None, many: bool
) -> int:
    """Stream JSON (a list when ``many``); return the number of failures."""
    from maturity_cli.cli import console
    from maturity_cli.cli.progress import ProgressBar
    from maturity_cli.files import Sink
    from maturity_cli.scoring.batch import encode_files

    failed = 0
    first = True
    with Sink(output) as sink, ProgressBar(len(files), many) as progress:
        for done in encode_files(files, questionnaire, indent=2):
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
    files: list[Path], questionnaire: str | None, output: Path | None, many: bool
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
        for chunk in jsonl_chunks(files, questionnaire, spool_dir=Path(spool)):
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
    files: list[Path], questionnaire: str | None, output: Path | None, many: bool
) -> int:
    """Print (or write) the result view, or a one-row-per-file table; return failures."""
    from maturity_cli.cli import console, views
    from maturity_cli.cli.common import score_reporting

    scored, failed = score_reporting(files, questionnaire)
    if len(scored) == 1 and not many:
        result = scored[0]
        if output is not None:
            _write_text(output, views.plain(views.result_lines(result, width=100)))
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
        _write_text(output, capture.export_text())
    elif scored:
        console.out().print(renderable)
    return failed


# Commands defined in their own modules register here, one line each.
from maturity_cli.cli.assess import register as _register_assess  # noqa: E402
from maturity_cli.cli.check import register as _register_check  # noqa: E402
from maturity_cli.cli.report import register as _register_report  # noqa: E402

_register_assess(app)
_register_check(app)
_register_report(app)


def _write_text(output: Path, text: str) -> None:
    from maturity_cli.files import write_atomic

    if text:
        write_atomic(output, text)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="maturity")
