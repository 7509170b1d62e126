"""History from git: every committed version scored, renames followed, bad versions kept."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
from history.conftest import Repo, answers
from typer.testing import CliRunner

from maturity_cli.cli.app import app
from maturity_cli.history.collect import git_history


def _build(repo: Repo) -> list[str]:
    """Team A rises, breaks its file, is renamed, then falls; team B stays put."""
    return [
        repo.commit(
            {
                "teams/a.yaml": answers("Team A", "no", "none", "no"),
                "teams/b.yaml": answers("Team B", "yes", "manual", "no"),
            },
            "2026-01-10T09:00:00+00:00",
        ),
        repo.commit(
            {"teams/a.yaml": answers("Team A", "yes", "none", "no")}, "2026-02-10T09:00:00+00:00"
        ),
        repo.commit({"teams/a.yaml": "subject: [broken\n"}, "2026-03-10T09:00:00+00:00"),
        repo.commit(
            {"teams/a.yaml": answers("Team A", "yes", "auto", "yes", version="1.0")},
            "2026-04-10T09:00:00+00:00",
        ),
        repo.move("teams/a.yaml", "teams/alpha.yaml", "2026-05-10T09:00:00+00:00"),
        repo.commit(
            {"teams/alpha.yaml": answers("Team A", "yes", "manual", "yes")},
            "2026-06-10T09:00:00+00:00",
        ),
        # a policy in the folder is not a team; team C's only version is broken YAML
        repo.commit(
            {"teams/.maturity.yml": "targets: []\n", "teams/c.yaml": "subject: [C\n"},
            "2026-06-11T09:00:00+00:00",
        ),
        # team B breaks its file in its latest commit: it stays in the history
        repo.commit({"teams/b.yaml": "subject: [B\n"}, "2026-06-12T09:00:00+00:00"),
    ]


def test_levels_rise_and_fall_across_a_rename_and_a_broken_commit(repo: Repo) -> None:
    commits = _build(repo)
    series, problems, scored = git_history([repo.root / "teams"])
    assert problems == []
    by_key = {s.key: s for s in series}
    assert set(by_key) == {"teams/alpha.yaml", "teams/b.yaml"}
    assert [p.valid for p in by_key["teams/b.yaml"].points] == [True, False]
    alpha = by_key["teams/alpha.yaml"]
    assert alpha.subject == "Team A"
    # the pure rename keeps the blob, so it adds no point
    assert [p.ref for p in alpha.points] == [
        commits[0],
        commits[1],
        commits[2],
        commits[3],
        commits[5],
    ]
    assert [p.source for p in alpha.points] == ["teams/a.yaml"] * 4 + ["teams/alpha.yaml"]
    levels = [[lv.level for lv in p.levels] for p in alpha.points]
    assert levels == [[0], [1], [], [2], [1]]
    broken = alpha.points[2]
    assert not broken.valid and "teams/a.yaml@" in broken.problems[0]
    # changes are measured against the last point that could be scored
    rise = alpha.points[3]
    assert {(c.framework, c.dimension, c.old, c.new) for c in rise.changes} == {
        ("gate", None, 1, 2),
        ("gate", "dev", 1, 2),
        ("gate", "ops", 1, 2),  # no level-1 criterion in ops: it starts at 1
    }
    assert {a.question: (a.old, a.new) for a in rise.answers_changed} == {
        "tests": ("Not at all", "Automatically"),
        "monitoring": ("No", "Yes"),
    }
    fall = alpha.points[4]
    assert ("gate", None, 2, 1) in {(c.framework, c.dimension, c.old, c.new) for c in fall.changes}
    # the answers named version 1.0; the result says version 2.0 scored them
    assert rise.answered_version == "1.0" and rise.questionnaire_version == "2.0"
    assert any("version 1.0" in w and "2.0" in w for w in rise.warnings)
    assert [p.date[:10] for p in by_key["teams/b.yaml"].points] == ["2026-01-10", "2026-06-12"]
    # six versions of a.yaml/alpha.yaml less one rename, plus two of b.yaml: each scored once
    assert scored == 7


def test_same_blob_in_two_files_is_scored_once(repo: Repo) -> None:
    same = answers("Team C", "yes", "none", "no")
    repo.commit({"c1.yaml": same, "c2.yaml": same}, "2026-01-01T00:00:00+00:00")
    # both files live in the root, so their relative questionnaire path differs; use -q
    series, _problems, scored = git_history(
        [repo.root / "c1.yaml", repo.root / "c2.yaml"], str(repo.root / "tiny.yaml")
    )
    assert len(series) == 2 and scored == 1


def test_cli_formats_and_date_window(repo: Repo) -> None:
    _build(repo)
    runner = CliRunner()
    done = runner.invoke(
        app,
        ["history", "teams", "--format", "json", "--since", "2026-02-01", "--until", "2026-04-30"],
    )
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    alpha = next(s for s in data["teams"] if s["key"] == "teams/alpha.yaml")
    # from its level before the window (0, in January) to its last in it (2, in April)
    [mover] = data["movers"]
    assert (mover["subject"], mover["old"], mover["new"]) == ("Team A", 0, 2)
    assert {a["question"] for a in mover["answers_changed"]} == {"tracking", "tests", "monitoring"}
    assert [p["date"][:10] for p in alpha["points"]] == ["2026-02-10", "2026-03-10", "2026-04-10"]
    assert "teams/a.yaml@" in done.stderr  # the broken version is reported, not fatal
    done = runner.invoke(app, ["history", "teams/alpha.yaml", "--format", "csv"])
    assert done.exit_code == 0, done.output
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    overall = [
        (r["date"][:10], r["level"])
        for r in rows
        if r["framework"] == "gate" and not r["dimension"]
    ]
    assert overall == [
        ("2026-01-10", "0"),
        ("2026-02-10", "1"),
        ("2026-04-10", "2"),
        ("2026-06-10", "1"),
    ]
    assert any(r["problem"] and r["date"].startswith("2026-03-10") for r in rows)
    done = runner.invoke(app, ["history", "teams/alpha.yaml", "-f", "xlsx", "-o", "h.xlsx"])
    assert done.exit_code == 0, done.output
    sheet = openpyxl.load_workbook(repo.root / "h.xlsx")["history"]
    assert sheet.max_row == len(rows) + 1
    md = runner.invoke(app, ["history", "teams/alpha.yaml", "--format", "md"]).stdout
    # over all time: 0 at the start, 1 at the end, and the answers that differ
    assert (
        "| Team A | gate | ▲ 0→1 | 2026-01-10 to 2026-06-10 | tracking: No → Yes, tests: Not at all → By hand, monitoring: No → Yes |"
        in md
    )
    assert "## Team A" in md and "gate 1→2" in md and "tests: Not at all → Automatically" in md
    table = runner.invoke(app, ["history", "teams/alpha.yaml"]).stdout
    assert "Team A" in table and "gate 2" in table


def test_outside_git_is_a_clear_error(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "x.yaml").write_text("subject: x\n")
    done = CliRunner().invoke(app, ["history", str(tmp_path / "x.yaml")])
    assert done.exit_code == 2
    assert "git failed" in done.stderr and "Traceback" not in done.output
    assert done.stdout == ""


def test_movers_up_and_down_in_a_quarter(repo: Repo) -> None:
    repo.commit(
        {
            "up.yaml": answers("Up", "no", "none", "no"),
            "down.yaml": answers("Down", "yes", "auto", "yes"),
            "flat.yaml": answers("Flat", "yes", "none", "no"),
        },
        "2026-06-01T00:00:00+00:00",
    )
    repo.commit({"up.yaml": answers("Up", "yes", "auto", "yes")}, "2026-07-15T00:00:00+00:00")
    repo.commit({"down.yaml": answers("Down", "no", "auto", "yes")}, "2026-08-15T00:00:00+00:00")
    repo.commit({"flat.yaml": answers("Flat", "yes", "manual", "no")}, "2026-09-15T00:00:00+00:00")
    repo.commit({"up.yaml": answers("Up", "no", "none", "no")}, "2026-10-15T00:00:00+00:00")
    done = CliRunner().invoke(
        app,
        [
            "history",
            ".",
            "-q",
            "tiny.yaml",
            "--since",
            "2026-07-01",
            "--until",
            "2026-09-30",
            "-f",
            "json",
        ],
    )
    assert done.exit_code == 0, done.output
    movers = [(m["subject"], m["old"], m["new"]) for m in json.loads(done.stdout)["movers"]]
    assert movers == [("Up", 0, 2), ("Down", 2, 0)]  # biggest rise first; flat is not listed


def test_terminal_table_shows_data_literally(repo: Repo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sneaky = answers("PLACEHOLDER", "yes", "none", "no").replace(
        "subject: PLACEHOLDER", 'subject: "Team \\e[31mred [bold]x[/bold]"'
    )
    repo.commit({"t/a.yaml": sneaky}, "2026-01-01T00:00:00+00:00")
    done = CliRunner().invoke(app, ["history", "t/a.yaml"])
    assert done.exit_code == 0, done.output
    assert "\x1b" not in done.stdout
    assert "[bold]x[/bold]" in done.stdout  # markup in data is shown, not applied
    for fmt in ("md", "csv"):
        done = CliRunner().invoke(app, ["history", "t/a.yaml", "-f", fmt])
        assert done.exit_code == 0 and "\x1b" not in done.stdout and "31mred" in done.stdout


def test_file_names_are_taken_literally(repo: Repo) -> None:
    name = "t/team [1] *.yaml"
    repo.commit({name: answers("Odd", "no", "none", "no")}, "2026-01-01T00:00:00+00:00")
    repo.commit(
        {"t/team 1 x.yaml": answers("Other", "yes", "none", "no")}, "2026-01-02T00:00:00+00:00"
    )
    repo.commit({name: answers("Odd", "yes", "none", "no")}, "2026-01-03T00:00:00+00:00")
    series, problems, _scored = git_history([repo.root / name])
    assert problems == [] and [len(s.points) for s in series] == [2]
    assert [s.subject for s in series] == ["Odd"]


def test_a_file_never_committed_is_an_error(repo: Repo) -> None:
    repo.commit({"t/a.yaml": answers("A", "yes", "none", "no")}, "2026-01-01T00:00:00+00:00")
    (repo.root / "t" / "new.yaml").write_text(answers("New", "yes", "none", "no"))
    done = CliRunner().invoke(app, ["history", "t/new.yaml"])
    assert done.exit_code == 2 and "t/new.yaml: no committed version" in done.stderr
    assert done.stdout == ""
    done = CliRunner().invoke(app, ["history", "t/new.yaml", "t/a.yaml", "-f", "json"])
    assert done.exit_code == 2 and json.loads(done.stdout)["teams"][0]["subject"] == "A"
