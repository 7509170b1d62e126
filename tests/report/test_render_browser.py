"""HTML reports in a real browser: phone and desktop widths, paper, dark mode, contrast.

Chromium lays the report out inside an ``<iframe srcdoc>`` of the exact width (a
headless window is never narrower than 500 px), and a script in the test's own
wrapper page (never in the report) writes what it measured into the DOM, which
``--dump-dom`` prints. Screenshots and PDFs are kept under ``build/`` for people
to look at; they are not committed.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pngpixels import pixels
from typer.testing import CliRunner

from maturity_cli.cli.app import app
from maturity_cli.report import charts

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
TEMPLATE = ROOT / "report_templates" / "_base.html.j2"

_MEASURE = """
<script>
const f = document.getElementById("f");
f.onload = () => {
  const d = f.contentDocument, root = d.documentElement;
  const wide = [...d.querySelectorAll("body *")].filter(
    (e) => e.getClientRects().length && e.scrollWidth > e.clientWidth + 1 &&
      getComputedStyle(e).overflowX !== "visible").map((e) =>
      (e.closest("section")?.getAttribute("aria-labelledby") || "") + " " + e.className);
  const sizes = [...d.querySelectorAll("svg text")].filter((e) => e.getClientRects().length)
    .map((e) => parseFloat(getComputedStyle(e).fontSize) * e.getScreenCTM().a);
  f.height = root.scrollHeight;
  document.body.dataset.result = JSON.stringify({
    width: root.scrollWidth, height: root.scrollHeight, overflowing: wide,
    smallest: sizes.length ? Math.min(...sizes) : null});
};
</script>
"""


@pytest.fixture(scope="module")
def browser() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("chromium is not installed (CI installs it: apt-get install chromium)")
    return found


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A team report (the example with the most advice) and an organisation report."""
    folder = tmp_path_factory.mktemp("reports")
    runner = CliRunner()
    out = {}
    for name, args in (
        ("team", [str(ROOT / "examples" / "lone-data-scientist.yaml")]),
        ("typical", [str(ROOT / "examples" / "model-cicd.yaml")]),
        ("org", [str(ROOT / "examples")]),
    ):
        page = folder / f"{name}.html"
        result = runner.invoke(app, ["report", *args, "-f", "html", "-o", str(page)])
        assert result.exit_code == 0, result.output
        out[name] = page
    return out


def _chromium(browser: str, profile: Path, *args: str) -> str:
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--virtual-time-budget=10000", *args],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    return done.stdout


def _framed(page: Path, width: int, folder: Path) -> Path:
    """A wrapper page showing ``page`` in a frame exactly ``width`` pixels wide."""
    doc = html.escape(page.read_text(encoding="utf-8"), quote=True)
    wrapper = folder / f"{page.stem}-{width}-frame.html"
    wrapper.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>frame</title>'
        "<style>body{margin:0}iframe{border:0;display:block}</style></head><body>"
        f'<iframe id="f" title="report" width="{width}" height="2000" srcdoc="{doc}"></iframe>'
        f"{_MEASURE}</body></html>",
        encoding="utf-8",
    )
    return wrapper


def _measure(browser: str, page: Path, width: int, folder: Path) -> dict[str, object]:
    dom = _chromium(browser, folder / "profile", f"--window-size={width},2000",
                    "--dump-dom", _framed(page, width, folder).as_uri())  # fmt: skip
    found = re.search(r'data-result="([^"]*)"', dom)
    assert found is not None, "the page was not measured"
    data: dict[str, object] = json.loads(html.unescape(found.group(1)))
    return data


def _keep(path: Path, folder: str) -> None:
    keep = BUILD / folder
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, keep / path.name)


