"""The ``maturity scan`` command: propose answers from a repository's files."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from maturity_cli.cli.common import QuestionnaireOpt, command

if TYPE_CHECKING:
    from maturity_cli.evidence.scan import ScanResult


class ScanFormat(str, Enum):
    table = "table"
    json = "json"
    md = "md"


def register(app: typer.Typer) -> None:
    """Add the ``scan`` command to the application."""

    @app.command("scan")
    @command
    def scan(
        path: Annotated[Path, typer.Argument(help="Repository folder to read.")],
        questionnaire: QuestionnaireOpt = None,
        fmt: Annotated[
            ScanFormat, typer.Option("--format", "-f", help="Output format.")
        ] = ScanFormat.table,
        output: Annotated[
            Path | None,
            typer.Option("--output", "-o", help="Write to this file instead of stdout."),
        ] = None,
    ) -> None:
        """Propose answers from a repository's files, with the evidence for each.

        Reads files only: nothing in the repository is executed and nothing goes
        over the network.
        """
        from maturity_cli.evidence.render import to_markdown, to_text
        from maturity_cli.files import write_atomic
        from maturity_cli.scoring.result import to_json

        result = run_scan(path, questionnaire)
        if fmt is ScanFormat.json:
            text = to_json(result)
        elif fmt is ScanFormat.md:
            text = to_markdown(result)
        else:
            text = to_text(result)
        if output is not None:
            _refuse_inside(output, path)
            write_atomic(output, text)
        else:
            sys.stdout.write(text)


def run_scan(path: Path, questionnaire: str | None) -> ScanResult:
    """Load the questionnaire (default: the default built-in) and scan ``path``."""
    from maturity_cli.cli import console
    from maturity_cli.errors import Problem, UsageError
    from maturity_cli.evidence.scan import scan_repository
    from maturity_cli.questionnaire.loader import default_questionnaire, load_questionnaire

    q = load_questionnaire(questionnaire or default_questionnaire())
    if q.evidence is None:
        raise UsageError(
            Problem(
                f"questionnaire {q.id!r} has no evidence section",
                hint="see docs/evidence.md to add one, or pick another with -q",
            )
        )
    result = scan_repository(path, q, str(path))
    if result.notes:
        console.info(f"{len(result.notes)} file(s) skipped or partly read (listed in the output)")
    return result


def prefill_answers(template: str, path: Path, questionnaire: str) -> str:
    """``maturity init --scan``: the answers template with the scan's proposals filled in."""
    from maturity_cli.cli import console
    from maturity_cli.evidence.prefill import prefill
    from maturity_cli.questionnaire.loader import load_questionnaire

    result = run_scan(path, questionnaire)
    console.info(
        f"Pre-filled {len(result.proposals)} answer(s) proposed by scanning {path}; "
        "each carries a note with its evidence: check them."
    )
    return prefill(template, result, load_questionnaire(questionnaire))


def _refuse_inside(output: Path, path: Path) -> None:
    """Never write over a file of the scanned repository."""
    from maturity_cli.errors import Problem, UsageError

    target = output.resolve()
    if target.exists() and target.is_relative_to(path.resolve()):
        raise UsageError(
            Problem(
                "refusing to replace a file of the scanned folder",
                file=str(output),
                hint="write the scan somewhere else",
            )
        )
