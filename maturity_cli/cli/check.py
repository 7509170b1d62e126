"""``maturity check`` (the CI gate) and ``maturity diff``: parse, call the core, print, exit.

Exit codes: 0 every error-level target met; 1 at least one missed; 2 bad input or usage.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from maturity_cli.cli.common import EXIT_TARGETS_MISSED, QuestionnaireOpt, command
from maturity_cli.cli.formats import DiffFormat, TableOrJson
from maturity_cli.errors import InvalidFile, Problem, UsageError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from maturity_cli.ci.diff import DiffReport
    from maturity_cli.ci.gate import CheckReport
    from maturity_cli.scoring.result import Result


def load_results(path: Path, questionnaire: str | None = None) -> list[Result]:
    """Results from a JSON result (one or a list, as ``score -f json`` writes) or answers file."""
    from maturity_cli.load.reader import parse_document, read_text
    from maturity_cli.scoring.batch import score_file

    if path.suffix == ".json":
        data = parse_document(read_text(path), str(path))
        items = data if isinstance(data, list) else [data]
        if items and all(isinstance(d, dict) and "schema_version" in d for d in items):
            import msgspec

            from maturity_cli.scoring.result import result_from_json

            try:
                return [result_from_json(d) for d in items]
            except msgspec.ValidationError as exc:
                raise InvalidFile(
                    Problem(f"not a valid maturity result: {exc}", file=str(path))
                ) from None
    return [score_file(path, questionnaire)]


def _parse_today(raw: str | None) -> dt.date:
    if raw is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise UsageError(
            Problem(f"--today {raw!r}: expected a date", hint="write it as YYYY-MM-DD")
        ) from None


def _status_style(status: str) -> str:
    return {
        "pass": "green",
        "fail": "bold red",
        "error-stale": "bold red",
        "warn": "yellow",
        "waived": "cyan",
    }.get(status, "")


def check_table(report: CheckReport) -> RenderableType:
    """The check report as a rich table."""
    from rich.markup import escape
    from rich.table import Table

    many = len({o.source for o in report.outcomes}) > 1
    table = Table(title=f"Maturity check ({report.today})", title_justify="left")
    if many:
        table.add_column("File", no_wrap=True)
    table.add_column("Target", style="bold", overflow="fold")
    table.add_column("Required")
    table.add_column("Actual")
    table.add_column("Status", no_wrap=True)
    table.add_column("What to do")
    for o in report.outcomes:
        todo = o.advice
        if o.status == "waived" and o.waiver is not None:
            todo = f"waived: {o.waiver.reason}" + (
                f" (until {o.waiver.expires})" if o.waiver.expires else ""
            )
        cells = [o.label, o.required, o.actual]
        row = [escape(c) for c in ([o.source] if many else []) + cells]
        style = _status_style(o.status)
        row += [f"[{style}]{o.status}[/]" if style else o.status, escape(todo)]
        table.add_row(*row)
    return table


def diff_table(report: DiffReport) -> RenderableType:
    """The comparison as rich tables."""
    from rich.console import Group
    from rich.markup import escape
    from rich.table import Table

    from maturity_cli.ci.diff import ARROWS, level_text

    parts: list[Any] = [
        f"[bold]{escape(report.subject)}[/]: {escape(report.old_source)} "
        f"({report.old_assessed_on or 'undated'}) → {escape(report.new_source)} "
        f"({report.new_assessed_on or 'undated'})"
    ]
    if report.empty:
        parts.append("No changes.")
    if report.levels:
        t = Table(title="Levels", title_justify="left")
        for col in ("Target", "Old", "New", "Change"):
            t.add_column(col)
        for c in report.levels:
            style = "green" if c.direction == "up" else "red"
            t.add_row(
                escape(c.key),
                escape(level_text(c.old, c.old_name)),
                escape(level_text(c.new, c.new_name)),
                f"[{style}]{ARROWS[c.direction]}[/]",
            )
        parts.append(t)
    for title, crits in (
        ("Criteria newly met", report.criteria_met),
        ("Criteria lost", report.criteria_lost),
    ):
        if crits:
            parts.append(f"[bold]{title}[/]")
            parts += [f"  {escape(c.id)}: {escape(c.text)} (level {c.level})" for c in crits]
    for title, recs in (
        ("Recommendations resolved", report.recommendations_resolved),
        ("New recommendations", report.recommendations_new),
    ):
        if recs:
            parts.append(f"[bold]{title}[/]")
            parts += [f"  {escape(r.title)} ({escape(r.id)})" for r in recs]
    if report.answers_changed:
        t = Table(title="Answers changed", title_justify="left")
        for col in ("Question", "Old", "New"):
            t.add_column(col)
        for a in report.answers_changed:
            t.add_row(escape(a.title), escape(a.old), escape(a.new))
        parts.append(t)
    return Group(*parts)


def _load_policy(policy: Path | None, has_flags: bool) -> Any:
    from maturity_cli.ci.policy import DEFAULT_POLICY, Policy, load_policy

    if policy is not None:
        return load_policy(policy)
    default = Path(DEFAULT_POLICY)
    if default.exists():
        return load_policy(default)
    if not has_flags:
        raise UsageError(
            Problem(
                f"no policy: {DEFAULT_POLICY} not found in this folder",
                hint="pass --policy FILE, or targets such as --min-level FRAMEWORK=N "
                "(see docs/ci.md)",
            )
        )
    return Policy()


def _github(report: CheckReport, fmt: TableOrJson) -> None:
    from maturity_cli.ci.github import summary_markdown, workflow_commands

    stream = sys.stdout if fmt is TableOrJson.table else sys.stderr
    for line in workflow_commands(report):
        stream.write(line + "\n")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with Path(summary).open("a", encoding="utf-8") as fh:
            fh.write(summary_markdown(report))


def register(app: typer.Typer) -> None:
    """Add ``check`` and ``diff`` to the command-line app."""

    @app.command("check")
    @command
    def check_cmd(
        inputs: Annotated[
            list[str],
            typer.Argument(
                help="Answers files (or JSON results), folders or globs.", show_default=False
            ),
        ],
        policy: Annotated[
            Path | None,
            typer.Option(
                "--policy", "-p", help="Policy file [default: .maturity.yml].", show_default=False
            ),
        ] = None,
        questionnaire: QuestionnaireOpt = None,
        min_level: Annotated[
            list[str] | None,
            typer.Option(
                "--min-level",
                metavar="FRAMEWORK=N",
                help="Require a framework level (repeatable; overrides the policy).",
            ),
        ] = None,
        min_dimension: Annotated[
            list[str] | None,
            typer.Option(
                "--min-dimension",
                metavar="[FRAMEWORK/]DIMENSION=N",
                help="Require a dimension level (repeatable; overrides the policy).",
            ),
        ] = None,
        max_age: Annotated[
            int | None,
            typer.Option("--max-age", metavar="DAYS", help="Fail assessments older than this."),
        ] = None,
        warn_only: Annotated[
            bool, typer.Option("--warn-only", help="Report missed targets as warnings; exit 0.")
        ] = False,
        baseline: Annotated[
            Path | None,
            typer.Option(
                "--baseline",
                metavar="OLD",
                help="Also fail on regressions since this answers file or JSON result.",
            ),
        ] = None,
        today: Annotated[
            str | None,
            typer.Option(
                "--today",
                metavar="YYYY-MM-DD",
                help="Check as of this date (reproducible runs) [default: today].",
            ),
        ] = None,
        fmt: Annotated[TableOrJson, typer.Option("--format", "-f", help="Output format.")] = (
            TableOrJson.table
        ),
        junit: Annotated[
            Path | None, typer.Option("--junit", metavar="FILE", help="Also write JUnit XML.")
        ] = None,
    ) -> None:
        """Check answers against a CI policy: exit 1 when an error-level target is missed."""
        from maturity_cli.ci.gate import check
        from maturity_cli.ci.policy import parse_level_flag, with_overrides
        from maturity_cli.cli import console
        from maturity_cli.errors import MaturityError
        from maturity_cli.load.discover import expand_inputs
        from maturity_cli.scoring.result import to_json

        day = _parse_today(today)
        extra = [parse_level_flag(raw, "--min-level") for raw in min_level or []]
        extra += [parse_level_flag(raw, "--min-dimension") for raw in min_dimension or []]
        pol = _load_policy(policy, bool(extra) or max_age is not None)
        pol = with_overrides(pol, extra, max_age_days=max_age, warn_only=warn_only)
        if not pol.targets and baseline is None:
            raise UsageError(
                Problem(
                    "the policy has no targets",
                    file=pol.source,
                    hint="add 'targets:' or 'max_age_days:' (see docs/ci.md)",
                )
            )
        files, problems, _ = expand_inputs(inputs)
        if problems:
            raise UsageError(problems)
        if junit is not None:
            from maturity_cli.files import refuse_overwrite_of_inputs

            given = [*files, *([baseline] if baseline else []), *([policy] if policy else [])]
            refuse_overwrite_of_inputs(junit, given)
        results: list[Result] = []
        errors: list[Problem] = []
        for path in files:
            try:
                results.extend(load_results(path, questionnaire))
            except MaturityError as exc:
                errors.extend(exc.problems)
        if errors:
            raise InvalidFile(errors)
        old = load_results(baseline, questionnaire) if baseline is not None else []
        report = check(results, pol, day, old)
        if junit is not None:
            from maturity_cli.ci.junit import render_junit
            from maturity_cli.files import write_atomic

            junit.parent.mkdir(parents=True, exist_ok=True)  # CI report folders
            write_atomic(junit, render_junit(report))
        if fmt is TableOrJson.json:
            sys.stdout.write(to_json(report))
        else:
            console.out().print(check_table(report))
        for w in report.expired_waivers:
            console.warning(f"waiver for {w.target} expired on {w.expires}: {w.reason}")
        if os.environ.get("GITHUB_ACTIONS") == "true":
            _github(report, fmt)
        if report.failed:
            n = report.count("fail") + report.count("error-stale")
            console.error(f"{n} error-level target(s) missed")
            raise typer.Exit(EXIT_TARGETS_MISSED)

    @app.command("diff")
    @command
    def diff_cmd(
        old: Annotated[Path, typer.Argument(help="Earlier answers file or JSON result.")],
        new: Annotated[Path, typer.Argument(help="Later answers file or JSON result.")],
        questionnaire: QuestionnaireOpt = None,
        fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = (
            DiffFormat.table
        ),
    ) -> None:
        """Show what changed between two assessments: levels, criteria, advice, answers."""
        from maturity_cli.ci.diff import diff_results, render_markdown
        from maturity_cli.cli import console
        from maturity_cli.scoring.result import to_json

        pair = []
        for path in (old, new):
            found = load_results(path, questionnaire)
            if len(found) != 1:
                raise UsageError(
                    Problem(
                        f"holds {len(found)} results; diff compares exactly one with one",
                        file=str(path),
                    )
                )
            pair.append(found[0])
        if pair[0].questionnaire.id != pair[1].questionnaire.id:
            raise UsageError(
                Problem(
                    f"cannot compare questionnaire {pair[0].questionnaire.id!r} with "
                    f"{pair[1].questionnaire.id!r}",
                    hint="diff compares two assessments made with the same questionnaire",
                )
            )
        report = diff_results(pair[0], pair[1])
        if fmt is DiffFormat.json:
            sys.stdout.write(to_json(report))
        elif fmt is DiffFormat.md:
            sys.stdout.write(render_markdown(report))
        else:
            console.out().print(diff_table(report))
