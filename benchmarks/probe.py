"""Run one ``maturity`` command in this process and report what it cost.

    python benchmarks/probe.py -- score DIR -f jsonl -o out.jsonl

Prints one line ``PROBE {json}`` to standard error after the command finishes:
CPU time (user + system) of this process (the parent) and of its children (batch
workers), peak RSS of the parent, the largest peak RSS of any worker, and the
exit code. CPU time, unlike wall time, hardly depends on what else the machine
runs, so it is the figure to compare on a shared machine.

A worker's peak is read from ``/proc/PID/status`` (``VmHWM``) while it runs:
``getrusage(RUSAGE_CHILDREN)`` would report the parent's size, since a child is
briefly a copy of the parent before it starts a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
from pathlib import Path

from maturity_cli.cli.app import main as maturity_main


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        children = Path(f"/proc/{current}/task/{current}/children")
        try:
            kids = [int(x) for x in children.read_text().split()]
        except OSError:
            continue
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


class WorkerPeak(threading.Thread):
    """Samples the peak RSS of every descendant process until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stop.wait(0.05):
            for pid in _descendants(me):
                self.peak = max(self.peak, _hwm_mb(pid))


def main(argv: list[str]) -> int:
    """Run ``maturity`` with ``argv`` and print its costs as JSON on stderr."""
    sampler = WorkerPeak()
    sampler.start()
    sys.argv = ["maturity", *argv]
    code = 0
    try:
        maturity_main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    sampler.stop.set()
    sampler.join()
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    report = {
        "code": code,
        "parent_cpu_s": round(me.ru_utime + me.ru_stime, 3),
        "workers_cpu_s": round(kids.ru_utime + kids.ru_stime, 3),
        # Not ru_maxrss: Linux carries it over exec from the process that started
        # this one (a benchmark script holding 200,000 names would count here).
        "parent_rss_mb": round(_hwm_mb(os.getpid()) or me.ru_maxrss / 1024, 1),
        "worker_rss_mb": round(sampler.peak, 1),
    }
    print("PROBE " + json.dumps(report), file=sys.stderr)
    return code


if __name__ == "__main__":
    args = sys.argv[1:]
    raise SystemExit(main(args[1:] if args[:1] == ["--"] else args))
