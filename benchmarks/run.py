"""Benchmark maturity-cli against the floor set by its own dependencies.

    python benchmarks/run.py --files 10000 --output docs/benchmark-table.md

Generates N seeded answers files for the built-in ``mlops`` questionnaire (into
``benchmarks/.data/``, git-ignored, reused between runs) and measures, each in
fresh subprocesses, median wall time and peak memory (max RSS) of:

(a) ``maturity --help``                      vs ``python -c "import typer"``
(b) ``maturity score FILE``                  vs ``python -c "import typer, yaml"``
(c) ``maturity score DIR -f jsonl -o F``     vs loading the same files with PyYAML's C loader
(d) ``maturity report DIR -f html -o F``     over 1,000 files (when the command exists)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from maturity_cli.load.catalog import builtin_questionnaires
from maturity_cli.questionnaire.loader import load_questionnaire

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

HERE = Path(__file__).resolve().parent
LOAD_ONLY = """
import sys, yaml
from pathlib import Path
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
for p in sorted(Path(sys.argv[1]).glob("*.yaml")):
    yaml.load(p.read_text(encoding="utf-8"), Loader=loader)
"""

# The same floor spread over N forked processes (every N-th file each), for a
# batch on N workers: processes running side by side on shared caches each run
# slower, which costs the floor CPU time as it costs the workers.
LOAD_ONLY_SPLIT = """
import os, sys, yaml
from pathlib import Path
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
files = sorted(Path(sys.argv[1]).glob("*.yaml"))
n = int(sys.argv[2])
children = []
for i in range(n):
    pid = os.fork()
    if pid == 0:
        for p in files[i::n]:
            yaml.load(p.read_text(encoding="utf-8"), Loader=loader)
        os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
"""


@dataclass
class Timing:
    """Median and spread of repeated runs of one command."""

    median: float
    low: float
    high: float
    rss_mb: float
    ok: bool
    cpu: float = 0.0
    """Median CPU seconds (user + system) of the process and the workers it waited for."""


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int, float]:
    """Wall time (s), peak RSS (MB) of the child process tree's largest member, exit code,
    and CPU seconds of the child and the children it waited for (batch workers)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime


def measure(cmd: list[str], repeat: int, env: dict[str, str] | None = None) -> Timing:
    """Run ``cmd`` ``repeat`` times (after one warm-up) and summarise."""
    environ = {**os.environ, **(env or {})}
    run_once(cmd, environ)  # warm the OS file cache and .pyc files
    runs = [run_once(cmd, environ) for _ in range(repeat)]
    times = [r[0] for r in runs]
    return Timing(
        statistics.median(times),
        min(times),
        max(times),
        max(r[1] for r in runs),
        all(r[2] == 0 for r in runs),
        statistics.median(r[3] for r in runs),
    )


def compare(
    tool: list[str], base: list[str], repeat: int, env: dict[str, str] | None = None
) -> tuple[Timing, Timing, float]:
    """Time ``tool`` and ``base`` in alternation, so drift in machine speed hits both.

    Returns both timings and the median of the per-pair ratios tool/base.
    """
    tool_env = {**os.environ, **(env or {})}
    base_env = dict(os.environ)
    run_once(tool, tool_env)  # warm-ups: file cache, .pyc files, questionnaire cache
    run_once(base, base_env)
    runs: dict[str, list[tuple[float, float, int, float]]] = {"tool": [], "base": []}
    for _ in range(repeat):
        runs["tool"].append(run_once(tool, tool_env))
        runs["base"].append(run_once(base, base_env))

    def summary(items: list[tuple[float, float, int, float]]) -> Timing:
        times = [t[0] for t in items]
        return Timing(
            statistics.median(times),
            min(times),
            max(times),
            max(t[1] for t in items),
            all(t[2] == 0 for t in items),
            statistics.median(t[3] for t in items),
        )

    ratios = [t[0] / b[0] for t, b in zip(runs["tool"], runs["base"], strict=True)]
    return summary(runs["tool"]), summary(runs["base"]), statistics.median(ratios)


def maturity_cmd() -> list[str]:
    """The installed console script, else ``python -m maturity_cli``."""
    script = Path(sys.executable).with_name("maturity")
    if script.exists():
        return [str(script)]
    found = shutil.which("maturity")
    return [found] if found else [sys.executable, "-m", "maturity_cli"]


def pick_questionnaire(wanted: str) -> str:
    """``wanted`` if built in, else the first built-in (with a clear message)."""

    found = builtin_questionnaires()
    if wanted in found:
        return wanted
    fallback = next(iter(found))
    print(f"note: questionnaire {wanted!r} not found; benchmarking {fallback!r} instead")
    return fallback


def fmt_time(t: Timing) -> str:
    ms = t.median * 1000
    flag = "" if t.ok else " (failed)"
    return f"{ms:,.0f} ms ({t.low * 1000:,.0f}–{t.high * 1000:,.0f}){flag}"


