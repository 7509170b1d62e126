"""Every ``maturity`` command by name, built only when it is used.

:data:`COMMANDS` names each command's module and its one-line summary. The summary
is what ``maturity --help`` lists and the first paragraph of the command's own
help; the function's docstring, if it has one, adds the paragraphs after it. A
module adds its commands with ``register(app)``.

Typer turns a command into a click command by inspecting each of its parameters,
which costs about a millisecond per command, and importing a command's module
costs more. :class:`LazyGroup` lists the commands from the registry and builds
one (importing its module) only when click asks for it by name: ``maturity
score FILE`` builds ``score`` alone, and ``maturity --help`` builds none.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any, NamedTuple

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup


class Entry(NamedTuple):
    """Where a command is defined (a module of ``maturity_cli.cli``) and what it does."""

    module: str
    summary: str


#: Name -> entry, in the order ``maturity --help`` lists them.
COMMANDS: dict[str, Entry] = {
    "list": Entry("simple", "List the built-in questionnaires and their frameworks."),
    "questions": Entry("simple", "Show a questionnaire's questions, grouped by dimension."),
    "init": Entry(
        "simple",
        "Write a blank answers file to fill in by hand "
        "(default: the default built-in questionnaire).",
    ),
    "validate": Entry(
        "simple",
        "Check questionnaires and answers files (answers against their questionnaire).",
    ),
    "schema": Entry(
        "simple",
        "Print the JSON Schema of a questionnaire, answers file, result, policy, "
        "scan, or check/diff JSON.",
    ),
    "assess": Entry("assess", "Answer a questionnaire question by question in the terminal."),
    "check": Entry(
        "check", "Check answers against a CI policy: exit 1 when an error-level target is missed."
    ),
    "history": Entry(
        "history", "Show how each team's levels changed over time, from git or a results store."
    ),
    "record": Entry(
        "history", "Add results to a results store; a result already stored is not added again."
    ),
    "merge": Entry(
        "merge",
        "Combine several respondents' answers about one team into one consensus answers file.",
    ),
    "badge": Entry("merge", "Write shields.io endpoint badges: the level per team and framework."),
    "diff": Entry(
        "diff", "Show what changed between two assessments: levels, criteria, advice, answers."
    ),
    "new": Entry(
        "new",
        "Write a commented starter questionnaire (one question of each type, one framework "
        "of each style, a do/hold-off pair) that validates as it is.",
    ),
    "report": Entry(
        "report", "Write a report: one file gives a team report, several an organisation report."
    ),
    "scan": Entry("scan", "Propose answers from a repository's files, with the evidence for each."),
    "score": Entry(
        "score", "Score answers files: levels per framework and dimension, and what to do next."
    ),
}


def build(name: str) -> TyperCommand:
    """The click command ``name``: import its module, register it, inspect its parameters."""
    entry = COMMANDS[name]
    module = importlib.import_module(f"maturity_cli.cli.{entry.module}")
    holder = typer.Typer()
    module.register(holder)
    info = next(i for i in holder.registered_commands if i.name == name)
    details = inspect.getdoc(info.callback)
    info.help = f"{entry.summary}\n\n{details}" if details else entry.summary
    built = typer.main.get_command_from_info(
        info, pretty_exceptions_short=True, rich_markup_mode=None
    )
    assert isinstance(built, TyperCommand)
    return built


class _Commands(MutableMapping[str, Any]):
    """The group's command table: every registered name, each command built on first use."""

    def __init__(self, built: Mapping[str, Any]) -> None:
        self._built: dict[str, Any] = dict(built)

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            self._built[name] = build(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self._built

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._built if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS) + sum(name not in COMMANDS for name in self._built)


class LazyGroup(TyperGroup):
    """The top-level group: commands from :data:`COMMANDS`, built when first looked up.

    Unknown names, suggestions ("Did you mean") and shell completion work as in
    typer's group, since they go through the same table.
    """

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        # Commands added with @app.command() come built: they are kept, after the registry's.
        self.commands = _Commands(self.commands)

    def list_commands(self, ctx: Any) -> list[str]:
        """Every command's name, in the registry's order (typer's own builds every command)."""
        return list(self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """List every command with its summary, shortened as click would, building none."""
        rows = [
            (name, self._summary_command(name))
            for name in self.list_commands(ctx)
            if name in COMMANDS or not self.commands[name].hidden
        ]
        limit = formatter.width - 6 - max(len(name) for name, _ in rows)
        with formatter.section("Commands"):
            formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in rows])

    def _summary_command(self, name: str) -> Any:
        """A stand-in holding only the registered summary; a command added directly as is."""
        entry = COMMANDS.get(name)
        return self.commands[name] if entry is None else TyperCommand(name, help=entry.summary)
