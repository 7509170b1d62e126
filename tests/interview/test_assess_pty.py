"""``maturity assess`` driven for real: through a pseudo-terminal, and with piped input."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import sys
import textwrap
from pathlib import Path

import pexpect
import pyte
import pytest
from test_prompts import QUESTIONNAIRE as HOSTILE
from typer.testing import CliRunner

from maturity_cli.answers.loader import UNKNOWN, load_answers
from maturity_cli.cli.app import app

QUESTIONNAIRE = """\
id: pty-test
version: "1.0"
title: Terminal interview test
dimensions:
  - {id: dev, title: Development}
  - {id: ops, title: Operations}
questions:
  - {id: people, text: How many people build models?, type: number, integer: true,
     min: 0, max: 500, context: true}
  - {id: tracking, text: Do you track experiments?, type: yes_no, dimension: dev,
     help: Tracking means recording parameters and metrics of every training run.}
  - id: tests
    text: How are tests run?
    type: scale
    dimension: dev
    choices:
      - {value: none, label: Not at all}
      - {value: manual, label: By hand}
      - {value: auto, label: Automatically, help: "On every change, by CI."}
  - id: tools
    text: Which tools do you use?
    type: multiple_choice
    dimension: dev
    choices: [{value: git, points: 1}, {value: ci, points: 1}, {value: registry, points: 1}]
  - {id: serving, text: How are predictions served?, type: single_choice, context: true,
     choices: [batch, online]}
  - {id: monitoring, text: Do you monitor models?, type: yes_no, dimension: ops,
     when: 'serving == "online"'}
  - {id: registry, text: Is there a model registry?, type: yes_no, dimension: ops}
  - {id: notes, text: Anything else worth knowing?, type: text, context: true}
frameworks:
  - id: pct
    title: Percent
    style: percentage
    levels:
      - {level: 0, name: Low}
      - {level: 1, name: High, at_least: 50}