def row(
    name: str,
    tool: Timing,
    base: Timing | None,
    base_name: str,
    target: str,
    ratio_value: float | None = None,
) -> str:
    if ratio_value is None and base is not None:
        ratio_value = tool.median / base.median
    ratio = f"{ratio_value:.2f}×" if ratio_value is not None else "–"
    if base is not None and base.cpu > 0:
        ratio += f" (CPU {tool.cpu / base.cpu:.2f}×)"
    base_text = f"{base_name}: {fmt_time(base)}, {base.rss_mb:.0f} MB" if base else base_name
    return (
        f"| {name} | {fmt_time(tool)} | {tool.rss_mb:.0f} MB | {base_text} | {ratio} | {target} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=10_000, help="files for the batch run")
    parser.add_argument("--report-files", type=int, default=1_000, help="files for the report")
    parser.add_argument("--startup-repeat", type=int, default=5)
    parser.add_argument("--batch-repeat", type=int, default=3)
    parser.add_argument("--questionnaire", default="mlops")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--data", type=Path, default=HERE / ".data")
    parser.add_argument("--output", type=Path, help="also write the Markdown table here")
    args = parser.parse_args(argv)

    ref = pick_questionnaire(args.questionnaire)
    q = load_questionnaire(ref)
    batch_dir = args.data / f"{ref}-{args.files}-{args.seed}"
    report_dir = args.data / f"{ref}-{args.report_files}-{args.seed}"
    print(f"generating {args.files} + {args.report_files} answers files for {ref!r} ...")
    files = generate(q, ref, batch_dir, args.files, args.seed)
    generate(q, ref, report_dir, args.report_files, args.seed)

    py, tool = sys.executable, maturity_cmd()
    s, b = args.startup_repeat, args.batch_repeat
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        print("(a) start-up ...")
        typer_only = [py, "-c", "import typer"]
        t, base, r = compare([*tool, "--help"], typer_only, s)
        rows.append(row("(a) `maturity --help`", t, base, "`import typer`", "≤ 1.2×", r))
        t, base, r = compare([*tool, "--version"], typer_only, s)
        rows.append(row("    `maturity --version`", t, base, "`import typer`", "–", r))
        print("(b) one file ...")
        typer_yaml = [py, "-c", "import typer, yaml"]
        one = [*tool, "score", str(files[0])]
        t, base, r = compare(one, typer_yaml, s)
        rows.append(row("(b) `maturity score FILE`", t, base, "`import typer, yaml`", "≤ 1.5×", r))
        t, base, r = compare([*one, "--format", "json"], typer_yaml, s)
        rows.append(row("    `… --format json`", t, base, "`import typer, yaml`", "–", r))
        print(f"(c) {args.files} files ...")
        load_only = [py, "-c", LOAD_ONLY, str(batch_dir)]
        batch = [*tool, "score", str(batch_dir), "--format", "jsonl", "-o", str(out / "o.jsonl")]
        t, base, r = compare(batch, load_only, b)
        rows.append(
            row(
                f"(c) score {args.files:,} files → jsonl",
                t,
                base,
                "C-loader load only",
                "CPU ≤ 1.6×, < 100 MB",
                r,
            )
        )
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
        if workers > 1:
            split = [py, "-c", LOAD_ONLY_SPLIT, str(batch_dir), str(workers)]
            t, base, r = compare(batch, split, b)
            floor = f"C-loader load only, {workers} processes"
            rows.append(row("    same, floor on as many processes", t, base, floor, "–", r))
        t, base, r = compare(batch, load_only, b, {"MATURITY_WORKERS": "1"})
        rows.append(row("    same, one process", t, base, "C-loader load only", "–", r))
        small_dir = report_dir
        small = [*tool, "score", str(small_dir), "--format", "jsonl", "-o", str(out / "s.jsonl")]
        t, base, r = compare(small, [py, "-c", LOAD_ONLY, str(small_dir)], b)
        rows.append(
            row(
                f"    score {args.report_files:,} files → jsonl (memory check)",
                t,
                base,
                "C-loader load only",
                "–",
                r,
            )
        )
        print(f"(d) report over {args.report_files} files ...")
        probe = subprocess.run([*tool, "report", "--help"], capture_output=True, check=False)
        name = f"(d) report {args.report_files:,} files → html"
        if probe.returncode == 0:
            report = [
                *tool,
                "report",
                str(report_dir),
                "--format",
                "html",
                "-o",
                str(out / "org.html"),
            ]
            rows.append(row(name, measure(report, b), None, "–", "–"))
        else:
            rows.append(f"| {name} | not available yet | – | – | – | – |")

    header = [
        f"Measured {dt.date.today().isoformat()} on {platform.platform()}, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs; questionnaire `{ref}` "
        f"({len(q.questions)} questions); median of {s} (start-up) / {b} (batch) runs after a "
        "warm-up, (fastest–slowest) in brackets. Each command alternates with its baseline "
        "and the ratio is the median of the paired ratios, so drift in the machine's speed "
        "hits both sides. Memory is the peak RSS of the largest process.",
        "",
        "| Measurement | maturity | peak memory | baseline | ratio | target |",
        "|---|---|---|---|---|---|",
    ]
    table = "\n".join([*header, *rows]) + "\n"
    print()
    print(table)
    if args.output:
        args.output.write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
