"""The ``history`` and ``record`` commands: levels over time from git or a results store."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from maturity_cli.cli.common import EXIT_BAD_INPUT, QuestionnaireOpt, command
from maturity_cli.cli.formats import HistoryFormat

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from maturity_cli.errors import Problem
    from maturity_cli.history.timeline import Movement, Series


HistoryOpt = Annotated[
    str | None,
    typer.Option(
        "--history",
        help="Add progress over time: 'git' (the files' git history) or a results store.",
        show_default=False,
    ),
]
DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="Results store (SQLite). Default: results.db in the user's data folder.",
        show_default=False,
    ),
]


def _cell(text: str) -> Text:
    """Text from files, shown literally: no markup, no terminal control characters."""
    from rich.text import Text

    from maturity_cli.text import plain_text

    return Text(plain_text(text))


def _date(value: str | None, flag: str) -> dt.date | None:
    from maturity_cli.errors import Problem, UsageError

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            Problem(f"{flag}: expected a date, found {value!r}", hint="write YYYY-MM-DD")
        ) from None


def history_table(series: list[Series]) -> RenderableType:
    """One table per team: date, ref, version, levels, changes and answers changed."""
    from rich.console import Group
    from rich.table import Table

    from maturity_cli.history.render import levels_text, point_summary, version_text

    parts: list[RenderableType] = []
    for s in series:
        table = Table(title=_cell(f"{s.subject} ({s.key})"), title_justify="left", expand=False)
        for name in ("Date", "Ref", "Version", "Levels", "Changes", "Answers changed"):
            table.add_column(name, overflow="fold")
        for p in s.points:
            changes, answers = point_summary(p)
            cells = (
                p.date[:10],
                p.ref[:12],
                version_text(p),
                levels_text(p),
                changes,
                answers,
            )
            table.add_row(*(_cell(c) for c in cells), style=None if p.valid else "red")
        parts.append(table)
    return Group(*parts)


def movers_table(movers: list[Movement]) -> RenderableType:
    """The teams whose level moved, biggest rise first."""
    from rich.table import Table
    from rich.text import Text

    from maturity_cli.history.render import mover_cells

    table = Table(title="Movers", title_justify="left", expand=False)
    for name in ("Team", "Framework", "Level", "Period", "Answers changed"):
        table.add_column(name, overflow="fold")
    for m in movers:
        table.add_row(*(_cell(c) for c in mover_cells(m)), style="green" if m.delta > 0 else "red")
    if not movers:
        table.add_row(Text("No team changed level in this period."), "", "", "", "")
    return table


def _table_text(series: list[Series], movers: list[Movement], output: Path | None) -> str:
    """Print the tables (returning ""), or render them as plain text for a file."""
    import maturity_cli.cli.console as console

    if output is None:
        console.out().print(movers_table(movers))
        console.out().print(history_table(series))
        return ""
    import io

    from rich.console import Console

    capture = Console(width=100, no_color=True, highlight=False, record=True, file=io.StringIO())
    capture.print(movers_table(movers))
    capture.print(history_table(series))
    return capture.export_text()


def _emit(
    series: list[Series], movers: list[Movement], fmt: HistoryFormat, output: Path | None
) -> None:
    import maturity_cli.cli.console as console
    from maturity_cli.cli.formats import unhandled
    from maturity_cli.files import write_atomic
    from maturity_cli.history import render

    match fmt:
        case HistoryFormat.xlsx:
            from maturity_cli.cli.export import write_xlsx

            write_xlsx(output, [("history", render.CSV_COLUMNS, render.history_rows(series))])
            console.info(f"Wrote {output} ({len(series)} team(s), xlsx).")
            return
        case HistoryFormat.table:
            text = _table_text(series, movers, output)
            if output is None:
                return
        case HistoryFormat.json:
            text = render.history_json(series, movers)
        case HistoryFormat.csv:
            text = render.history_csv(series)
        case HistoryFormat.md:
            text = render.history_markdown(series, movers)
        case _:
            unhandled(fmt)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)
        console.info(f"Wrote {output} ({len(series)} team(s), {fmt.value}).")


def _report_invalid(series: list[Series]) -> None:
    import maturity_cli.cli.console as console

    for s in series:
        for p in s.points:
            for problem in p.problems:
                console.warning(f"{s.key} at {p.ref[:12]} ({p.date[:10]}): {problem}")


def _load_series(
    inputs: list[str], db: Path | None, questionnaire: str | None
) -> tuple[list[Series], list[Problem]]:
    """Timelines from a store (``inputs`` are subjects) or from git (files and folders)."""
    from maturity_cli.errors import Problem, UsageError

    if db is not None:
        from maturity_cli.history.store import Store

        with Store.open(db, create=False) as store:
            return store.series(inputs), []
    if not inputs:
        raise UsageError(
            Problem("give answers files or folders", hint="or use --db DB to read a store")
        )
    from maturity_cli.history.collect import git_history

    series, problems, _scored = git_history([Path(i) for i in inputs], questionnaire)
    return series, problems


def register(app: typer.Typer) -> None:
    """Add the ``history`` and ``record`` commands to the application."""
    _register_history(app)
    _register_record(app)


def _register_history(app: typer.Typer) -> None:

    @app.command("history")
    @command
    def history(
        inputs: Annotated[
            list[str] | None,
            typer.Argument(
                help="Answers files or folders in git; with --db, the subjects to show.",
                show_default=False,
            ),
        ] = None,
        db: Annotated[
            Path | None,
            typer.Option("--db", help="Read a results store instead of git.", show_default=False),
        ] = None,
        since: Annotated[
            str | None, typer.Option("--since", help="Only points on or after YYYY-MM-DD.")
        ] = None,
        until: Annotated[
            str | None, typer.Option("--until", help="Only points on or before YYYY-MM-DD.")
        ] = None,
        fmt: Annotated[
            HistoryFormat, typer.Option("--format", "-f", help="Output format.")
        ] = HistoryFormat.table,
        output: Annotated[
            Path | None,
            typer.Option("--output", "-o", help="Write to this file instead of stdout."),
        ] = None,
        questionnaire: QuestionnaireOpt = None,
    ) -> None:
        import maturity_cli.cli.console as console
        from maturity_cli.cli.common import checked_output
        from maturity_cli.history.render import sort_movers
        from maturity_cli.history.timeline import movements, within

        start, end = _date(since, "--since"), _date(until, "--until")
        read = [Path(i) for i in inputs or []] + ([db] if db is not None else [])
        output = checked_output(output, read, questionnaire)
        series, problems = _load_series(inputs or [], db, questionnaire)
        movers = sort_movers(m for s in series for m in movements(s, start, end))
        series = [within(s, start, end) for s in series]
        _report_invalid(series)
        for problem in problems:
            console.error(problem.render())
        if series or not problems:
            _emit(series, movers, fmt, output)
        if problems:
            raise typer.Exit(EXIT_BAD_INPUT)


def _register_record(app: typer.Typer) -> None:
    @app.command("record")
    @command
    def record(
        inputs: Annotated[
            list[str],
            typer.Argument(
                help="Answers files, folders, results (.json) or JSON Lines (.jsonl).",
                show_default=False,
            ),
        ],
        db: DbOpt = None,
        questionnaire: QuestionnaireOpt = None,
    ) -> None:
        import maturity_cli.cli.console as console
        from maturity_cli.errors import MaturityError
        from maturity_cli.history.inputs import read_results
        from maturity_cli.history.store import Store, default_path
        from maturity_cli.load.discover import expand_inputs

        path = db
        if path is None:
            path = default_path()
            path.parent.mkdir(parents=True, exist_ok=True)
        plain = [i for i in inputs if not i.endswith(".jsonl")]
        found, problems, _many = expand_inputs(plain)
        files = [*found, *(Path(i) for i in inputs if i.endswith(".jsonl"))]
        for problem in problems:
            console.error(problem.render())
        failed, added, same = len(problems), 0, 0
        with Store.open(path) as store:
            for file in files:
                try:
                    new, old = store.record(read_results(file, questionnaire))
                except MaturityError as exc:
                    if exc.problems and exc.problems[0].file == str(path):
                        raise
                    failed += 1
                    for problem in exc.problems:
                        console.error(problem.render())
                    continue
                added, same = added + new, same + old
        console.info(f"Recorded {added} new result(s) in {path}; {same} were already there.")
        if failed:
            console.error(f"{failed} input(s) could not be recorded")
            raise typer.Exit(EXIT_BAD_INPUT)
