"""The ``maturity report`` command: Markdown, HTML or JSON reports for teams and organisations."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

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
    from maturity_cli.scoring.batch import Mapped
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

    _check_options(template_dir, fmt, summary, history)
    files, problems, _many = expand_inputs(inputs)
    templates = sorted(template_dir.rglob("*")) if template_dir is not None else []
    store = [Path(history)] if history not in (None, "git") else []
    output = checked_output(output, [*files, *templates, *store], questionnaire)
    for problem in problems:
        console.error(problem.render())
    failed = len(problems)
    # Options that need every full result keep them; otherwise many files stream.
    if len(files) > 1 and not summary and (evidence, history, consensus) == (None, None, None):
        if fmt is ReportFormat.json:
            failed += _stream_json(list(files), output, questionnaire)
        else:
            failed += _stream_text(list(files), fmt, output, template_dir, questionnaire)
    else:
        failed += _report_kept(
            list(files),
            fmt,
            output,
            template_dir,
            summary,
            questionnaire,
            evidence,
            history,
            consensus,
        )
    if failed:
        console.error(f"{failed} input(s) could not be read or scored")
        raise typer.Exit(EXIT_BAD_INPUT)


def _report_kept(
    files: list[Path],
    fmt: ReportFormat,
    output: Path | None,
    template_dir: Path | None,
    summary: bool,
    questionnaire: str | None,
    evidence: Path | None,
    history: str | None,
    consensus: ConsensusRule | None,
) -> int:
    """The report from full results, all kept (one file, or options that need them)."""
    from maturity_cli.report.render import render_report

    results, disagreement, failed = _score(files, questionnaire, consensus)
    if results:
        trends = _trends(results, history, questionnaire, fmt)
        extra = {"trends": trends, "disagreement": disagreement}
        text = render_report(
            results, fmt.value, template_dir=template_dir, summary=summary, **extra
        )
        text = add_evidence(text, fmt.value, results, questionnaire, evidence)
        _write(text, output, f"{len(results)} result(s), {fmt.value}")
    return failed


def _outcomes(items: Iterable[Mapped], failed: list[int], progress: Any) -> Iterator[Mapped]:
    """Scored files, printing each failure's errors and each result's warnings to stderr."""
    import maturity_cli.cli.console as console

    for item in items:
        progress.advance()
        if console.file_outcome(item.path, item.error, item.warnings):
            yield item
        else:
            failed[0] += 1


def _stream_text(
    files: list[Path],
    fmt: ReportFormat,
    output: Path | None,
    template_dir: Path | None,
    questionnaire: str | None,
) -> int:
    """A Markdown or HTML report over many files, each result reduced as it is scored."""
    from maturity_cli.cli.progress import ProgressBar
    from maturity_cli.report.render import render_organisation, render_report
    from maturity_cli.report.rollup import Rollup
    from maturity_cli.report.teams import summarise
    from maturity_cli.scoring.batch import map_files, score_file

    failed, rollup, first = [0], Rollup(), None
    with ProgressBar(len(files), True) as progress:
        for item in _outcomes(map_files(files, summarise, questionnaire), failed, progress):
            first = first or item.path
            rollup.add(item.value)
    if first is None:
        return failed[0]
    if rollup.total == 1:  # one team scored: its own report, as for one file
        one = [score_file(first, questionnaire)]
        text = render_report(one, fmt.value, template_dir=template_dir)
    else:
        kind: Literal["md", "html"] = "html" if fmt is ReportFormat.html else "md"
        text = render_organisation(rollup, kind, template_dir=template_dir)
    _write(text, output, f"{rollup.total} result(s), {fmt.value}")
    return failed[0]


def _stream_json(files: list[Path], output: Path | None, questionnaire: str | None) -> int:
    """The JSON report over many files, written team by team as they are scored."""
    import itertools

    import maturity_cli.cli.console as console
    from maturity_cli.cli.progress import ProgressBar
    from maturity_cli.files import Sink
    from maturity_cli.report.organisation import organisation_json_chunks
    from maturity_cli.report.rollup import Rollup
    from maturity_cli.report.teams import summarise_with_json
    from maturity_cli.scoring.batch import map_files

    failed, rollup = [0], Rollup()
    with Sink(output) as sink, ProgressBar(len(files), True) as progress:
        scored = map_files(files, summarise_with_json, questionnaire)
        pairs = (item.value for item in _outcomes(scored, failed, progress))
        head = list(itertools.islice(pairs, 2))
        if len(head) == 1:  # one team scored: its result, as for one file
            sink.write(_indented_json(head[0][0]) + b"\n")
        elif head:
            for chunk in organisation_json_chunks(itertools.chain(head, pairs), rollup):
                sink.write(chunk)
    if head and output is not None:
        console.info(f"Wrote {output} ({max(rollup.total, 1)} result(s), json).")
    return failed[0]


def _indented_json(raw: bytes) -> bytes:
    """Encoded JSON indented as every JSON report is (two spaces)."""
    import msgspec

    return msgspec.json.format(raw, indent=2)
