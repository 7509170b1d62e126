"""Start-up of two installs of ``maturity``, side by side, against the same baseline.

    python benchmarks/startup.py --other /tmp/old --repeat 41

``--other`` is a second checkout with its own ``.venv`` (for example ``git
worktree add /tmp/old f654599`` and a venv there). Each round runs the baseline,
the other tree's ``maturity`` and this tree's, one after the other, and reads the
CPU time (user + system) each took from ``resource.getrusage(RUSAGE_CHILDREN)``:
CPU time, unlike wall time, hardly depends on what else the machine runs. The
ratio is the median of the paired ratios; the brackets give the interquartile
range. Both trees' packages are byte-compiled first, so that neither pays for
compiling its source on every run (as it would with ``PYTHONDONTWRITEBYTECODE``).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "small-startup.yaml"


def cpu_ms(command: list[str]) -> float:
    """CPU time of one run of ``command``, in milliseconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with exit code {done.returncode}")
    used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return used * 1000


def quartiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return ordered[len(ordered) // 4], ordered[3 * len(ordered) // 4]


def compare(commands: dict[str, list[str]], repeat: int) -> str:
    """One Markdown row: the baseline's median, then each tree's median and ratio."""
    for command in commands.values():  # warm-up (and the questionnaire cache)
        cpu_ms(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            times[name].append(cpu_ms(command))
    base = times.pop("baseline")
    cells = [f"{statistics.median(base):.0f} ms"]
    for values in times.values():
        ratios = [t / b for t, b in zip(values, base, strict=True)]
        low, high = quartiles(ratios)
        cells.append(
            f"{statistics.median(values):.0f} ms, **{statistics.median(ratios):.2f}×** "
            f"({low:.2f}–{high:.2f})"
        )
    return " | ".join(cells)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--other", type=Path, required=True, help="another tree with a .venv")
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--file", type=Path, default=EXAMPLE, help="answers file to score")
    args = parser.parse_args(argv)

    trees = {"other": args.other.resolve(), "this": HERE.parent}
    for tree in trees.values():
        python = tree / ".venv" / "bin" / "python"
        subprocess.run([str(python), "-m", "compileall", "-q", str(tree / "maturity_cli")])
    tools = {name: str(tree / ".venv" / "bin" / "maturity") for name, tree in trees.items()}
    cases = {
        "`maturity --help`": (["import typer"], ["--help"]),
        "`maturity score FILE`": (["import typer, yaml"], ["score", str(args.file)]),
    }
    print(f"| | baseline | {args.other} | this tree |")
    print("|---|---|---|---|")
    for name, (code, words) in cases.items():
        commands = {"baseline": [sys.executable, "-c", *code]}
        commands |= {tree: [tool, *words] for tree, tool in tools.items()}
        print(f"| {name} | {compare(commands, args.repeat)} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
