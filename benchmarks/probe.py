"""Run one ``maturity`` command in this process and report what it cost.

    python benchmarks/probe.py -- score DIR -f jsonl -o out.jsonl

Prints one line ``PROBE {json}`` to standard error after the command finishes:
CPU time (user + system) of this process (the parent) and of its children (batch
workers), peak RSS of the parent, the largest peak RSS of any worker, and the
exit code. CPU time, unlike wall time, hardly depends on what else the machine
runs, so it is the figure to compare on a shared machine.

A worker's peak is read from ``/proc/PID/status`` (``VmHWM``) while it runs, by
a sampling process (a thread would make the batch start its workers as fresh
interpreters instead of forking them): ``getrusage(RUSAGE_CHILDREN)`` would
report the parent's size. A forked worker's peak counts the pages it shares
with the parent. The command runs as the console script runs it
(``maturity_cli.__main__``), with its settings of the garbage collector.
"""

from __future__ import annotations

import json
import os
import resource
import select
import subprocess
import sys
from pathlib import Path

from maturity_cli.__main__ import main as maturity_main


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        try:
            text = Path(f"/proc/{current}/task/{current}/children").read_text()
        except OSError:
            continue
        kids = [int(x) for x in text.split()]
        found.extend(kids)
        stack.extend(kids)
    return found


def _hwm_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _sample(root: int) -> None:
    """Print the largest peak RSS of ``root``'s descendants (but this one) once stdin speaks.

    Runs in a separate process, not a thread: batch workers are forked only while
    the process has a single thread, and the probe must not change how they start.
    """
    me, peak = os.getpid(), 0.0
    while not select.select([sys.stdin], [], [], 0.05)[0]:
        for pid in _descendants(root):
            if pid != me:
                peak = max(peak, _hwm_mb(pid))
    print(peak)


def main(argv: list[str]) -> int:
    """Run ``maturity`` with ``argv`` and print its costs as JSON on stderr."""
    sampler = subprocess.Popen(
        [sys.executable, __file__, "--sample", str(os.getpid())],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    sys.argv = ["maturity", *argv]
    code = 0
    try:
        maturity_main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    me, kids = (  # before the sampler is waited for: its time is not the command's
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    peak, _ = sampler.communicate("stop\n")
    report = {
        "code": code,
        "parent_cpu_s": round(me.ru_utime + me.ru_stime, 3),
        "workers_cpu_s": round(kids.ru_utime + kids.ru_stime, 3),
        # Not ru_maxrss: Linux carries it over exec from the process that started
        # this one (a benchmark script holding 200,000 names would count here).
        "parent_rss_mb": round(_hwm_mb(os.getpid()) or me.ru_maxrss / 1024, 1),
        "worker_rss_mb": round(float(peak or 0), 1),
    }
    print("PROBE " + json.dumps(report), file=sys.stderr)
    return code


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--sample"]:
        _sample(int(args[1]))
    else:
        raise SystemExit(main(args[1:] if args[:1] == ["--"] else args))
