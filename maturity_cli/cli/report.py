"""The ``maturity report`` command: Markdown, HTML or JSON reports for teams and organisations."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from maturity_cli.cli.common import (
    EXIT_BAD_INPUT,
    QuestionnaireOpt,
    checked_output,
    command,
    score_reporting,
)
from maturity_cli.cli.formats import ReportFormat
from maturity_cli.cli.history import HistoryOpt
from maturity_cli.cli.merge import ConsensusOpt, ConsensusRule
from maturity_cli.cli.scan import EvidenceOpt, add_evidence

if TYPE_CHECKING:
    from maturity_cli.scoring.result import Result


def _check_options(
    template_dir: Path | None, fmt: ReportFormat, summary: bool, history: str | None
) -> None:
    """Refuse option combinations that cannot be honoured, before any scoring."""
    from maturity_cli.errors import Problem, UsageError

    if template_dir is not None and not template_dir.is_dir():
        raise UsageError(Problem("template folder does not exist", file=str(template_dir)))
    if summary and fmt is not ReportFormat.md:
        raise UsageError(
            Problem("--summary is Markdown only", hint="use --format md with --summary")
        )
    if history is not None and (summary or fmt is ReportFormat.json):
        raise UsageError(
            Problem(
                "--history adds to full md and html reports",
                hint="for JSON use: maturity history FILE --format json",
            )
        )


def _trends(
    results: list[Result], history: str | None, questionnaire: str | None, fmt: ReportFormat
) -> dict[str, Any] | None:
    """The "Progress over time" section's data, when --history is given."""
    if history is None:
        return None
    import maturity_cli.cli.console as console
    from maturity_cli.report.trends import trends_for

    trends, problems = trends_for(results, history, questionnaire, charts=fmt is ReportFormat.html)
    for problem in problems:  # a report without a trend is still a report
        console.warning(problem.render())
    return trends


def _score(
    files: list[Path], questionnaire: str | None, consensus: ConsensusRule | None
) -> tuple[list[Result], dict[str, Any] | None, int]:
    """Results (one consensus per team with --consensus), disagreements, failures."""
    if consensus is None:
        results, failed = score_reporting(files, questionnaire)
        return results, None, failed
    from maturity_cli.cli.merge import consensus_results
    from maturity_cli.report.disagreement import disagreement_context

    results, merged, failed = consensus_results(files, questionnaire, consensus)
    return results, disagreement_context(merged, team=len(results) == 1), failed


def _write(text: str, output: Path | None, what: str) -> None:
    import maturity_cli.cli.console as console
    from maturity_cli.files import write_atomic

    if output is None:
        sys.stdout.write(text)
        return
    write_atomic(output, text)
    console.info(f"Wrote {output} ({what}).")


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
        history: HistoryOpt = None,
        consensus: ConsensusOpt = None,
    ) -> None:
        _report(
            inputs, fmt, output, template_dir, summary, questionnaire, evidence, history, consensus
        )


def _report(
    inputs: list[str],
    fmt: ReportFormat,
    output: Path | None,
    template_dir: Path | None,
    summary: bool,
    questionnaire: str | None,
    evidence: Path | None,
    history: str | None,
    consensus: ConsensusRule | None,
) -> None:
    import maturity_cli.cli.console as console
    from maturity_cli.load.discover import expand_inputs
    from maturity_cli.report.render import render_report

    _check_options(template_dir, fmt, summary, history)
    files, problems, _many = expand_inputs(inputs)
    templates = sorted(template_dir.rglob("*")) if template_dir is not None else []
    store = [Path(history)] if history not in (None, "git") else []
    output = checked_output(output, [*files, *templates, *store], questionnaire)
    for problem in problems:
        console.error(problem.render())
    failed = len(problems)
    results, disagreement, unscored = _score(list(files), questionnaire, consensus)
    failed += unscored
    if results:
        trends = _trends(results, history, questionnaire, fmt)
        extra = {"trends": trends, "disagreement": disagreement}
        text = render_report(
            results, fmt.value, template_dir=template_dir, summary=summary, **extra
        )
        text = add_evidence(text, fmt.value, results, questionnaire, evidence)
        _write(text, output, f"{len(results)} result(s), {fmt.value}")
    if failed:
        console.error(f"{failed} input(s) could not be read or scored")
        raise typer.Exit(EXIT_BAD_INPUT)
