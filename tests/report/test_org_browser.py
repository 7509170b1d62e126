"""A large organisation report in a real browser: it loads, groups come first, it stays small.

Ten thousand teams (far above the per-team heatmap cap) in fifty groups: the
size the organisation report is built for. The screenshot is kept under
``build/screenshots/`` for people to look at, as the other browser tests do;
``benchmarks/org_screenshot.py`` takes the same screenshot of a report built
from generated answers files.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import msgspec
import pytest
from pngpixels import pixels
from test_render import QUESTIONNAIRE, html_ok, many_results

from maturity_cli.report.organisation import HEATMAP_MAX_TEAMS
from maturity_cli.report.render import render_report

ROOT = Path(__file__).resolve().parents[2]
TEAMS = 10_000
GROUPS = 50
WIDTH = 1280
MAX_BYTES = 5_000_000

_MEASURE = """
<script>
const f = document.getElementById("f");
f.onload = () => {
  const d = f.contentDocument, table = d.querySelector("#groups + p + .scroll table");
  const box = table ? table.getBoundingClientRect() : null;
  const first = d.querySelector("main > section");
  const last = d.querySelector("main > section:last-of-type");
  f.contentWindow.scrollTo(0, d.documentElement.scrollHeight);
  document.body.dataset.result = JSON.stringify({
    scrolled: f.contentWindow.scrollY, page: d.documentElement.scrollHeight,
    end: last ? last.getBoundingClientRect().bottom : null,
    first: first ? first.getAttribute("aria-labelledby") : null,
    top: box ? box.top : null, height: box ? box.height : null,
    rows: table ? table.tBodies[0].rows.length : 0,
    details: d.querySelectorAll("details.group").length,
    open: d.querySelectorAll("details.group[open]").length});
};
</script>
"""


def _chromium(browser: str, profile: Path, *args: str) -> str:
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--virtual-time-budget=20000", *args],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    return done.stdout


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("org-browser")
    (folder / "questionnaire.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    results = [
        msgspec.structs.replace(r, group=f"Unit {i % GROUPS:02d}")
        for i, r in enumerate(many_results(folder, TEAMS))
    ]
    out = folder / f"org-{TEAMS}.html"
    out.write_text(render_report(results, "html"), encoding="utf-8")
    return out


def test_ten_thousand_teams_stay_a_small_valid_page(page: Path) -> None:
    assert TEAMS > HEATMAP_MAX_TEAMS  # this is the report above the cap
    text = page.read_text(encoding="utf-8")
    html_ok(text)
    assert len(text.encode()) < MAX_BYTES, len(text.encode())
    assert len(re.findall(r"<tr><td>Team \d{4,5}</td>", text)) == TEAMS  # every team listed


def test_the_groups_table_is_visible_at_the_top(page: Path, tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed (CI installs it: apt-get install chromium)")
    doc = html.escape(page.read_text(encoding="utf-8"), quote=True)
    wrapper = tmp_path / "frame.html"
    wrapper.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>frame</title>'
        "<style>body{margin:0}iframe{border:0;display:block}</style></head><body>"
        f'<iframe id="f" title="report" width="{WIDTH}" height="900" srcdoc="{doc}"></iframe>'
        f"{_MEASURE}</body></html>",
        encoding="utf-8",
    )
    dom = _chromium(browser, tmp_path / "profile", f"--window-size={WIDTH},900", "--dump-dom",
                    wrapper.as_uri())  # fmt: skip
    found = re.search(r'data-result="([^"]*)"', dom)
    assert found is not None, "the page did not load"
    seen = json.loads(html.unescape(found.group(1)))
    assert seen["first"] == "groups", seen  # the first section of the report
    assert seen["rows"] == GROUPS and seen["height"] > 0, seen
    assert 0 < seen["top"] < 900, seen  # on the first screen, without scrolling
    assert seen["details"] == GROUPS and seen["open"] == 0, seen  # teams wait behind their group
    # It scrolls: the page is taller than the window, and its end can be reached.
    assert seen["page"] > 900 and seen["scrolled"] > 0, seen
    assert seen["end"] is not None and 0 < seen["end"] <= 900, seen

    shot = tmp_path / f"org-{TEAMS}-{WIDTH}.png"
    _chromium(browser, tmp_path / "profile2", f"--window-size={WIDTH},1800",
              f"--screenshot={shot}", page.as_uri())  # fmt: skip
    assert shot.exists(), "chromium wrote no screenshot"
    width, _, rgb = pixels(shot)
    assert width == WIDTH
    assert len(set(rgb[:: max(1, len(rgb) // 5000)])) > 20  # a real page, not a blank one
    keep = ROOT / "build" / "screenshots"
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, keep / shot.name)
