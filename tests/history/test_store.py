"""The results store: idempotent, migrated, safe with two writers, never damages other files."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest
from history.conftest import QUESTIONNAIRE, answers
from typer.testing import CliRunner

from maturity_cli.cli.app import app
from maturity_cli.history.store import APPLICATION_ID, SCHEMA_VERSION, Store, result_key
from maturity_cli.scoring.batch import score_file
from maturity_cli.scoring.result import Result


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tiny.yaml").write_text(QUESTIONNAIRE)
    (tmp_path / "teams").mkdir()
    for name, levels in {"a": ("no", "none", "no"), "b": ("yes", "auto", "yes")}.items():
        (tmp_path / "teams" / f"{name}.yaml").write_text(answers(f"Team {name.upper()}", *levels))
    return tmp_path


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args))


def _count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM results").fetchone()[0])


def _results(work: Path, n: int, offset: int = 0) -> Path:
    """A JSON Lines file of ``n`` distinct results (Team 0..n-1 from ``offset``)."""
    base = score_file(work / "teams" / "a.yaml")
    path = work / f"results-{offset}-{n}.jsonl"
    lines = [
        msgspec.json.encode(msgspec.structs.replace(base, subject=f"Team {i:05d}"))
        for i in range(offset, offset + n)
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_recording_the_same_result_twice_keeps_one_row(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = work / "r.db"
    done = run("record", "teams", "--db", str(db))
    assert done.exit_code == 0, done.output
    assert "Recorded 2 new result(s)" in done.stderr
    assert run("record", "teams/a.yaml", "--db", str(db)).exit_code == 0
    # the JSON result of the same file is the same result
    scored = run("score", "teams/a.yaml", "--format", "json", "-o", "a.json")
    assert scored.exit_code == 0, scored.output
    done = run("record", "a.json", "--db", str(db))
    assert done.exit_code == 0 and "Recorded 0 new result(s)" in done.stderr
    assert run("score", "teams", "-f", "json", "-o", "all.json").exit_code == 0  # a list
    done = run("record", "all.json", "--db", str(db))
    assert (
        done.exit_code == 0 and "0 new result(s)" in done.stderr and "2 were already" in done.stderr
    )
    assert _count(db) == 2
    # scored from another folder, the same file has another source path: still the same result
    monkeypatch.chdir(work / "teams")
    assert run("record", "a.yaml", "--db", str(db)).exit_code == 0
    assert _count(db) == 2
    shown = run("history", "--db", str(db), "Team B", "--format", "json")
    assert shown.exit_code == 0, shown.output
    [series] = json.loads(shown.stdout)["teams"]
    assert series["subject"] == "Team B" and series["points"][0]["levels"][0]["level"] == 2


def test_history_from_store_shows_changes_per_subject(work: Path) -> None:
    db = work / "r.db"
    first = score_file(work / "teams" / "a.yaml")
    later = work / "teams" / "a2.yaml"
    later.write_text(
        answers("Team A", "yes", "none", "no").replace(
            "answers:", "assessed_on: 2026-06-01\nanswers:"
        )
    )
    with Store.open(db) as store:
        assert store.record([first, score_file(later)]) == (2, 0)
    done = run("history", "--db", str(db), "--format", "csv")
    assert done.exit_code == 0, done.output
    assert "Team A" in done.stdout
    md = run("history", "--db", str(db), "--format", "md").stdout
    assert "gate 0→1" in md and "tracking: No → Yes" in md
    missing = run("history", "--db", str(db), "Team Z")
    assert missing.exit_code == 2 and "no results for subject 'Team Z'" in missing.stderr


def test_jsonl_and_a_bad_line_is_located(work: Path) -> None:
    db = work / "r.db"
    good = _results(work, 30)
    bad = work / "bad.jsonl"
    bad.write_text('{"not": "a result"\n')
    wrong = work / "wrong.jsonl"
    wrong.write_text(
        good.read_text().splitlines()[0] + '\n\n{"schema_version": 1, "frameworks": 3}\n'
    )
    done = run("record", str(good), str(bad), str(wrong), "--db", str(db))
    assert done.exit_code == 2
    assert "bad.jsonl:1: invalid JSON" in done.stderr and "Traceback" not in done.output
    assert "wrong.jsonl:3: not a scoring result" in done.stderr
    assert _count(db) == 30


def test_migrates_from_schema_version_1(work: Path) -> None:
    db = work / "old.db"
    result = score_file(work / "teams" / "b.yaml")
    encoded = msgspec.json.encode(result)
    conn = sqlite3.connect(db)
    conn.executescript(
        """
        CREATE TABLE results (
            id INTEGER PRIMARY KEY, digest TEXT NOT NULL UNIQUE, subject TEXT NOT NULL,
            assessed_on TEXT, questionnaire TEXT NOT NULL, questionnaire_version TEXT NOT NULL,
            source TEXT NOT NULL, result BLOB NOT NULL);
        PRAGMA user_version = 1;
        """
    )
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(
        "INSERT INTO results VALUES (1, ?, ?, NULL, 'tiny', '2.0', ?, ?)",
        (result_key(result), result.subject, result.source, encoded),
    )
    conn.commit()
    conn.close()
    with Store.open(db) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
        levels = store.db.execute(
            "SELECT framework, dimension, level FROM levels ORDER BY dimension"
        ).fetchall()
        assert levels == [("gate", "", 2), ("gate", "dev", 2), ("gate", "ops", 2)]
        # the migrated row is still recognised: recording it again adds nothing
        assert store.record([result]) == (0, 1)


def test_two_processes_recording_at_once(work: Path) -> None:
    db = work / "r.db"
    one, two = _results(work, 600, 0), _results(work, 600, 300)  # 300 in common
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "maturity_cli", "record", str(path), "--db", str(db)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for path in (one, two)
    ]
    outcomes = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outcomes
    assert _count(db) == 900
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("kind", ["garbage", "foreign", "damaged", "newer"])
def test_a_file_that_is_not_our_store_is_refused_and_untouched(work: Path, kind: str) -> None:
    db = work / "x.db"
    if kind == "garbage":
        db.write_bytes(b"these are my notes, not a database\n" * 10)
    elif kind == "foreign":
        with sqlite3.connect(db) as conn:
            conn.execute("CREATE TABLE invoices (id INTEGER, amount REAL)")
    else:
        with Store.open(db) as store:
            store.record([score_file(work / "teams" / "a.yaml")])
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            if kind == "newer":
                store.db.execute("PRAGMA user_version = 99")
        if kind == "damaged":
            data = bytearray(db.read_bytes())
            data[100:4096] = b"\xff" * (4096 - 100)  # the schema page
            db.write_bytes(bytes(data))
    before = db.read_bytes()
    done = run("record", "teams/b.yaml", "--db", str(db))
    assert done.exit_code == 2, done.output
    assert "Traceback" not in done.output and "left untouched" in done.stderr
    expected = {
        "garbage": "not an SQLite database",
        "foreign": "another program",
        "damaged": "damaged",
        "newer": "schema version 99",
    }[kind]
    assert expected in done.stderr
    assert db.read_bytes() == before
    assert run("history", "--db", str(db)).exit_code == 2


def test_default_location_is_the_user_data_folder(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(work / "data"))
    done = run("record", "teams/a.yaml")
    assert done.exit_code == 0, done.output
    assert _count(work / "data" / "maturity-cli" / "results.db") == 1


def test_results_survive_a_round_trip(work: Path) -> None:
    db = work / "r.db"
    result = score_file(work / "teams" / "a.yaml")
    with Store.open(db) as store:
        store.record([result])
        [blob, source] = store.db.execute("SELECT result, source FROM results").fetchone()
        [series] = store.series([])
    assert msgspec.structs.replace(msgspec.json.decode(blob, type=Result), source=source) == result
    assert series.points[0].source == result.source


def test_outputs_never_replace_the_store(work: Path) -> None:
    db = work / "r.db"
    assert run("record", "teams", "--db", str(db)).exit_code == 0
    before = db.read_bytes()
    done = run("history", "--db", str(db), "-o", str(db))
    assert done.exit_code == 2 and "one of the input files" in done.stderr
    done = run("report", "teams/a.yaml", "--history", str(db), "-o", str(db))
    assert done.exit_code == 2 and "one of the input files" in done.stderr
    assert db.read_bytes() == before
