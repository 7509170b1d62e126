"""``report --history``: progress over time for a team and an organisation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from history.conftest import Repo, answers
from typer.testing import CliRunner

from maturity_cli.cli import console
from maturity_cli.cli.app import app
from maturity_cli.report.charts import level_over_time
from maturity_cli.report.trends import quarter


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    console.err.cache_clear()
    made = Repo(tmp_path)
    made.commit(
        {
            "t/a.yaml": answers("Team <A>", "no", "none", "no"),
            "t/b.yaml": answers("Team B", "yes", "auto", "yes"),
        },
        "2026-02-01T00:00:00+00:00",
    )
    made.commit(
        {"t/a.yaml": answers("Team <A>", "yes", "auto", "yes")}, "2026-05-01T00:00:00+00:00"
    )
    made.commit(
        {"t/b.yaml": answers("Team B", "yes", "manual", "yes")}, "2026-08-01T00:00:00+00:00"
    )
    return made


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args))


def test_team_markdown(repo: Repo) -> None:
    done = run("report", "t/b.yaml", "--history", "git")
    assert done.exit_code == 0, done.output
    text = done.stdout
    assert "## Progress over time" in text
    assert "| 2026-02-01 | 2 |\n| 2026-08-01 | 1 |" in text
    assert "### Since last time (2026-02-01 to 2026-08-01)" in text
    assert "- No longer met: Tests automated (level 2)" in text
    assert "- How are tests run?: Automatically → By hand" in text
    assert "Progress over time" not in run("report", "t/b.yaml").stdout


def test_team_html_has_an_escaped_chart(repo: Repo) -> None:
    done = run("report", "t/a.yaml", "--history", "git", "-f", "html")
    assert done.exit_code == 0, done.output
    html = done.stdout
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and "Gate: level over time" in html
    assert "2026-02-01: level 0; 2026-05-01: level 2" in html
    assert "<A>" not in html and "Team &lt;A&gt;" in html


def test_organisation_trends_and_quarters(repo: Repo) -> None:
    done = run("report", "t", "--history", "git")
    assert done.exit_code == 0, done.output
    text = done.stdout
    assert "| Team \\<A\\> | 0→2 ▲ |" in text and "| Team B | 2→1 ▼ |" in text
    assert "- ▲ Team \\<A\\>, gate: 0 → 2 (2026-02-01 to 2026-05-01)" in text
    assert "- ▼ Team B, gate: 2 → 1 (2026-02-01 to 2026-08-01)" in text
    # teams per level 0, 1, 2 at the end of each quarter
    assert "| 2026-Q1 | 1 | 0 | 1 |\n| 2026-Q2 | 0 | 0 | 2 |\n| 2026-Q3 | 0 | 1 | 1 |" in text


def test_from_a_results_store(repo: Repo) -> None:
    dated = answers("Team B", "yes", "manual", "yes").replace(
        "answers:", "assessed_on: 2026-03-01\nanswers:"
    )
    (repo.root / "t" / "b.yaml").write_text(dated)
    assert run("record", "t/b.yaml", "--db", "r.db").exit_code == 0
    (repo.root / "t" / "b.yaml").write_text(
        answers("Team B", "no", "manual", "yes").replace(
            "answers:", "assessed_on: 2026-09-01\nanswers:"
        )
    )
    assert run("record", "t/b.yaml", "--db", "r.db").exit_code == 0
    done = run("report", "t/b.yaml", "--history", "r.db")
    assert done.exit_code == 0, done.output
    assert "- Do you track experiments?: Yes → No" in done.stdout


def test_json_and_summary_refuse_history(repo: Repo) -> None:
    for extra in (["-f", "json"], ["--summary"]):
        done = run("report", "t/a.yaml", "--history", "git", *extra)
        assert done.exit_code == 2 and "--history adds to full md and html reports" in done.stderr


def test_chart_and_quarters() -> None:
    svg = level_over_time(
        [("2026-01-01", 0), ("2026-03-01", 3)], lowest=0, highest=4, title="T & co", chart_id="x"
    )
    assert svg == level_over_time(
        [("2026-01-01", 0), ("2026-03-01", 3)], lowest=0, highest=4, title="T & co", chart_id="x"
    )
    assert '<title id="x-t">T &amp; co</title>' in svg and svg.count("<circle") == 2
    assert [quarter(d) for d in ("2026-01-01", "2026-03-31", "2026-04-01", "2026-12-31")] == [
        "2026-Q1",
        "2026-Q1",
        "2026-Q2",
        "2026-Q4",
    ]


def test_a_file_without_history_still_gets_its_report(repo: Repo) -> None:
    (repo.root / "t" / "new.yaml").write_text(answers("Team New", "yes", "none", "no"))
    done = run("report", "t/new.yaml", "--history", "git")
    assert done.exit_code == 0, done.output
    assert "no committed version" in done.stderr and "Progress over time" not in done.stdout
    done = run("report", "t/a.yaml", "t/new.yaml", "--history", "git")
    assert done.exit_code == 0, done.output
    trends = done.stdout.split("## Progress over time")[1]
    assert "| Team \\<A\\> | 0→2 ▲ |" in trends and "Team New" not in trends
    assert run("record", "t/b.yaml", "--db", "r.db").exit_code == 0
    done = run("report", "t/a.yaml", "--history", "r.db")  # Team <A> is not in the store
    assert done.exit_code == 0 and "Progress over time" not in done.stdout
