"""Docs cannot drift: every command and every option is documented."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from maturity_cli.cli.app import app

ROOT = Path(__file__).resolve().parent.parent


def _docs() -> str:
    parts = [(ROOT / "README.md").read_text(encoding="utf-8")]
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(parts)


def _commands() -> dict[str, list[str]]:
    group = typer.main.get_command(app)
    out: dict[str, list[str]] = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        flags = []
        for param in command.params:
            flags += [o for o in param.opts if o.startswith("--")]
        out[name] = flags
    return out


def test_every_command_is_in_the_readme_reference() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in _commands():
        assert re.search(rf"^#+ `maturity {name}", readme, flags=re.M), (
            f"no README section for {name}"
        )


def test_every_option_is_documented() -> None:
    docs = _docs()
    missing = [
        f"maturity {name} {flag}"
        for name, flags in _commands().items()
        for flag in flags
        if flag not in ("--help",) and not re.search(rf"{re.escape(flag)}\b", docs)
    ]
    assert not missing, f"undocumented options: {missing}"


def test_every_command_has_help_text() -> None:
    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"{name} has no help text"
