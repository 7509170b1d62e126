"""Memory and CPU of batch commands as the number of files grows (the slope).

    python benchmarks/scale.py --sizes 1000 10000 50000 200000

For each size (answers files generated as by ``run.py``, reused from
``benchmarks/.data/``), runs in fresh processes through ``probe.py``:

* ``score DIR -f jsonl --compact -o F`` (and the full form up to ``--full-max``
  files, since it writes about 60 KB per team);
* ``check DIR --no-policy --min-level microsoft=2`` with the table (a summary at
  this scale) and with ``--format json``, up to ``--check-max`` files;
* ``report DIR -f html -o F`` side by side with ``score DIR -f jsonl -o F`` over
  the same files spread over ``--folders`` subfolders (the report's groups), up
  to ``--report-max`` files, with the size of the HTML;

and prints CPU seconds per 1,000 files and the peak RSS of the parent and of the
largest worker, plus the mean compact and full record sizes. CPU time rather
than wall time, because the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from maturity_cli.questionnaire.loader import load_questionnaire  # noqa: E402


def probe(args: list[str]) -> dict[str, float]:
    """Run ``maturity ARGS`` through probe.py; its PROBE line as a dict."""
    proc = subprocess.run(
        [sys.executable, str(HERE / "probe.py"), "--", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    line = next(x for x in proc.stderr.splitlines() if x.startswith("PROBE "))
    found: dict[str, float] = json.loads(line[len("PROBE ") :])
    return found


def row(name: str, n: int, found: dict[str, float], extra: str = "") -> str:
    cpu = found["parent_cpu_s"] + found["workers_cpu_s"]
    return (
        f"| {name} | {n:,} | {cpu / n * 1000:.2f} s | {found['parent_cpu_s'] / n * 1000:.2f} s "
        f"| {found['parent_rss_mb']:.0f} MB | {found['worker_rss_mb']:.0f} MB | {extra} |"
    )


def report_rows(q: object, n: int, args: argparse.Namespace) -> list[str]:
    """``report -f html`` and ``score -f jsonl`` over the same files, in subfolders."""
    folder = args.data / f"mlops-{n}-{args.seed}-in{args.folders}"
    generate(q, "mlops", folder, n, args.seed, folders=args.folders)  # type: ignore[arg-type]
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        jsonl, page = Path(tmp) / "o.jsonl", Path(tmp) / "o.html"
        score = probe(["score", str(folder), "-f", "jsonl", "-o", str(jsonl)])
        out.append(row(f"score -f jsonl ({args.folders} folders)", n, score))
        report = probe(["report", str(folder), "-f", "html", "-o", str(page)])
        ratio = cpu(report) / cpu(score)
        size = page.stat().st_size / 1024 / 1024
        out.append(
            row("report -f html", n, report, f"{size:.2f} MB; {ratio:.2f}x the CPU of score")
        )
    return out


def cpu(found: dict[str, float]) -> float:
    """CPU seconds of the parent and its workers."""
    return found["parent_cpu_s"] + found["workers_cpu_s"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--full-max", type=int, default=50_000)
    parser.add_argument("--check-max", type=int, default=10_000)
    parser.add_argument("--report-max", type=int, default=10_000)
    parser.add_argument("--folders", type=int, default=50)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--data", type=Path, default=HERE / ".data")
    args = parser.parse_args(argv)
    q = load_questionnaire("mlops")
    rows = [
        "| command | files | CPU per 1,000 files (all processes) | of which parent "
        "| parent peak RSS | largest worker peak RSS | output |",
        "|---|---|---|---|---|---|---|",
    ]
    for n in args.sizes:
        folder = args.data / f"mlops-{n}-{args.seed}"
        generate(q, "mlops", folder, n, args.seed)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "o.jsonl"
            found = probe(["score", str(folder), "-f", "jsonl", "--compact", "-o", str(out)])
            size = out.stat().st_size / n / 1024
            rows.append(row("score -f jsonl --compact", n, found, f"{size:.1f} KB a record"))
            out.unlink()
            if n <= args.full_max:
                found = probe(["score", str(folder), "-f", "jsonl", "-o", str(out)])
                size = out.stat().st_size / n / 1024
                rows.append(row("score -f jsonl", n, found, f"{size:.1f} KB a record"))
                out.unlink()
        if n <= args.check_max:
            check = ["check", str(folder), "--no-policy", "--min-level", "microsoft=2"]
            rows.append(row("check (summary table)", n, probe(check)))
            rows.append(row("check -f json", n, probe([*check, "-f", "json"])))
        if n <= args.report_max:
            rows += report_rows(q, n, args)
        print(rows[-1], flush=True)
    print()
    print(f"{os.cpu_count()} CPUs")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
