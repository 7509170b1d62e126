"""The ``maturity new`` command: write a commented starter questionnaire."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from maturity_cli.cli.common import command


def register(app: typer.Typer) -> None:
    """Add the ``new`` command to the application."""

    @app.command("new")
    @command
    def new(
        path: Annotated[
            Path, typer.Argument(help="Questionnaire file to write.", show_default=False)
        ],
        force: Annotated[
            bool, typer.Option("--force", help="Replace the file if it exists.")
        ] = False,
    ) -> None:
        import maturity_cli.cli.console as console
        from maturity_cli.errors import Problem, UsageError
        from maturity_cli.files import write_atomic
        from maturity_cli.questionnaire.starter import starter_questionnaire

        if path.exists() or path.is_symlink():
            if not path.is_file():
                raise UsageError(Problem("exists and is not a regular file", file=str(path)))
            if not force:
                raise UsageError(
                    Problem(
                        "file already exists",
                        file=str(path),
                        hint="choose another name, or add --force to replace it",
                    )
                )
        write_atomic(path, starter_questionnaire(str(path)))
        console.info(
            f"Wrote {path}. Change it piece by piece; check it with: maturity validate {path}"
        )