"""

DOWN, UP, LEFT, CTRL_C, BACKSPACE = "\x1b[B", "\x1b[A", "\x1b[D", "\x03", "\x7f"
TIMEOUT = 15
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\x1b[=>]")


@pytest.fixture
def qfile(tmp_path: Path) -> Path:
    path = tmp_path / "q.yaml"
    path.write_text(QUESTIONNAIRE, encoding="utf-8")
    return path


class Session:
    """One ``maturity assess`` process on a pseudo-terminal, with its output recorded.

    The output also goes through a terminal emulator (pyte), and what the screen
    shows is kept at every step, so tests check what a person would see.
    """

    def __init__(self, cwd: Path, args: list[str], width: int = 60, height: int = 24) -> None:
        env = {**os.environ, "NO_COLOR": "1", "COLUMNS": str(width), "TERM": "xterm"}
        env.pop("FORCE_COLOR", None)
        self.log = io.StringIO()
        self.width = width
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.Stream(self.screen)
        self.fed = 0
        self.frames: list[list[str]] = []
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "maturity_cli", "assess", *args],
            cwd=str(cwd),
            env=env,
            dimensions=(height, width),
            encoding="utf-8",
            timeout=TIMEOUT,
        )
        self.child.logfile_read = self.log

    def _frame(self) -> None:
        text = self.log.getvalue()
        self.stream.feed(text[self.fed :])
        self.fed = len(text)
        self.frames.append([line.rstrip() for line in self.screen.display])

    def expect(self, text: str) -> None:
        self.child.expect_exact(text)
        self._frame()

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def step(self, wait_for: str, keys: str) -> None:
        self.expect(wait_for)
        self.send(keys)

    def end(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        self._frame()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)

    def lines(self) -> list[str]:
        """Every line shown on the screen at any step."""
        return [line for frame in self.frames for line in frame]

    def output(self) -> str:
        """Everything written, without control sequences (for text that scrolled away)."""
        return _ANSI.sub("", self.log.getvalue())


def start(s: Session, subject: str = "Team A") -> None:
    s.step("Subject", subject + "\r")
    s.step("Assessor", "\r")


@pytest.mark.parametrize("width", [60, 200])
def test_full_run_with_keys(tmp_path: Path, qfile: Path, width: int) -> None:
    s = Session(tmp_path, ["-q", str(qfile), "-o", "answers.yaml"], width)
    start(s)
    s.step("How many people build models?", "-3\r")
    s.step("below the minimum", BACKSPACE * 2 + "4\r")  # an invalid number, retried
    s.step("Do you track experiments?", "?")
    s.step("recording parameters", "y")  # help shown, then answered with a key
    s.step("How are tests run?", DOWN + DOWN + UP + "\r")  # By hand
    s.step("Which tools do you use?", "1" + DOWN + DOWN + " \r")  # git and registry
    s.step("How are predictions served?", "2")
    s.step("Do you monitor models?", "b")  # back, to change the served answer
    s.step("How are predictions served?", "1")  # batch: monitoring is no longer asked
    s.step("Is there a model registry?", "d")  # don't know
    s.step("question 7 of 7", "Nothing more\r")
    s.step("That was the last question", "\r")
    s.step("Write a report?", "\r")
    assert s.end() == 0
    loaded = load_answers(tmp_path / "answers.yaml")
    assert {k: v.value for k, v in loaded.answers.items()} == {
        "people": 4,
        "tracking": True,
        "tests": "manual",
        "tools": frozenset({"git", "registry"}),
        "serving": "batch",
        "registry": UNKNOWN,
        "notes": "Nothing more",
    }
    assert loaded.subject == "Team A"
    assert "Percent: level" in s.output()  # the summary
    # Every screen of the interview is wrapped to the terminal, and to 100 columns at most.
    shown = [line for frame in s.frames[:-1] for line in frame]
    too_long = [line for line in shown if len(line) > min(width, 100)]
    assert not too_long, too_long
    # What the interview wrote scores exactly like the same answers written by hand.
    hand = tmp_path / "hand.yaml"
    hand.write_text(
        textwrap.dedent(
            f"""\
            questionnaire: q.yaml
            subject: Team A
            assessed_on: {loaded.assessed_on}
            answers:
              people: 4
              tracking: yes
              tests: manual
              tools: [registry, git]
              serving: batch
              registry: unknown
              notes: Nothing more
            """
        ),
        encoding="utf-8",
    )
    runner = CliRunner()
    scored = []
    for path in (tmp_path / "answers.yaml", hand):
        result = runner.invoke(app, ["score", str(path), "-f", "json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        data.pop("source")
        scored.append(data)
    assert scored[0] == scored[1]


def test_interrupt_then_resume(tmp_path: Path, qfile: Path) -> None:
    s = Session(tmp_path, ["-q", str(qfile), "-o", "answers.yaml"])
    start(s)
    s.step("How many people build models?", "12\r")
    s.step("Do you track experiments?", "n")
    s.step("How are tests run?", CTRL_C)
    s.expect("Resume with: maturity assess --resume -o answers.yaml")
    assert s.end() == 130
    saved = load_answers(tmp_path / "answers.yaml")
    assert {k: v.value for k, v in saved.answers.items()} == {"people": 12, "tracking": False}

    s = Session(tmp_path, ["--resume", "-o", "answers.yaml"])
    s.expect("question 3 of about 8")  # straight to the first unanswered question
    s.step("How are tests run?", LEFT)
    s.step("Previous answer: No", "\r")  # earlier answers are the defaults
    s.step("How are tests run?", "3")
    s.step("Which tools do you use?", "\r")  # none of these
    s.step("How are predictions served?", "2")
    s.step("Do you monitor models?", "y")
    s.step("Is there a model registry?", "n")
    s.step("Anything else worth knowing?", "skip\r")
    s.step("That was the last question", "\r")
    s.expect("1 question(s) skipped")
    s.step("Write a report?", "\r")
    assert s.end() == 0
    done = load_answers(tmp_path / "answers.yaml")
    assert done.answers["tracking"].value is False
    assert done.answers["tests"].value == "auto"
    assert done.answers["tools"].value == frozenset()
    assert done.answers["monitoring"].value is True
    assert "notes" not in done.answers


def test_killed_process_leaves_every_answer_saved(tmp_path: Path, qfile: Path) -> None:
    s = Session(tmp_path, ["-q", str(qfile), "-o", "answers.yaml"])
    start(s, "Killed team")
    s.step("How many people build models?", "3\r")
    s.step("Do you track experiments?", "y")
    s.step("How are tests run?", "1")
    s.expect("Which tools do you use?")
    s.child.kill(signal.SIGKILL)
    s.child.expect(pexpect.EOF)
    s.child.close()
    assert s.child.signalstatus == signal.SIGKILL
    saved = load_answers(tmp_path / "answers.yaml")
    assert saved.subject == "Killed team"
    assert {k: v.value for k, v in saved.answers.items()} == {
        "people": 3,
        "tracking": True,
        "tests": "none",
    }
    # No temporary file left behind (the lock file may stay: the kernel released its lock).
    assert not [p for p in tmp_path.glob(".answers.yaml.*") if p.suffix != ".lock"]


def test_piped_input(tmp_path: Path, qfile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    args = ["assess", "-q", str(qfile), "-o", "answers.yaml", "--subject", "Piped"]
    lines = ["me", "ten", "-1", "10", "?", "yes", "<", "", "2", "1,3", "online", "unknown"]
    result = runner.invoke(app, args, input="\n".join(lines) + "\n")
    assert result.exit_code == 2, result.output
    assert "expected a number, found 'ten'" in result.output
    assert "below the minimum" in result.output
    assert "Tracking means recording" in result.output
    assert "input ended before the interview was complete" in result.output
    assert "Resume with: maturity assess --resume -o answers.yaml" in result.output
    saved = load_answers(tmp_path / "answers.yaml")
    assert saved.assessor == "me"
    assert {k: v.value for k, v in saved.answers.items()} == {
        "people": 10,
        "tracking": True,
        "tests": "manual",
        "tools": frozenset({"git", "registry"}),
        "serving": "online",
        "monitoring": UNKNOWN,
    }
    result = runner.invoke(app, ["assess", "--resume"], input="no\ntext here\n")
    assert result.exit_code == 0, result.output  # -o answers.yaml is the default
    assert load_answers(tmp_path / "answers.yaml").answers["notes"].value == "text here"
    before = (tmp_path / "answers.yaml").read_text(encoding="utf-8")
    result = runner.invoke(app, ["assess"], input="")
    assert result.exit_code == 2
    assert "already complete" in result.output
    assert (tmp_path / "answers.yaml").read_text(encoding="utf-8") == before


@pytest.mark.parametrize("width", [60, 200])
def test_screen_shows_what_was_typed_and_where_you_are(
    tmp_path: Path, qfile: Path, width: int
) -> None:
    s = Session(tmp_path, ["-q", str(qfile), "-o", "answers.yaml"], width)
    start(s)
    # Five runs of sections; monitoring may or may not be asked, so the total is an estimate.
    s.expect("section 1 of 5 · question 1 of about 8")
    s.step("How many people build models?", "1o\r")  # a typo is not saved as 1
    s.step("Expected a number, found '1o'", BACKSPACE + "0\r")
    s.step("Do you track experiments?", "y")
    s.step("How are tests run?", "4")  # three numbered choices; "Don't know" has no number
    s.step("Pick a number from 1 to 3", "2")
    s.step("Which tools do you use?", "1" + DOWN + DOWN + " ")
    s.expect("[x] 3.")  # both ticks are shown as ticked
    s.send("\r")
    s.step("section 3 of 5 · question 5 of about 8", "1")  # batch: monitoring is not asked
    s.step("section 4 of 5 · question 6 of 7", "y")  # now the total is known
    s.step("Anything else worth knowing?", "ok\r")
    s.step("Enter: see the results", "\r")
    s.step("Write a report?", "m")  # one key, no Enter
    s.expect("Wrote answers.md")
    assert s.end() == 0
    saved = load_answers(tmp_path / "answers.yaml")
    assert saved.answers["people"].value == 10
    assert saved.answers["tools"].value == frozenset({"git", "registry"})
    assert (tmp_path / "answers.md").is_file()
    screen = s.lines()
    assert any("[x] 1." in line for line in screen)
    assert any("[ ] 2." in line for line in screen)
    shown = [line for frame in s.frames[:-1] for line in frame]
    too_long = [line for line in shown if len(line) > min(width, 100)]
    assert not too_long, too_long


def test_resume_after_a_skipped_question_goes_to_the_next_open_one(
    tmp_path: Path, qfile: Path
) -> None:
    (tmp_path / "answers.yaml").write_text(
        textwrap.dedent(
            f"""\
            questionnaire: {qfile}
            subject: Team R
            answers:
              people: 4
              tracking:
              tests: manual
              tools: [git]
              serving: batch
              registry:
              notes: done
            """
        ),
        encoding="utf-8",
    )
    s = Session(tmp_path, ["--resume", "-o", "answers.yaml"])
    s.step("Do you track experiments?", "y")
    s.step("Is there a model registry?", "n")  # not the answered questions in between
    s.step("That was the last question", "\r")
    s.step("Write a report?", "\r")
    assert s.end() == 0
    after = s.output().split("Do you track experiments?", 1)[1]
    assert "How are tests run?" not in after
    saved = load_answers(tmp_path / "answers.yaml")
    assert saved.answers["tracking"].value is True
    assert saved.answers["registry"].value is False
    assert saved.answers["tests"].value == "manual"


PASTE_START, PASTE_END, CTRL_W = "\x1b[200~", "\x1b[201~", "\x17"


def test_text_answers_are_edited_in_a_real_input_line(tmp_path: Path, qfile: Path) -> None:
    s = Session(tmp_path, ["-q", str(qfile), "-o", "answers.yaml", "--subject", "T"])
    s.step("Assessor", "\r")
    s.step("How many people build models?", "12" + LEFT + "3\r")  # the cursor moves: 132
    s.step("Do you track experiments?", "y")
    s.step("How are tests run?", "s")
    s.step("Which tools do you use?", "s")
    s.step("How are predictions served?", "1")
    s.step("Is there a model registry?", "s")
    s.expect("Anything else worth knowing?")
    assert pyte.modes.DECTCEM in s.screen.mode  # the cursor shows in an input line
    pasted = " ".join(f"word{i}" for i in range(700))  # about 4,000 characters
    s.send("draft text" + CTRL_W + PASTE_START + pasted + PASTE_END + "\r")
    s.step("That was the last question", "\r")
    s.step("Write a report?", "\r")
    assert s.end() == 0
    saved = load_answers(tmp_path / "answers.yaml")
    assert saved.answers["people"].value == 132
    assert saved.answers["notes"].value == "draft " + pasted  # Ctrl-W took back one word


def test_cursor_is_hidden_and_a_resize_redraws(tmp_path: Path, qfile: Path) -> None:
    s = Session(tmp_path, ["-q", str(qfile), "-o", "answers.yaml", "--subject", "T"], 120)
    s.step("Assessor", "\r")
    s.step("How many people build models?", "4\r")
    s.expect("Do you track experiments?")
    assert pyte.modes.DECTCEM not in s.screen.mode  # no stray cursor on a choice screen
    s.screen.resize(24, 40)
    s.child.setwinsize(24, 40)
    s.expect("y yes")
    s.child.expect(pexpect.TIMEOUT, timeout=1)  # let the redraw finish
    s.expect("")
    # Redrawn for 40 columns: the key hints wrap between items instead of being cut.
    screen = s.frames[-1]
    assert any("q quit" in line for line in screen), screen
    assert any(line.startswith("↑↓ move") for line in screen), screen
    s.send(CTRL_C)
    assert s.end() == 130


def test_help_in_a_short_terminal_keeps_the_question_in_view(tmp_path: Path) -> None:
    long_help = " ".join(["Tracking means recording every training run."] * 12)
    qfile = tmp_path / "q.yaml"
    qfile.write_text(QUESTIONNAIRE.replace("Tracking means recording", long_help, 1))
    s = Session(tmp_path, ["-q", str(qfile), "-o", "answers.yaml", "--subject", "T"], 60, 16)
    s.step("Assessor", "\r")
    s.step("How many people build models?", "4\r")
    s.step("Do you track experiments?", "?")
    s.expect("Tracking means")
    s.child.expect(pexpect.TIMEOUT, timeout=1)
    s.expect("")
    screen = s.frames[-1]
    # The help is shortened so that the question, the choices and the keys all show.
    for text in ("Do you track experiments?", "2. No", "… (? hides the help)", "q quit"):
        assert any(text in line for line in screen), (text, screen)
    s.send("y")
    s.step("How are tests run?", CTRL_C)
    assert s.end() == 130


def test_text_from_the_questionnaire_cannot_drive_the_terminal(tmp_path: Path) -> None:
    (tmp_path / "q.yaml").write_text(HOSTILE, encoding="utf-8")
    s = Session(tmp_path, ["-q", "q.yaml", "-o", "a.yaml", "--subject", "S", "--assessor", "x"])
    s.expect("Clear the screen?")
    s.child.expect(pexpect.TIMEOUT, timeout=1)
    s.expect("")
    shown = "\n".join(s.frames[-1])
    assert "Clear the screen? [2J]0;owned [bold]not markup[/bold]" in shown
    s.send(CTRL_C)
    assert s.end() == 130
