"""Batch scoring: streaming JSON Lines, parallel = serial, errors, progress, input order."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from maturity_cli.load.discover import expand_inputs
from maturity_cli.scoring.batch import encode_files, score_files, worker_count
from maturity_cli.scoring.pool import CHUNK_FILES, MIN_CHUNK_FILES, _can_fork, chunk_size
from maturity_cli.scoring.result import to_json

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ml-test-score-manual.yaml"
CHOICES = ("not_done", "manual", "automated")


def _write_batch(folder: Path, count: int) -> list[Path]:
    """``count`` distinct ml-test-score answers files, named so sort order != creation order."""
    text = EXAMPLE.read_text(encoding="utf-8")
    paths = []
    for i in range(count):
        body = text.replace(
            "subject: Ranking team - search results model", f"subject: Team {i}"
        ).replace("data_3_feature_cost: not_done", f"data_3_feature_cost: {CHOICES[i % 3]}")
        path = folder / f"team-{(i * 7) % count:03d}.yaml"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return sorted(paths)


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "maturity_cli", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "100", **(env or {})},
    )


def test_jsonl_one_object_per_input_in_order_same_as_json(tmp_path: Path) -> None:
    paths = _write_batch(tmp_path, 12)
    lines = _run("score", str(tmp_path), "--format", "jsonl")
    listed = _run("score", str(tmp_path), "--format", "json")
    assert lines.returncode == 0, lines.stderr
    assert listed.returncode == 0, listed.stderr
    records = [json.loads(line) for line in lines.stdout.splitlines()]
    assert [r["source"] for r in records] == [str(p) for p in paths]
    assert records == json.loads(listed.stdout)
    assert lines.stdout.endswith("\n") and lines.stdout.count("\n") == len(paths)


def test_json_list_is_byte_identical_to_to_json(tmp_path: Path) -> None:

    paths = _write_batch(tmp_path, 3)
    listed = _run("score", str(tmp_path), "--format", "json")
    results = [s.result for s in score_files(paths)]
    assert listed.stdout == to_json(results)
    single = _run("score", str(paths[0]), "--format", "json")
    assert single.stdout == to_json(results[0])


def test_parallel_and_serial_outputs_are_byte_identical(tmp_path: Path) -> None:
    data = tmp_path / "in"
    data.mkdir()
    _write_batch(data, 40)
    serial, parallel = tmp_path / "serial.jsonl", tmp_path / "parallel.jsonl"
    one = _run("score", str(data), "-f", "jsonl", "-o", str(serial), env={"MATURITY_WORKERS": "1"})
    two = _run(
        "score",
        str(data),
        "-f",
        "jsonl",
        "-o",
        str(parallel),
        env={"MATURITY_WORKERS": "2", "MATURITY_PARALLEL_MIN": "2"},
    )
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    assert serial.read_bytes() == parallel.read_bytes()
    assert len(serial.read_bytes().splitlines()) == 40


def test_parallel_in_process_matches_serial(tmp_path: Path) -> None:
    paths = _write_batch(tmp_path, 35)
    serial = [(e.path, e.json, e.warnings) for e in encode_files(paths, workers=1)]
    parallel = [
        (e.path, e.json, e.warnings) for e in encode_files(paths, workers=2, min_parallel=2)
    ]
    assert serial == parallel
    scored = list(score_files(paths, workers=2, min_parallel=2))
    assert [s.path for s in scored] == paths
    assert all(s.result is not None for s in scored)


def test_workers_start_afresh_while_another_thread_runs(tmp_path: Path) -> None:
    # Forking while a thread (the progress bar's) may hold a lock is unsafe: the
    # workers are then fresh interpreters, and the records are the same.
    paths = _write_batch(tmp_path, 35)
    serial = [(e.path, e.json) for e in encode_files(paths, workers=1)]
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not _can_fork()
        parallel = [(e.path, e.json) for e in encode_files(paths, workers=2, min_parallel=2)]
    finally:
        stop.set()
        other.join()
    assert parallel == serial


@pytest.mark.parametrize("workers", ["1", "2"])
def test_bad_file_among_many_is_reported_and_others_scored(tmp_path: Path, workers: str) -> None:
    paths = _write_batch(tmp_path, 9)
    bad = tmp_path / "team-004.yaml"
    bad.write_text("questionnaire: ml-test-score\nsubject: [unclosed\n", encoding="utf-8")
    out = tmp_path / "out" / "all.jsonl"
    out.parent.mkdir()
    env = {"MATURITY_WORKERS": workers, "MATURITY_PARALLEL_MIN": "2"}
    proc = _run("score", str(tmp_path), "-f", "jsonl", "-o", str(out), env=env)
    assert proc.returncode == 2
    assert f"{bad}:" in proc.stderr and "invalid YAML" in proc.stderr
    assert "1 input(s) could not be scored" in proc.stderr
    sources = [json.loads(line)["source"] for line in out.read_text().splitlines()]
    assert sources == [str(p) for p in paths if p != bad]


def test_located_errors_survive_worker_processes(tmp_path: Path) -> None:
    paths = _write_batch(tmp_path, 4)
    paths[1].write_text(
        "questionnaire: ml-test-score\nsubject: x\nanswers:\n  nope: 1\n", encoding="utf-8"
    )
    serial = [e.error.problems for e in encode_files(paths, workers=1) if e.error]
    parallel = [e.error.problems for e in encode_files(paths, workers=2, min_parallel=2) if e.error]
    assert serial == parallel
    assert serial[0][0].line == 4


def test_no_progress_text_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    _write_batch(tmp_path, 20)
    proc = _run("score", str(tmp_path), "-f", "jsonl")
    assert proc.returncode == 0
    assert proc.stderr == ""


def test_folders_and_globs_expand_in_a_stable_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for name in ["b/2.yaml", "b/10.yaml", "a/deep/x.json", "a/z.yml", ".hidden/h.yaml", "a/n.txt"]:
        (tmp_path / name).write_text("{}", encoding="utf-8")
    files, problems, many = expand_inputs([str(tmp_path)])
    rel = [p.relative_to(tmp_path).as_posix() for p in files]
    assert rel == ["a/deep/x.json", "a/z.yml", "b/10.yaml", "b/2.yaml"]
    assert problems == [] and many
    again, _, _ = expand_inputs([str(tmp_path / "b" / "*.yaml"), str(tmp_path / "b" / "2.yaml")])
    assert [p.name for p in again] == ["10.yaml", "2.yaml"]
    empty, problems, _ = expand_inputs([str(tmp_path / "nothing-*.yaml")])
    assert empty == [] and problems[0].message == "pattern matched no files"


def test_worker_count_threshold() -> None:
    assert worker_count(10, workers=4, min_parallel=200) == 1
    assert worker_count(1000, workers=1, min_parallel=200) == 1
    assert worker_count(1000, workers=2, min_parallel=200) == 2
    assert worker_count(20, workers=8, min_parallel=2) == 2  # no more workers than chunks


def test_chunks_are_large_but_every_worker_gets_some() -> None:
    assert chunk_size(None, 2) == CHUNK_FILES  # a long stream
    assert chunk_size(10_000, 2) == CHUNK_FILES
    assert chunk_size(40, 2) == MIN_CHUNK_FILES  # three chunks for two workers
    assert chunk_size(200, 2) == 50  # two chunks each
    assert chunk_size(200, 1) == 1  # in this process, a file at a time


def test_file_lists_hold_names_and_give_paths(tmp_path: Path) -> None:
    for name in ["b.yaml", "a.yaml"]:
        (tmp_path / name).write_text("{}", encoding="utf-8")
    files, _, _ = expand_inputs([str(tmp_path)])
    assert len(files) == 2
    assert files[0] == tmp_path / "a.yaml" and files[-1] == tmp_path / "b.yaml"
    assert files[0:1] == [tmp_path / "a.yaml"]
    assert list(files) == [tmp_path / "a.yaml", tmp_path / "b.yaml"]


def test_a_stream_of_paths_is_scored_like_a_list(tmp_path: Path) -> None:
    paths = _write_batch(tmp_path, 35)
    listed = [(e.path, e.json) for e in encode_files(paths, workers=1)]
    for workers, least in ((2, 2), (2, 1000), (1, 2)):
        streamed = encode_files(iter(paths), workers=workers, min_parallel=least)
        assert [(e.path, e.json) for e in streamed] == listed


def test_an_interrupt_stops_the_workers_quietly_and_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "in"
    data.mkdir()
    _write_batch(data, 60)
    for copy in range(1, 50):  # 3,000 files: scoring outlasts the interrupt
        folder = data / f"copy-{copy:02d}"
        folder.mkdir()
        for path in sorted(data.glob("*.yaml")):
            (folder / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "all.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "maturity_cli", "score", str(data), "-f", "jsonl", "-o", str(out)],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "MATURITY_WORKERS": "2", "MATURITY_PARALLEL_MIN": "2"},
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not any(p.stat().st_size for p in tmp_path.glob(".all.jsonl.*")):
        assert proc.poll() is None and time.monotonic() < deadline, "no output started"
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err == "error: interrupted\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]
