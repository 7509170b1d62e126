"""The command registry: every command listed from it, each built only when used."""

from __future__ import annotations

import re

import pytest
import typer.main
from typer.testing import CliRunner

import maturity_cli.cli.registry as registry
from maturity_cli.cli.app import app, main
from maturity_cli.cli.registry import COMMANDS


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names the registry is asked to build, in order."""
    names: list[str] = []
    real = registry.build

    def spy(name: str) -> typer.core.TyperCommand:
        names.append(name)
        return real(name)

    monkeypatch.setattr(registry, "build", spy)
    return names


def test_help_lists_every_command_with_its_summary_and_builds_none(built: list[str]) -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0, result.output
    listing = result.output.partition("Commands:")[2]
    rows = re.findall(r"^  (\S+) +(.+)$", listing, flags=re.M)
    assert [name for name, _ in rows] == list(COMMANDS)
    for name, short in rows:
        assert COMMANDS[name].summary.startswith(short.removesuffix("...")), name
    assert built == []


def test_bare_maturity_shows_the_help_without_building_a_command(built: list[str]) -> None:
    result = CliRunner().invoke(app, [])
    assert result.exit_code == 2
    assert "Commands:" in result.output
    assert built == []


def test_a_command_builds_itself_alone(
    built: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.argv", ["maturity", "list", "--format", "json"])
    with pytest.raises(SystemExit) as done:
        main()
    assert done.value.code == 0
    assert '"mlops"' in capsys.readouterr().out
    assert built == ["list"]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_its_own_help(name: str, built: list[str]) -> None:
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert f"Usage: maturity {name} " in result.output
    first_paragraph = result.output.split("\n\n")[1]
    assert _words(first_paragraph) == _words(COMMANDS[name].summary)
    # written once: the function's docstring holds only what follows the summary
    assert _words(result.output).count(_words(COMMANDS[name].summary)) == 1
    assert built == [name]


def test_an_unknown_command_is_a_usage_error_with_a_suggestion(built: list[str]) -> None:
    result = CliRunner().invoke(app, ["scroe", "x.yaml"])
    assert result.exit_code == 2
    assert "No such command 'scroe'. Did you mean 'score'?" in result.output
    assert built == []


def test_shell_completion_offers_the_matching_commands_with_their_summary() -> None:
    group = typer.main.get_command(app)
    ctx = group.make_context("maturity", [], resilient_parsing=True)
    items = {item.value: item.help for item in group.shell_complete(ctx, "sc")}
    assert set(items) == {"scan", "schema", "score"}
    assert COMMANDS["score"].summary.startswith(items["score"].removesuffix("..."))


def test_the_command_table_knows_every_name_without_building(built: list[str]) -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    ctx = group.make_context("maturity", [], resilient_parsing=True)
    assert group.list_commands(ctx) == list(COMMANDS)
    assert "score" in group.commands and "nope" not in group.commands
    assert len(group.commands) == len(COMMANDS)
    assert group.get_command(ctx, "nope") is None
    assert built == []


def test_a_command_added_directly_is_kept_after_the_registered_ones(built: list[str]) -> None:
    extra = typer.Typer(cls=registry.LazyGroup, rich_markup_mode=None)

    @extra.callback()
    def root() -> None:
        """An application with a command of its own."""

    @extra.command("hello")
    def hello() -> None:
        """Say hello."""
        typer.echo("hello")

    listing = CliRunner().invoke(extra, ["--help"]).output.partition("Commands:")[2]
    names = re.findall(r"^  (\S+)", listing, flags=re.M)
    assert names == [*COMMANDS, "hello"]
    assert "Say hello." in listing
    assert CliRunner().invoke(extra, ["hello"]).output == "hello\n"
    assert built == []
