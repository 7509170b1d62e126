"""Text from files never reaches the terminal as control sequences or rich markup."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from maturity_cli.cli.app import app
from maturity_cli.text import plain_text, safe_text, xml_text

HOSTILE = "a\x1b]0;title\x07b\x1b[2Jc\x9b31md\x00e\tf\ng [/] [link=https://x.test]click[/link] \\"


def rendered(markup: str) -> str:
    console = Console(width=200, record=True, color_system=None, force_terminal=False)
    with console.capture() as captured:
        console.print(markup)
    return captured.get()


def test_control_characters_are_removed_but_newline_and_tab_kept() -> None:
    text = plain_text(HOSTILE)
    assert not any(ord(c) < 32 and c not in "\n\t" for c in text)
    assert not any(0x7F <= ord(c) <= 0x9F for c in text)
    assert "\t" in text and "\n" in text


def test_markup_shows_literally() -> None:
    shown = rendered(safe_text(HOSTILE))
    assert "[/]" in shown
    assert "[link=https://x.test]click[/link]" in shown
    assert "\x1b" not in shown
    assert shown.rstrip("\n").endswith(" \\")


@pytest.mark.parametrize("value", ["[bold]x[/bold]", "\\[b]", "x\\", "[", "]", "[/]"])
def test_escaped_text_renders_as_itself(value: str) -> None:
    assert rendered(safe_text(value)).rstrip("\n") == value


def test_xml_text_drops_what_xml_cannot_hold() -> None:
    assert xml_text("a\x00b\x1bc\ud800d\ufffee\x85f\ng") == "abcdef\ng"


def test_a_hostile_subject_reaches_the_terminal_as_plain_text(
    files,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root: Path = files(
        {
            "q.yaml": """
                id: q
                version: "1"
                title: "Q [/] \\e[2J"
                dimensions: [{id: d, title: "D [link=x]"}]
                questions: [{id: a, text: A?, type: yes_no, dimension: d}]
                frameworks:
                  - {id: f, title: F, style: gated, levels: [{level: 0, name: "Z \\e]0;t\\a"}]}
            """,
            "a.yaml": 'questionnaire: q.yaml\nsubject: "Team \\e[2J [/] [link=x]y"\nanswers: {a: yes}\n',
            "b.yaml": 'questionnaire: q.yaml\nsubject: "[/]\\x9b"\nanswers: {a: no}\n',
        }
    )
    monkeypatch.chdir(root)
    for args in (["score", "a.yaml"], ["score", "a.yaml", "b.yaml"], ["questions", "q.yaml"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\x9b" not in result.output
        assert "[/]" in result.output
