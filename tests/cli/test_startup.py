"""``--help`` and ``--version`` import only what they need: no YAML, templates or engine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from maturity_cli.cli.registry import COMMANDS

FORBIDDEN = (
    "jinja2",
    "yaml",
    "msgspec",
    "maturity_cli.scoring.engine",
    "pydantic",
    "prompt_toolkit",
)
# typer builds pydantic adapters for a command's parameters, even for its --help.
FORBIDDEN_SUBCOMMAND = ("jinja2", "yaml", "msgspec", "maturity_cli.scoring.engine")

PROBE = """
import sys
from maturity_cli.cli.app import app
try:
    app(args=sys.argv[1:], prog_name="maturity")
except SystemExit:
    pass
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {names} or m in {names})
sys.stderr.write("LOADED:" + ",".join(loaded))
"""


@pytest.mark.parametrize(
    ("args", "forbidden"),
    [
        (["--version"], FORBIDDEN),
        (["--help"], FORBIDDEN),
        (["score", "--help"], FORBIDDEN_SUBCOMMAND),
    ],
)
def test_startup_imports_nothing_heavy(args: list[str], forbidden: tuple[str, ...]) -> None:
    out, loaded = _loaded(forbidden, args)
    assert out
    assert loaded == "", f"{args} imported {loaded}"


def _loaded(names: tuple[str, ...], args: list[str]) -> tuple[str, str]:
    """What ``maturity ARGS`` printed, and which of ``names`` it imported."""
    code = PROBE.replace("{names}", repr(set(names)))
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    return proc.stdout, proc.stderr.rpartition("LOADED:")[2]


# Scoring one file to a pipe needs no templates, no terminal styling, no workers and
# no temporary files (once the questionnaire is cached).
FORBIDDEN_ONE_FILE = ("jinja2", "rich", "multiprocessing", "tempfile", "json", "glob")


def test_scoring_one_file_imports_only_what_it_uses() -> None:
    example = str(Path(__file__).parents[2] / "examples" / "small-startup.yaml")
    _loaded(FORBIDDEN_ONE_FILE, ["score", example])  # may fill the questionnaire cache
    out, loaded = _loaded(FORBIDDEN_ONE_FILE, ["score", example])
    assert "Microsoft" in out
    assert loaded == "", f"scoring one file imported {loaded}"


def _help_imports() -> set[str]:
    """The modules ``maturity --help`` imports (it must succeed)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "maturity_cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0
    return {line.rpartition("|")[2].strip() for line in proc.stderr.splitlines()}


def test_help_does_not_import_rich_help_formatting() -> None:
    modules = _help_imports()
    assert "typer.rich_utils" not in modules
    assert not {"yaml", "jinja2", "maturity_cli.scoring.engine"} & modules


def test_help_imports_no_command_module() -> None:
    """The command list comes from the registry: no command's module is imported for it."""
    modules = _help_imports()
    assert "maturity_cli.cli.registry" in modules
    commands = {f"maturity_cli.cli.{entry.module}" for entry in COMMANDS.values()}
    assert not commands & modules
    assert "maturity_cli.cli.common" not in modules