@pytest.mark.parametrize("width", [360, 390])
@pytest.mark.parametrize("name", ["team", "org"])
def test_a_phone_never_scrolls_sideways(
    browser: str, reports: dict[str, Path], tmp_path: Path, name: str, width: int
) -> None:
    seen = _measure(browser, reports[name], width, tmp_path)
    assert seen["width"] == width, seen  # the page itself is no wider than the screen
    assert seen["overflowing"] == [], seen  # nor is any table or chart cut inside a box
    # Charts still shown at this width stay readable; the others gave way to text.
    assert seen["smallest"] is None or float(str(seen["smallest"])) >= 9, seen


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", ["team", "org"])
def test_screenshots(
    browser: str, reports: dict[str, Path], tmp_path: Path, name: str, width: int
) -> None:
    height = int(str(_measure(browser, reports[name], width, tmp_path)["height"]))
    shot = tmp_path / f"{name}-{width}.png"
    _chromium(browser, tmp_path / "profile", f"--window-size={width},{min(height, 16000)}",
              f"--screenshot={shot}", _framed(reports[name], width, tmp_path).as_uri())  # fmt: skip
    assert shot.exists(), "chromium wrote no screenshot"
    shot_width, _, rgb = pixels(shot)
    assert shot_width == width
    assert len(set(rgb[:: max(1, len(rgb) // 5000)])) > 20  # a real page, not a blank one
    _keep(shot, "screenshots")


def _pdf_pages(browser: str, page: Path, folder: Path) -> int:
    pdf = folder / f"{page.stem}.pdf"
    _chromium(browser, folder / "profile", "--no-pdf-header-footer",
              f"--print-to-pdf={pdf}", page.as_uri())  # fmt: skip
    assert pdf.exists(), "chromium wrote no PDF"
    _keep(pdf, "pdf")
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


def test_printed_reports_fit_a_handful_of_pages(
    browser: str, reports: dict[str, Path], tmp_path: Path
) -> None:
    counts = {name: _pdf_pages(browser, page, tmp_path) for name, page in reports.items()}
    (BUILD / "pdf").mkdir(parents=True, exist_ok=True)
    (BUILD / "pdf" / "pages.json").write_text(json.dumps(counts, indent=2), encoding="utf-8")
    cards = reports["team"].read_text(encoding="utf-8").count("<article")
    assert counts["typical"] <= 7, counts
    # Cards flow in two columns: far fewer pages than cards (once: one card a page).
    assert counts["team"] <= 16 and counts["team"] < cards * 0.6, counts
    assert counts["org"] <= 12, counts


def test_dark_mode_follows_the_system(
    browser: str, reports: dict[str, Path], tmp_path: Path
) -> None:
    shots = {}
    for mode, flags in (("light", []), ("dark", ["--force-dark-mode"])):
        shot = tmp_path / f"team-1280-{mode}.png"
        _chromium(browser, tmp_path / f"profile-{mode}", *flags, "--window-size=1280,900",
                  f"--screenshot={shot}", reports["team"].as_uri())  # fmt: skip
        _keep(shot, "screenshots")
        width, _, rgb = pixels(shot)
        shots[mode] = rgb[width * 880 + 4]  # the page background, bottom left
    assert sum(shots["light"]) > 600 and sum(shots["dark"]) < 150, shots


# --- colour contrast (WCAG 2.1 AA), no browser needed ------------------------------------


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48  # just below AA


# text colour variable -> the background variables it is drawn on
TEXT_PAIRS = {
    "--ink": ["--page", "--soft", "--gap-soft", "--hold-soft"],
    "--muted": ["--page", "--soft", "--hold-soft"],
    "--link": ["--page", "--soft"],
    "--hold": ["--page", "--hold-soft"],
    "--accent": ["--page"],
    "--on-brand": ["--brand", "--brand-dark"],
    "--head-muted": ["--brand-dark"],
}


def _schemes() -> dict[str, dict[str, str]]:
    css = TEMPLATE.read_text(encoding="utf-8")
    blocks = re.findall(r":root \{(.*?)\}", css, flags=re.S)
    assert len(blocks) == 2, "expected a light and a dark :root block"
    light = dict(re.findall(r"(--[a-z-]+): (#[0-9a-fA-F]{3,6})", blocks[0]))
    dark = {**light, **dict(re.findall(r"(--[a-z-]+): (#[0-9a-fA-F]{3,6})", blocks[1]))}
    return {"light": light, "dark": dark}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_colours_meet_wcag_aa(scheme: str) -> None:
    colours = _schemes()[scheme]
    failing = [
        (text, back, round(contrast(colours[text], colours[back]), 2))
        for text, backs in TEXT_PAIRS.items()
        for back in backs
        if contrast(colours[text], colours[back]) < 4.5
    ]
    assert not failing, failing


def test_chart_colours_meet_wcag_aa() -> None:
    for position in (0, 0.2, 0.4, 0.6, 0.8, 1):
        fill, ink = charts.shade(position)
        assert contrast(fill, ink) >= 4.5, (position, fill, ink)
    assert contrast("#5b6577", "#ffffff") >= 4.5  # "–" in an unrated cell
    assert contrast(charts._ACCENT, "#ffffff") >= 4.5  # "You are here" and its step
