"""Benchmark history and the results store (issue #15).

Builds (once, under ``benchmarks/.data/``) a git repository of N answers files
for a built-in questionnaire with C commits, each changing K files, then times
``maturity history`` over it; and times ``maturity record`` of R distinct
results into a fresh store, then again into the same store (all duplicates).

    python benchmarks/history.py --files 100 --commits 200 --changes 10 --results 10000
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import msgspec

from maturity_cli.load.catalog import builtin_questionnaires
from maturity_cli.questionnaire.loader import load_questionnaire
from maturity_cli.scoring.batch import score_file

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import answers_text

HERE = Path(__file__).resolve().parent
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _blob(text: str) -> bytes:
    data = text.encode()
    return b"data %d\n" % len(data) + data + b"\n"


def build_repo(root: Path, ref: str, files: int, commits: int, changes: int, seed: int) -> None:
    """A repository whose history has ``commits`` commits (reused when already built)."""
    marker = root / ".git" / "bench-params"
    params = f"{ref} {files} {commits} {changes} {seed}"
    if marker.exists() and marker.read_text() == params:
        return
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=env)
    q = load_questionnaire(ref)
    rng = random.Random(seed)
    stream = bytearray()
    start = 1_767_225_600  # 2026-01-01
    for c in range(commits):
        when = start + c * 86_400
        stream += b"commit refs/heads/main\n"
        stream += f"committer Bench <bench@example.com> {when} +0000\n".encode()
        stream += _blob(f"commit {c}")
        touched = range(files) if c == 0 else rng.sample(range(files), min(changes, files))
        for i in touched:
            stream += f"M 100644 inline teams/team-{i:05d}.yaml\n".encode()
            stream += _blob(answers_text(q, ref, i, rng))
    subprocess.run(
        ["git", "-C", str(root), "fast-import", "--quiet"], input=bytes(stream), check=True, env=env
    )
    subprocess.run(["git", "-C", str(root), "checkout", "-q", "main"], check=True, env=env)
    marker.write_text(params)


def timed(cmd: list[str], repeat: int, before: list[Path] | None = None) -> tuple[float, float]:
    """Median wall time and largest peak RSS (MB) over ``repeat`` runs (after a warm-up)."""
    times, peak = [], 0.0
    for i in range(repeat + 1):
        for path in before or []:
            path.unlink(missing_ok=True)
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}")
        if i:
            times.append(time.perf_counter() - started)
            peak = max(peak, usage.ru_maxrss / 1024)
    return statistics.median(times), peak


def results_file(path: Path, sample: Path, count: int) -> None:
    """``count`` distinct results (one scored file, renamed per team) as JSON Lines."""
    marker = path.with_suffix(".count")
    if path.exists() and marker.exists() and marker.read_text() == str(count):
        return
    base = score_file(sample)
    with path.open("wb") as out:
        for i in range(count):
            out.write(msgspec.json.encode(msgspec.structs.replace(base, subject=f"Team {i:05d}")))
            out.write(b"\n")
    marker.write_text(str(count))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--changes", type=int, default=10, help="files changed per commit")
    parser.add_argument("--results", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--questionnaire", default="mlops")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    ref = args.questionnaire if args.questionnaire in builtin_questionnaires() else "mlops"
    data = HERE / ".data"
    repo = data / "history-repo"
    build_repo(repo, ref, args.files, args.commits, args.changes, args.seed)
    exe = [str(Path(sys.executable).with_name("maturity"))]
    out = data / "history.json"
    versions = subprocess.run(
        ["git", "-C", str(repo), "rev-list", "--count", "--objects", "--all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    hist = timed([*exe, "history", str(repo / "teams"), "-f", "json", "-o", str(out)], args.repeat)
    jsonl, db = data / "results.jsonl", data / "bench.db"
    results_file(jsonl, repo / "teams" / "team-00000.yaml", args.results)
    fresh = timed([*exe, "record", str(jsonl), "--db", str(db)], args.repeat, before=[db])
    again = timed([*exe, "record", str(jsonl), "--db", str(db)], args.repeat)
    stored = timed([*exe, "history", "--db", str(db), "-f", "json", "-o", str(out)], args.repeat)
    print(f"git objects in the repository: {versions}")
    print("| command | median | peak memory |")
    print("|---|---|---|")
    print(
        f"| `history` of {args.files} files × {args.commits} commits ({args.changes} files changed per commit) | {hist[0]:.2f} s | {hist[1]:.0f} MB |"
    )
    print(
        f"| `record` of {args.results} results into a new store | {fresh[0]:.2f} s | {fresh[1]:.0f} MB |"
    )
    print(
        f"| `record` of the same {args.results} results again (all already stored) | {again[0]:.2f} s | {again[1]:.0f} MB |"
    )
    print(
        f"| `history --db` of the store ({args.results} results) | {stored[0]:.2f} s | {stored[1]:.0f} MB |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
