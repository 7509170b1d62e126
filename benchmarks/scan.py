"""Benchmark ``maturity scan`` on a generated repository against its floor.

    python benchmarks/scan.py --files 50000 --repeat 3

Generates a seeded git repository of N files (Python packages, tests, notebooks,
docs, configs, an ignored data folder, CI workflows and manifests) into
``benchmarks/.data/scan-N-SEED`` (git-ignored, reused), then times, in fresh
subprocesses and in alternation:

- ``maturity scan REPO --format json -o F`` with the built-in ``mlops`` evidence;
- the floor: ``git ls-files`` plus reading every file the signals name (the same
  files the scan opens), in a plain Python process.

Peak memory is the max RSS of the scan process; run two sizes to see it stay flat.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import compare, fmt_time, maturity_cmd

from maturity_cli.evidence.detect import reads
from maturity_cli.evidence.walk import list_files
from maturity_cli.questionnaire.loader import load_questionnaire

HERE = Path(__file__).resolve().parent
FLOOR = """
import subprocess, sys
from pathlib import Path
root = Path(sys.argv[1])
subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others",
                "--exclude-standard"], check=True, capture_output=True)
for rel in Path(sys.argv[2]).read_text(encoding="utf-8").splitlines():
    (root / rel).read_bytes()
"""
GIT_ONLY = "import subprocess, sys; subprocess.run(['git', '-C', sys.argv[1], 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], check=True, capture_output=True)"

FIXED = {
    ".gitignore": "data/\n__pycache__/\n",
    "requirements.txt": "pandas==2.1.0\nscikit-learn==1.3.2\nmlflow==2.9.2\ndvc[s3]==3.30.0\n",
    "pyproject.toml": '[project]\nname = "bench"\ndependencies = ["numpy", "evidently"]\n',
    "dvc.yaml": "stages:\n  train:\n    cmd: python src/train.py\n",
    "Dockerfile": "FROM python:3.11-slim\nRUN pip install -r requirements.txt\n",
    ".github/workflows/ci.yml": "on: [push]\njobs:\n  t:\n    steps:\n      - run: pytest -q\n",
    ".github/workflows/train.yml": (
        "on:\n  schedule:\n    - cron: '0 4 * * 1'\njobs:\n  t:\n    steps:\n      - run: dvc repro\n"
    ),
}


def _module(rng: random.Random, i: int) -> str:
    lines = [f'"""Module {i}."""', "import numpy as np", ""]
    if rng.random() < 0.02:
        lines.append("import mlflow\nmlflow.log_metric('auc', 0.9)")
    for j in range(rng.randint(5, 40)):
        lines.append(f"def f{j}(x):\n    return np.asarray(x) * {j}\n")
    return "\n".join(lines)


def _file(rng: random.Random, i: int) -> tuple[str, str]:
    """One generated file: a module (most), a test, a notebook, a doc, a config or data."""
    folder = f"{i // 100:04d}"
    roll = rng.random()
    if roll < 0.65:
        return f"src/pkg{folder}/mod{i}.py", _module(rng, i)
    if roll < 0.75:
        return f"tests/t{folder}/test_mod{i}.py", f"def test_{i}():\n    assert {i} == {i}\n"
    if roll < 0.78:
        cells = [{"cell_type": "code", "source": ["import pandas as pd\n", f"x = {i}"]}]
        return f"notebooks/n{folder}/nb{i}.ipynb", json.dumps({"cells": cells})
    if roll < 0.88:
        return f"docs/d{folder}/page{i}.md", f"# Page {i}\n\nSome words about model {i}.\n"
    if roll < 0.92:
        return f"configs/c{folder}/conf{i}.yaml", f"name: conf{i}\nparams: {{lr: 0.{i % 9 + 1}}}\n"
    return f"data/d{folder}/part{i}.csv", "a,b\n1,2\n" * 20


def generate_repo(root: Path, files: int, seed: int) -> Path:
    """A git repository of ``files`` files (reused when already complete)."""
    marker = root / ".complete"
    if marker.exists():
        return root
    rng = random.Random(seed)
    for rel, text in [*FIXED.items(), *(_file(rng, i) for i in range(files))]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git = ["git", "-C", str(root), "-c", "user.name=bench", "-c", "user.email=bench@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "generated"], check=True)
    marker.write_text("", encoding="utf-8")
    return root


def read_list(root: Path, out: Path) -> None:
    """Write the files a scan opens (one per line) to ``out``."""
    q = load_questionnaire("mlops")
    assert q.evidence is not None
    listing = list_files(root, q.evidence.downweight)
    paths = [e.path for e in listing.entries if reads(e.path, q.evidence.signals)]
    out.write_text("\n".join(paths), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--files", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data", type=Path, default=HERE / ".data")
    parser.add_argument("--list", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.list:
        read_list(*args.list)
        return 0
    py, tool = sys.executable, maturity_cmd()
    rows = [
        "| repository | `maturity scan` | peak memory | floor: `git ls-files` + reading the named files | ratio | `git ls-files` alone |",
        "|---|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.files:
            print(f"generating a repository of {n:,} files ...")
            root = generate_repo(args.data / f"scan-{n}-{args.seed}", n, args.seed)
            names = Path(tmp) / f"read-{n}.txt"
            # In a child process: a forked child inherits the parent's peak RSS, so the
            # parent must stay small for the memory figures to mean anything.
            subprocess.run([py, __file__, "--list", str(root), str(names)], check=True)
            count = len(names.read_text(encoding="utf-8").splitlines())
            scan = [*tool, "scan", str(root), "--format", "json", "-o", str(Path(tmp) / "s.json")]
            t, base, ratio = compare(scan, [py, "-c", FLOOR, str(root), str(names)], args.repeat)
            git_t, _, _ = compare([py, "-c", GIT_ONLY, str(root)], [py, "-c", "pass"], args.repeat)
            rows.append(
                f"| {n:,} files ({count:,} read) | {fmt_time(t)} | {t.rss_mb:.0f} MB "
                f"| {fmt_time(base)}, {base.rss_mb:.0f} MB | {ratio:.2f}× | {fmt_time(git_t)} |"
            )
    print(f"\n{platform.platform()}, Python {platform.python_version()}, median of {args.repeat}\n")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
