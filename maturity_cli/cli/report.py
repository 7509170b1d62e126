"""The ``maturity report`` command: Markdown, HTML or JSON reports for teams and organisations."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from maturity_cli.cli.common import (
    EXIT_BAD_INPUT,
    QuestionnaireOpt,
    checked_output,
    command,
    score_reporting,
)
from maturity_cli.cli.formats import ReportFormat
from maturity_cli.cli.scan import EvidenceOpt, add_evidence


def register(app: typer.Typer) -> None:
    """Add the ``report`` command to the application."""

    @app.command("report")
    @command
    def report(
        inputs: Annotated[
            list[str],
            typer.Argument(help="Answers files, folders or glob patterns.", show_default=False),
        ],
        fmt: Annotated[
            ReportFormat, typer.Option("--format", "-f", help="Report format.")
        ] = ReportFormat.md,
        output: Annotated[
            Path | None,
            typer.Option("--output", "-o", help="Write to this file instead of stdout."),
        ] = None,
        template_dir: Annotated[
            Path | None,
            typer.Option(
                "--template-dir",
                help="Folder of templates that override the built-in ones.",
                show_default=False,
            ),
        ] = None,
        summary: Annotated[
            bool,
            typer.Option("--summary", help="Short Markdown form for pull-request comments."),
        ] = False,
        questionnaire: QuestionnaireOpt = None,
        evidence: EvidenceOpt = None,
    ) -> None:
        """Write a report: one file gives a team report, several an organisation report."""
        _report(inputs, fmt, output, template_dir, summary, questionnaire, evidence)


def _report(
    inputs: list[str],
    fmt: ReportFormat,
    output: Path | None,
    template_dir: Path | None,
    summary: bool,
    questionnaire: str | None,
    evidence: Path | None,
) -> None:
    from maturity_cli.cli import console
    from maturity_cli.errors import Problem, UsageError
    from maturity_cli.files import write_atomic
    from maturity_cli.load.discover import expand_inputs
    from maturity_cli.report.render import render_report

    if template_dir is not None and not template_dir.is_dir():
        raise UsageError(Problem("template folder does not exist", file=str(template_dir)))
    if summary and fmt is not ReportFormat.md:
        raise UsageError(
            Problem("--summary is Markdown only", hint="use --format md with --summary")
        )
    files, problems, _many = expand_inputs(inputs)
    templates = sorted(template_dir.rglob("*")) if template_dir is not None else []
    output = checked_output(output, [*files, *templates], questionnaire)
    for problem in problems:
        console.error(problem.render())
    failed = len(problems)
    results, unscored = score_reporting(files, questionnaire)
    failed += unscored
    if results:
        text = render_report(results, fmt.value, template_dir=template_dir, summary=summary)
        text = add_evidence(text, fmt.value, results, questionnaire, evidence)
        if output is not None:
            write_atomic(output, text)
            console.info(f"Wrote {output} ({len(results)} result(s), {fmt.value}).")
        else:
            sys.stdout.write(text)
    if failed:
        console.error(f"{failed} input(s) could not be read or scored")
        raise typer.Exit(EXIT_BAD_INPUT)
