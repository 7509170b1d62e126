"""Where one file's CPU time goes when a batch is scored, stage by stage.

    python benchmarks/stages.py --files 2000

Scores N generated ``mlops`` answers files (as ``run.py`` generates them) in this
process, timing each stage with CPU time, and times PyYAML's C loader on the same
text in between, so that the floor and the stages see the same machine. Prints
microseconds per file for each stage: reading (bounded), parsing the YAML,
checking the answers (structure, then every answer against its question),
scoring, and encoding the full and the compact JSON record. The collector is set
up as a batch sets it up (what exists after warming up is frozen).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

import msgspec
import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from maturity_cli.answers.loader import AnswersFile, _check  # noqa: E402
from maturity_cli.load.convert import convert  # noqa: E402
from maturity_cli.load.reader import Locator, parse_document, read_text  # noqa: E402
from maturity_cli.questionnaire.loader import load_questionnaire  # noqa: E402
from maturity_cli.scoring.compact import compact  # noqa: E402
from maturity_cli.scoring.engine import score  # noqa: E402

STAGES = ("read", "parse YAML", "check answers", "score", "encode full", "compact + encode")


def run(files: list[Path], timings: dict[str, float]) -> None:
    """Score ``files`` once, adding each stage's CPU seconds to ``timings``."""
    q = load_questionnaire("mlops")
    encode = msgspec.json.Encoder().encode
    clock = time.process_time
    c_loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in files:
        t0 = clock()
        text = read_text(path)
        t1 = clock()
        data = parse_document(text, str(path))
        t2 = clock()
        where = Locator(text, str(path))
        answers = _check(convert(data, AnswersFile, where, "answers file"), q, where, str(path))
        t3 = clock()
        result = score(answers)
        t4 = clock()
        encode(result)
        t5 = clock()
        encode(compact(result, q))
        t6 = clock()
        yaml.load(text, Loader=c_loader)  # the floor
        t7 = clock()
        for name, spent in zip(
            (*STAGES, "C loader"),
            (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6),
            strict=True,
        ):
            timings[name] = timings.get(name, 0.0) + spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--data", type=Path, default=HERE / ".data")
    args = parser.parse_args(argv)
    q = load_questionnaire("mlops")
    files = generate(q, "mlops", args.data / f"mlops-{args.files}-{args.seed}", args.files)
    run(files[:50], {})  # warm up: compile, fill the memos
    gc.freeze()
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        timings: dict[str, float] = {}
        run(files, timings)
        for name, spent in timings.items():
            best[name] = min(best.get(name, spent), spent)
    per_file = {name: spent / len(files) * 1e6 for name, spent in best.items()}
    total = sum(per_file[name] for name in STAGES[:5])
    print("| stage | µs per file (best of runs) |")
    print("|---|---|")
    for name in STAGES:
        print(f"| {name} | {per_file[name]:.0f} |")
    print(f"| **total, full record** | **{total:.0f}** |")
    print(f"| C loader, same text (floor, without reading) | {per_file['C loader']:.0f} |")
    print(f"\nfull record / C loader: {total / per_file['C loader']:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
