"""The options of ``maturity check``, declared once so the command's signature stays short."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from maturity_cli.cli.formats import TableOrJson

PolicyOpt = Annotated[
    Path | None,
    typer.Option(
        "--policy",
        "-p",
        help="Policy file [default: .maturity.yml here or in a folder above, up to the "
        "repository root].",
        show_default=False,
    ),
]
NoPolicyOpt = Annotated[
    bool, typer.Option("--no-policy", help="Use no policy file: targets come from flags only.")
]
MinLevelOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--min-level",
        metavar="FRAMEWORK=N",
        help="Require a framework level (repeatable; overrides the policy).",
    ),
]
MinDimensionOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--min-dimension",
        metavar="[FRAMEWORK/]DIMENSION=N",
        help="Require a dimension level (repeatable; overrides the policy).",
    ),
]
MaxAgeOpt = Annotated[
    int | None,
    typer.Option("--max-age", metavar="DAYS", help="Fail assessments older than this."),
]
WarnOnlyOpt = Annotated[
    bool, typer.Option("--warn-only", help="Report missed targets as warnings; exit 0.")
]
BaselineOpt = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        metavar="OLD",
        help="Also fail on regressions since these answers (matched by questionnaire and "
        "subject): an answers file, JSON result or folder.",
    ),
]
BaselineRefOpt = Annotated[
    str | None,
    typer.Option(
        "--baseline-ref",
        metavar="REF",
        help="Also fail on regressions since git REF (e.g. origin/main): each file's "
        "baseline is that file at REF.",
    ),
]
TodayOpt = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="YYYY-MM-DD",
        help="Check as of this date (reproducible runs) [default: today].",
    ),
]
DetailsOpt = Annotated[
    bool,
    typer.Option(
        "--details",
        help="The full table (one row per target and file) even for many files.",
    ),
]
FormatOpt = Annotated[TableOrJson, typer.Option("--format", "-f", help="Output format.")]
JunitOpt = Annotated[
    Path | None, typer.Option("--junit", metavar="FILE", help="Also write JUnit XML.")
]
SarifOpt = Annotated[
    Path | None,
    typer.Option("--sarif", metavar="FILE", help="Also write SARIF 2.1.0 (code scanning)."),
]
InputsArg = Annotated[
    list[str],
    typer.Argument(help="Answers files (or JSON results), folders or globs.", show_default=False),
]
