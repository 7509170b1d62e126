"""The ``maturity`` command line: parse arguments, call the library, print, exit.

The commands are listed in :mod:`maturity_cli.cli.registry` and built only when
invoked, so ``--help`` imports none of them. Every command is wrapped by
:func:`maturity_cli.cli.common.command`, the one place where errors become exit
codes: 0 success, 1 CI targets missed, 2 bad input or usage, 130 interrupted.
Heavy modules are imported inside the commands, so start-up stays fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from maturity_cli import __version__
from maturity_cli.cli.registry import LazyGroup

app = typer.Typer(
    name="maturity",
    cls=LazyGroup,
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
    pass


def main() -> None:
    """Console-script entry point."""
    app(prog_name="maturity")
