"""Screenshot of the HTML organisation report over many teams, in headless Chromium.

    python benchmarks/org_screenshot.py --files 10000 --folders 50

Generates the answers files as ``scale.py`` does (reused from ``benchmarks/.data/``),
writes ``maturity report DIR -f html`` to ``build/org-N.html`` and its first
screen, at 1280 px wide, to ``build/screenshots/org-N-1280.png``; prints the
page's size. The test suite takes the same screenshot of a 1,000-team report
(tests/report/test_org_browser.py).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from maturity_cli.questionnaire.loader import load_questionnaire  # noqa: E402

BUILD = HERE.parent / "build"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--folders", type=int, default=50)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--height", type=int, default=2400)
    parser.add_argument("--data", type=Path, default=HERE / ".data")
    args = parser.parse_args(argv)
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium is not installed", file=sys.stderr)
        return 1
    folder = args.data / f"mlops-{args.files}-{args.seed}-in{args.folders}"
    generate(load_questionnaire("mlops"), "mlops", folder, args.files, args.seed, args.folders)
    page = BUILD / f"org-{args.files}.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    maturity = [sys.executable, "-m", "maturity_cli"]
    subprocess.run([*maturity, "report", str(folder), "-f", "html", "-o", str(page)], check=True)
    shot = BUILD / "screenshots" / f"org-{args.files}-1280.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             f"--user-data-dir={profile}", "--virtual-time-budget=30000",
             f"--window-size=1280,{args.height}", f"--screenshot={shot}", page.as_uri()],
            capture_output=True, timeout=300, check=True,
        )  # fmt: skip
    print(f"{page}: {page.stat().st_size / 1024 / 1024:.2f} MB")
    print(f"{shot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
