"""The small commands: ``list``, ``questions``, ``init``, ``validate`` and ``schema``.

Their one-line help is in :mod:`maturity_cli.cli.registry`.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from maturity_cli.cli.common import EXIT_BAD_INPUT, QuestionnaireOpt, command
from maturity_cli.cli.formats import TableOrJson, unhandled
from maturity_cli.cli.scan import ProposeScanOpt, prefill_answers
from maturity_cli.errors import MaturityError

if TYPE_CHECKING:
    from maturity_cli.questionnaire.definitions import Questionnaire


def register(app: typer.Typer) -> None:
    """Add ``list``, ``questions``, ``init``, ``validate`` and ``schema`` to the application."""
    app.command("list")(command(list_questionnaires))
    app.command("questions")(command(questions))
    app.command("init")(command(init))
    app.command("validate")(command(validate))
    app.command("schema")(command(schema))


def list_questionnaires(
    fmt: Annotated[
        TableOrJson, typer.Option("--format", "-f", help="Output format.")
    ] = TableOrJson.table,
) -> None:
    from maturity_cli.load.catalog import builtin_questionnaires
    from maturity_cli.questionnaire.loader import load_questionnaire

    items = [load_questionnaire(path) for path in builtin_questionnaires().values()]
    match fmt:
        case TableOrJson.table:
            import maturity_cli.cli.console as console
            import maturity_cli.cli.views as views

            console.out().print(views.questionnaires_table(items))
        case TableOrJson.json:
            sys.stdout.write(_questionnaires_json(items))
        case _:
            unhandled(fmt)


def _questionnaires_json(items: list[Questionnaire]) -> str:
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
    return to_json(data)


def questions(
    questionnaire: Annotated[str, typer.Argument(help="Built-in questionnaire id or path.")],
    fmt: Annotated[
        TableOrJson, typer.Option("--format", "-f", help="Output format.")
    ] = TableOrJson.table,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="With --format json: one object with the questionnaire's id and version, "
            "questions, dimensions, frameworks and recommendations (to join compact results).",
        ),
    ] = False,
) -> None:
    from maturity_cli.questionnaire.loader import load_questionnaire

    q = load_questionnaire(questionnaire)
    if full and fmt is TableOrJson.json:
        from maturity_cli.scoring.compact import catalog
        from maturity_cli.scoring.result import to_json

        sys.stdout.write(to_json(catalog(q)))
        return
    match fmt:
        case TableOrJson.table:
            import maturity_cli.cli.console as console
            import maturity_cli.cli.views as views

            console.out().print(views.questions_view(q))
        case TableOrJson.json:
            sys.stdout.write(_questions_json(q))
        case _:
            unhandled(fmt)


def _questions_json(q: Questionnaire) -> str:
    import msgspec

    from maturity_cli.scoring.result import to_json

    data = [
        {
            **msgspec.to_builtins(question.spec),
            "choices": [{"value": c.value, "label": c.label} for c in question.choices],
        }
        for question in q.questions
    ]
    return to_json(data)


def init(
    questionnaire: QuestionnaireOpt = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Answers file to write.")] = Path(
        "answers.yaml"
    ),
    subject: Annotated[str, typer.Option(help="The team or product assessed.")] = "",
    assessor: Annotated[str, typer.Option(help="Who answers the questions.")] = "",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    scan_path: ProposeScanOpt = None,
) -> None:
    import datetime as dt

    import maturity_cli.cli.console as console
    from maturity_cli.answers.template import answers_template
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
    if scan_path is not None:
        text = prefill_answers(text, scan_path, questionnaire or q.id)
    write_atomic(output, text)
    if target is not None:
        console.info(
            f"Wrote {safe_text(str(output))} ({len(q.questions)} questions). "
            f"Fill it in, then run: maturity score {safe_text(str(output))}"
        )


def validate(
    files: Annotated[
        list[Path], typer.Argument(help="Questionnaire and answers files.", show_default=False)
    ],
    questionnaire: QuestionnaireOpt = None,
) -> None:
    import maturity_cli.cli.console as console
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
    compact_result = "compact-result"
    catalog = "catalog"
    policy = "policy"
    scan = "scan"
    check = "check"
    diff = "diff"


def schema(
    name: Annotated[SchemaName, typer.Argument(help="Which document's schema to print.")],
) -> None:
    from maturity_cli.scoring.result import to_json
    from maturity_cli.validation.schemas import json_schema

    sys.stdout.write(to_json(json_schema(name.value)))
