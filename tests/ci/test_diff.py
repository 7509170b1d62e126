"""``maturity diff``: what changed between two assessments, in each format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import msgspec
import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from maturity_cli.ci.diff import diff_results, render_markdown
from maturity_cli.cli import console
from maturity_cli.cli.app import app
from maturity_cli.scoring.batch import score_file

DATA = Path(__file__).resolve().parents[1] / "data"
OLD = """\
questionnaire: ./quick.yaml
subject: Team A
assessed_on: 2026-05-01
answers:
  people: 3
  tracking: no
  tests: none
  serving: online
  monitoring: no
"""
NEW = """\
questionnaire: ./quick.yaml
subject: Team A
assessed_on: 2026-11-01
answers:
  people: 3
  tracking: yes
  tests: auto
  serving: online
  monitoring: "unknown"
"""


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.chdir(tmp_path)
    console.out.cache_clear()
    console.err.cache_clear()
    shutil.copy(DATA / "ci_quick.yaml", tmp_path / "quick.yaml")
    (tmp_path / "old.yaml").write_text(OLD)
    (tmp_path / "new.yaml").write_text(NEW)
    return tmp_path


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args))


def test_diff_pure(work: Path) -> None:
    report = diff_results(score_file(work / "old.yaml"), score_file(work / "new.yaml"))
    levels = {c.key: (c.old, c.new, c.direction) for c in report.levels}
    assert levels["gate"] == (0, 1, "up")
    assert levels["gate/dev"] == (0, 2, "up")
    assert [c.id for c in report.criteria_met] == ["g1", "g2"]
    assert report.criteria_lost == []
    assert [r.id for r in report.recommendations_resolved] == ["track"]
    changed = {a.question: (a.old, a.new) for a in report.answers_changed}
    assert changed["tracking"] == ("No", "Yes")
    assert changed["tests"] == ("Not at all", "Automatically")
    assert changed["monitoring"] == ("No", "Don't know")
    assert "people" not in changed
    back = diff_results(score_file(work / "new.yaml"), score_file(work / "old.yaml"))
    assert [c.id for c in back.criteria_lost] == ["g1", "g2"]
    assert {c.key for c in back.levels_down} >= {"gate", "gate/dev"}
    assert [r.id for r in back.recommendations_new] == ["track"]


def test_diff_same_is_empty(work: Path) -> None:
    result = run("diff", "new.yaml", "new.yaml", "-f", "md")
    assert result.exit_code == 0
    assert "No changes." in result.stdout


def test_diff_table(work: Path) -> None:
    result = run("diff", "old.yaml", "new.yaml")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Levels" in out and "gate/dev" in out and "▲ up" in out
    assert "Criteria newly met" in out and "g1: Experiments tracked" in out
    assert "Recommendations resolved" in out and "Track experiments" in out
    assert "Answers changed" in out and "Automatically" in out


def test_diff_markdown_is_gfm_without_html(work: Path) -> None:
    result = run("diff", "old.yaml", "new.yaml", "--format", "md")
    assert result.exit_code == 0
    md = result.stdout
    assert md.startswith("### Maturity changes: Team A")
    assert "| gate | 0 (Manual) | 1 (Tracked) | ▲ up |" in md
    assert "| Do you track experiments? | No | Yes |" in md
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert "<table>" in html  # tables render
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]


def test_markdown_escapes_cells(work: Path) -> None:
    report = diff_results(score_file(work / "old.yaml"), score_file(work / "new.yaml"))

    evil = msgspec.structs.replace(report, subject="<b>A|B</b>")
    text = render_markdown(evil)
    # The one Markdown escaping rule (maturity_cli.markdown): shown literally, no HTML.
    assert "<b>" not in text
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    shown = MarkdownIt("commonmark").enable("table").render(text)
    assert "Maturity changes: &lt;b&gt;A|B&lt;/b&gt;" in shown


def test_diff_json_and_json_results(work: Path) -> None:
    (work / "old.json").write_text(run("score", "old.yaml", "-f", "json").stdout)
    result = run("diff", "old.json", "new.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["old_source"] == "old.yaml" and data["new_source"] == "new.yaml"
    assert data["schema_version"] == 1
    assert [c["id"] for c in data["criteria_met"]] == ["g1", "g2"]
    tracking = next(a for a in data["answers_changed"] if a["question"] == "tracking")
    assert tracking["title"] == "Do you track experiments?"
    assert (tracking["old"], tracking["new"]) == ("No", "Yes")


def test_diff_bad_input_exits_2(work: Path) -> None:
    assert run("diff", "old.yaml", "missing.yaml").exit_code == 2
    (work / "many.json").write_text("[]")
    result = run("diff", "old.yaml", "many.json")
    assert result.exit_code == 2
