"""The ``merge`` and ``badge`` commands: one team's consensus answers, and shields.io badges."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from maturity_cli.cli.common import EXIT_BAD_INPUT, QuestionnaireOpt, command

if TYPE_CHECKING:
    from maturity_cli.answers.loader import Answers
    from maturity_cli.answers.merge import Merged
    from maturity_cli.questionnaire.loader import Questionnaire
    from maturity_cli.scoring.result import Result


class ConsensusRule(str, Enum):
    median = "median"
    min = "min"
    majority = "majority"


def questionnaire_ref_for(q: Questionnaire, output: Path, given: str | None) -> str:
    """How the written answers file should name its questionnaire."""
    from maturity_cli.load.catalog import builtin_questionnaires, looks_like_path

    if given is not None and not looks_like_path(given):
        return given
    builtin = builtin_questionnaires().get(q.id)
    if q.path is None or (builtin is not None and builtin.resolve() == q.path.resolve()):
        return q.id
    return os.path.relpath(q.path.resolve(), output.resolve().parent)


def _load_all(files: list[Path], questionnaire: str | None) -> list[Answers]:
    import maturity_cli.cli.console as console
    from maturity_cli.answers.loader import load_answers
    from maturity_cli.errors import MaturityError

    loaded, failed = [], 0
    for path in files:
        try:
            answers = load_answers(path, questionnaire_ref=questionnaire)
        except MaturityError as exc:
            failed += 1
            for problem in exc.problems:
                console.error(problem.render())
            continue
        for warning in answers.warnings:
            console.warning(f"{path}: {warning}")
        loaded.append(answers)
    if failed:
        console.error(f"{failed} answers file(s) could not be read; nothing was written")
        raise typer.Exit(EXIT_BAD_INPUT)
    return loaded


def _summary(merged: Merged, output: Path | None) -> None:
    import maturity_cli.cli.console as console

    n = len(merged.respondents)
    where = f"Wrote {output}" if output is not None else "Printed the consensus"
    console.info(f"{where}: the {merged.rule} of {n} respondent(s).")
    if n < 2:
        return
    differ = [s for s in merged.questions if s.spread > 0]
    console.info(
        f"They disagree on {len(differ)} of {len(merged.questions)} question(s), "
        f"{len(merged.flagged)} by more than one step:"
    )
    for s in merged.flagged:
        answers = "; ".join(f"{who}: {what}" for who, what in s.answers.items())
        console.info(f"  {s.question} (spread {s.spread:g}): {answers} -> {s.consensus}")


def register(app: typer.Typer) -> None:
    """Add the ``merge`` and ``badge`` commands to the application."""
    _register_merge(app)
    _register_badge(app)


def _register_merge(app: typer.Typer) -> None:
    @app.command("merge")
    @command
    def merge(
        files: Annotated[
            list[Path],
            typer.Argument(help="Answers files of several respondents.", show_default=False),
        ],
        output: Annotated[
            Path, typer.Option("--output", "-o", help="The consensus answers file to write.")
        ],
        rule: Annotated[
            ConsensusRule,
            typer.Option("--consensus", help="How answers are combined."),
        ] = ConsensusRule.median,
        questionnaire: QuestionnaireOpt = None,
    ) -> None:
        from maturity_cli.answers.merge import merge_answers, merged_file_text
        from maturity_cli.cli.common import checked_output
        from maturity_cli.files import write_atomic

        target = checked_output(output, files, questionnaire)  # never an answers file
        merged = merge_answers(_load_all(files, questionnaire), rule.value)
        place = target or Path("consensus.yaml")  # standard output: refer from here
        ref = questionnaire_ref_for(merged.answers.questionnaire, place, questionnaire)
        write_atomic(target or Path("-"), merged_file_text(merged, ref))
        _summary(merged, target)


def _register_badge(app: typer.Typer) -> None:
    @app.command("badge")
    @command
    def badge(
        files: Annotated[
            list[Path], typer.Argument(help="Answers files (or JSON results).", show_default=False)
        ],
        output: Annotated[
            Path,
            typer.Option("--output", "-o", help="Badge file to write, or a folder for several."),
        ],
        framework: Annotated[
            list[str] | None,
            typer.Option(
                "--framework", help="Only this framework (repeatable).", show_default=False
            ),
        ] = None,
        label: Annotated[
            str | None,
            typer.Option("--label", help="Badge label (default: the framework's title)."),
        ] = None,
        questionnaire: QuestionnaireOpt = None,
    ) -> None:
        import maturity_cli.cli.console as console
        from maturity_cli.cli.common import checked_output
        from maturity_cli.errors import MaturityError, Problem, UsageError
        from maturity_cli.files import write_atomic
        from maturity_cli.history import badge as badges
        from maturity_cli.history.inputs import read_results

        results = []
        for path in files:
            try:
                results += list(read_results(path, questionnaire))
            except MaturityError as exc:
                for problem in exc.problems:
                    console.error(problem.render())
                raise typer.Exit(EXIT_BAD_INPUT) from None
        if len(results) > 1 and not output.is_dir():
            raise UsageError(
                Problem("several teams need a folder", file=str(output), hint="give -o FOLDER")
            )
        targets = badges.badge_paths(results, output, framework)
        if not targets:
            raise UsageError(Problem(f"no framework {', '.join(framework or [])!r} in the results"))
        for path, _fw in targets:
            checked_output(path, files, questionnaire)
        for path, fw in targets:
            write_atomic(path, badges.badge_json(badges.badge(fw, label)))
            console.info(f"Wrote {path} ({fw.id}: level {fw.level})")


ConsensusOpt = Annotated[
    ConsensusRule | None,
    typer.Option(
        "--consensus",
        help="Combine answers files about the same team by this rule (median, min, majority).",
        show_default=False,
    ),
]


def consensus_results(
    files: list[Path], questionnaire: str | None, rule: ConsensusRule
) -> tuple[list[Result], list[Merged], int]:
    """Load the files (printing problems), then one consensus result per team.

    Returns the results, the spread of each team combined from several files, and
    how many files could not be read.
    """
    import maturity_cli.cli.console as console
    from maturity_cli.answers.loader import load_answers
    from maturity_cli.errors import MaturityError
    from maturity_cli.history.consensus import score_consensus

    loaded: list[Answers] = []
    failed = 0
    for path in files:
        try:
            loaded.append(load_answers(path, questionnaire_ref=questionnaire))
        except MaturityError as exc:
            failed += 1
            for problem in exc.problems:
                console.error(problem.render())
    teams = score_consensus(loaded, rule.value)
    for team in teams:
        for warning in team.result.warnings:
            console.warning(f"{team.result.source}: {warning}")
    merged = [t.merged for t in teams if t.merged is not None]
    return [t.result for t in teams], merged, failed
