"""Reports: Markdown, HTML and JSON for a team and an organisation, via the real CLI."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import html5lib
import msgspec
import pytest
from markdown_it import MarkdownIt
from pngpixels import pixels
from typer.testing import CliRunner

from maturity_cli.answers.loader import parse_answers
from maturity_cli.cli.app import app
from maturity_cli.errors import InvalidFile
from maturity_cli.questionnaire.loader import load_questionnaire
from maturity_cli.report.render import http_url, md_escape, render_report
from maturity_cli.scoring.engine import score
from maturity_cli.scoring.result import Result

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOTS = Path(__file__).resolve().parents[1] / "snapshots"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

QUESTIONNAIRE = """\
id: fixture
version: "2.1"
title: Delivery practices
references:
  - id: guide
    title: Field guide
    url: https://example.org/guide
dimensions:
  - {id: data, title: Data}
  - {id: model, title: Model development}
  - {id: deploy, title: Deployment}
  - {id: monitor, title: Monitoring}
  - {id: people, title: Team}
questions:
  - {id: size, text: How many people work on models?, type: number, integer: true, min: 0, context: true}
  - {id: versioned_data, text: Is training data versioned?, type: yes_no, dimension: data}
  - id: validation
    text: How is incoming data validated?
    type: scale
    dimension: data
    choices:
      - {value: none, label: Not at all}
      - {value: manual, label: By hand}
      - {value: auto, label: Automatically}
  - {id: tracking, text: Are experiments tracked?, type: yes_no, dimension: model}
  - {id: review, text: Are models reviewed before release?, type: yes_no, dimension: model}
  - {id: ci, text: Is deployment automated?, type: yes_no, dimension: deploy}
  - {id: rollback, text: Can you roll back in minutes?, type: yes_no, dimension: deploy}
  - {id: alerts, text: Do alerts fire on drift?, type: yes_no, dimension: monitor}
  - {id: oncall, text: Is there an on-call rota?, type: yes_no, dimension: people}
frameworks:
  - id: stages
    title: Delivery stages
    style: gated
    levels:
      - {level: 0, name: Ad hoc, meaning: Work happens by hand and is hard to repeat.}
      - level: 1
        name: Repeatable
        meaning: Data and experiments are recorded so results can be reproduced.
        criteria:
          - {id: c_data, text: Training data is versioned, rule: versioned_data, dimension: data, sources: [{ref: guide, section: "3.1"}]}
          - {id: c_track, text: Experiments are tracked, rule: tracking, dimension: model}
      - level: 2
        name: Automated
        meaning: Releases are automated and reversible.
        criteria:
          - {id: c_ci, text: Deployment is automated, rule: ci, dimension: deploy}
          - {id: c_rb, text: Rollback takes minutes, rule: rollback, dimension: deploy}
          - {id: c_val, text: Data is validated automatically, rule: 'validation >= "auto"', dimension: data}
      - level: 3
        name: Observed
        meaning: Problems in production are noticed before users notice them.
        criteria:
          - {id: c_alert, text: Drift raises alerts, rule: alerts, dimension: monitor}
          - {id: c_oncall, text: Someone is on call, rule: oncall, dimension: people}
  - id: coverage
    title: Practice coverage
    style: percentage
    levels:
      - {level: 0, name: Sparse}
      - {level: 1, name: Partial, at_least: 40}
      - {level: 2, name: Broad, at_least: 80}
recommendations:
  - id: version_data
    title: Version your training data
    why: Without versioned data no result can be reproduced.
    when: not versioned_data
    impact: high
    effort: low
    dimension: data
    addresses: [c_data]
    actions: [Pick a data versioning tool, Snapshot the current training set]
    sources: [{ref: guide, section: "3.1"}]
  - id: automate_deploy
    title: Automate deployment
    why: Manual releases are slow and error-prone.
    when: not ci
    impact: high
    effort: medium
    dimension: deploy
    addresses: [c_ci]
    prerequisites: [version_data]
    actions: [Script the release, Run it from CI on every merge]
  - id: validate_data
    title: Validate incoming data automatically
    why: Bad data is the most common cause of bad models.
    when: 'validation < "auto"'
    impact: medium
    effort: medium
    addresses: [c_val]
  - id: feature_store
    title: Build a feature store
    kind: hold_off
    why: A feature store pays off only with many models sharing features.
    when: size < 10
    because: A small team gains little from it yet.
"""

TEAM = """\
questionnaire: ./questionnaire.yaml
subject: Search ranking
assessor: Platform review board
assessed_on: 2026-11-02
answers:
  size: 6
  versioned_data: {value: no, note: "Snapshots are copied by hand.", evidence: "https://wiki.example.org/data"}
  validation: manual
  tracking: yes
  review: {value: yes, evidence: "docs/review-process.md"}
  ci: no
  rollback: unknown
  alerts: {value: unknown, note: Ask the SRE team.}
"""

OTHER = """\
questionnaire: ./questionnaire.yaml
subject: Fraud detection
assessor: Platform review board
assessed_on: 2026-11-03
answers:
  size: 14
  versioned_data: yes
  validation: auto
  tracking: yes
  review: yes
  ci: yes
  rollback: yes
  alerts: no
  oncall: yes
"""

HOSTILE = """\
questionnaire: ./questionnaire.yaml
subject: "Evil <script>alert(1)</script> | \\"quoted\\" 'single' *bold* _u_ `tick` [x](javascript:alert(1))"
assessor: "# not a heading | <img src=https://evil.example/x.png>"
assessed_on: 2026-11-04
answers:
  size: 3
  versioned_data:
    value: no
    note: "line one\\nline two | <script>alert(2)</script> [link](javascript:alert(3))"
    evidence: "javascript:alert(1)"
  validation: {value: manual, evidence: "https://example.org/a?b=<c>&d=\\"e\\"", note: "1. starts a list? | also # here"}
  tracking: {value: yes, evidence: "data:text/html,<script>alert(4)</script>", note: "- dash | pipe"}
  review: no
  ci: no
"""

TEAMS = {"team.yaml": TEAM, "other.yaml": OTHER, "hostile.yaml": HOSTILE}


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "questionnaire.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    for name, text in TEAMS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def score_text(folder: Path, text: str, name: str = "t.yaml") -> Result:
    q = load_questionnaire(str(folder / "questionnaire.yaml"))
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return score(parse_answers(text, name, questionnaire=q, base=folder))


def md_tables(text: str) -> list[list[int]]:
    """Cells per row of every table in a Markdown document."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables: list[list[int]] = []
    cells = 0
    for tok in tokens:
        if tok.type == "table_open":
            tables.append([])
        elif tok.type == "tr_open":
            cells = 0
        elif tok.type in ("th_open", "td_open"):
            cells += 1
        elif tok.type == "tr_close":
            tables[-1].append(cells)
    return tables


def md_table_lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.startswith("|"))


def assert_tables_intact(text: str) -> None:
    tables = md_tables(text)
    assert tables, "no tables found"
    for rows in tables:
        assert len(set(rows)) == 1, rows
    # every pipe-led line belongs to a parsed table row (header + delimiter + body)
    assert md_table_lines(text) == sum(len(rows) + 1 for rows in tables)


def html_ok(text: str) -> None:
    html5lib.HTMLParser(strict=True).parse(text)
    lowered = text.lower()
    assert "<script" not in lowered
    assert "<link" not in lowered
    assert "@import" not in lowered
    assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', lowered))


# --- each format, for a team and an organisation -------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_team_report_each_format(workdir: Path, fmt: str) -> None:
    code, out, err = run("report", "team.yaml", "--format", fmt)
    assert code == 0, err
    assert "Search ranking" in out
    if fmt == "json":
        data = json.loads(out)
        assert data["subject"] == "Search ranking"
        assert data["schema_version"] == 1
    elif fmt == "md":
        assert out.startswith("# Delivery practices: Search ranking\n")
        for heading in (
            "## Delivery stages",
            "### What stands between you and level 1 (Repeatable)",
            "## Recommendations",
            "## Not yet: hold off for now",
            "## Follow-ups",
            "## Notes and evidence",
        ):
            assert heading in out
        assert "[https://wiki.example.org/data](https://wiki.example.org/data)" in out
        assert "<" not in out.replace("\\<", "")
        assert_tables_intact(out)
    else:
        html_ok(out)
        assert '<html lang="en">' in out
        assert 'role="img"' in out and "You are here" in out
        assert '<a href="https://wiki.example.org/data"' in out
        assert "docs/review-process.md" in out and 'href="docs/' not in out
        assert "Not yet: hold off for now" in out and "Build a feature store" in out


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_organisation_report_each_format(workdir: Path, fmt: str) -> None:
    code, out, err = run("report", "team.yaml", "other.yaml", "-f", fmt)
    assert code == 0, err
    if fmt == "json":
        data = json.loads(out)
        assert data["kind"] == "organisation" and data["schema_version"] == 1
        assert [t["subject"] for t in data["teams"]] == ["Search ranking", "Fraud detection"]
        assert data["rollup"]["teams"] == 2
    elif fmt == "md":
        assert "## Gaps most teams share" in out and "### Fraud detection" in out
        assert_tables_intact(out)
    else:
        html_ok(out)
        assert out.count("<svg") == 2  # one heatmap per framework
        assert "Recommendations that would lift the most teams" in out


def test_summary_form(workdir: Path) -> None:
    code, out, _ = run("report", "team.yaml", "--summary")
    assert code == 0
    assert out.startswith("### Delivery practices: Search ranking")
    assert out.count("\n1. ") == 1 and "\n3. " in out and "\n4. " not in out
    assert_tables_intact(out)
    code, _, err = run("report", "team.yaml", "--summary", "-f", "html")
    assert code == 2 and "Markdown only" in err


def test_headings_are_ordered(workdir: Path) -> None:
    for args in (["team.yaml"], ["team.yaml", "other.yaml"]):
        _, out, _ = run("report", *args, "-f", "html")
        levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", out)]
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


# --- determinism and snapshots -------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_deterministic(workdir: Path, fmt: str) -> None:
    first = run("report", "team.yaml", "other.yaml", "-f", fmt)[1]
    second = run("report", "team.yaml", "other.yaml", "-f", fmt)[1]
    assert first == second and first


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("team.md", ["team.yaml", "-f", "md"]),
        ("team.html", ["team.yaml", "-f", "html"]),
        ("team.json", ["team.yaml", "-f", "json"]),
        ("org.md", ["team.yaml", "other.yaml", "-f", "md"]),
        ("org.html", ["team.yaml", "other.yaml", "-f", "html"]),
        ("org.json", ["team.yaml", "other.yaml", "-f", "json"]),
        ("summary.md", ["team.yaml", "--summary"]),
    ],
)
def test_snapshot(workdir: Path, name: str, args: list[str]) -> None:
    code, out, err = run("report", *args)
    assert code == 0, err
    path = SNAPSHOTS / f"report-{name}"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_text(out, encoding="utf-8", newline="\n")
    assert path.exists(), f"missing snapshot {path}; run with UPDATE_SNAPSHOTS=1"
    assert out == path.read_text(encoding="utf-8"), f"{name} changed; UPDATE_SNAPSHOTS=1 to accept"


# --- hostile input --------------------------------------------------------------------


def test_hostile_html_is_escaped(workdir: Path) -> None:
    for args in (["hostile.yaml"], ["hostile.yaml", "team.yaml"]):
        code, out, err = run("report", *args, "-f", "html")
        assert code == 0, err
        html_ok(out)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
        hrefs = re.findall(r'(?:href|src)="([^"]*)"', out)
        assert all(
            h.startswith(("https://example.org/", "https://wiki.example.org/", "#")) for h in hrefs
        ), hrefs
        assert "evil.example" not in " ".join(hrefs)
    _, out, _ = run("report", "hostile.yaml", "-f", "html")
    assert 'href="https://example.org/a?b=&lt;c&gt;&amp;d=&#34;e&#34;"' in out


def test_hostile_markdown_keeps_tables(workdir: Path) -> None:
    for args in (["hostile.yaml"], ["hostile.yaml", "team.yaml"], ["hostile.yaml", "--summary"]):
        code, out, err = run("report", *args, "-f", "md")
        assert code == 0, err
        assert_tables_intact(out)
        rendered = MarkdownIt("commonmark").enable("table").render(out)
        assert "<script" not in rendered and "<img" not in rendered
        assert 'href="javascript' not in rendered and 'href="data:' not in rendered
        assert rendered.count("<h1>") == (0 if "--summary" in args else 1)
    _, out, _ = run("report", "hostile.yaml", "-f", "md")
    assert '\\| \\"quoted\\"' not in out  # quotes are not escaped, pipes are
    assert "Evil \\<script\\>alert(1)\\</script\\> \\|" in out


def test_md_escape_and_urls() -> None:
    assert md_escape("a|b\nc") == "a\\|b c"
    assert md_escape("# x") == "\\# x"
    assert md_escape("1. x") == "1\\. x"
    assert md_escape("version 1.0") == "version 1.0"
    assert http_url("https://x.org/a") == "https://x.org/a"
    for bad in (
        "javascript:alert(1)",
        "data:text/html,x",
        "//x.org",
        "https://x.org/a b",
        "ftp://x",
    ):
        assert http_url(bad) is None


# --- custom templates -----------------------------------------------------------------


def test_template_dir_overrides_and_extends_builtin(workdir: Path) -> None:
    custom = workdir / "templates"
    custom.mkdir()
    (custom / "team.md.j2").write_text("Custom for {{ team.name|md }}\n", encoding="utf-8")
    (custom / "team.html.j2").write_text(
        '{% extends "builtin:team.html.j2" %}'
        "{% block footer %}Prepared by ACME &amp; {{ team.assessor }}{% endblock %}",
        encoding="utf-8",
    )
    code, out, _ = run("report", "team.yaml", "--template-dir", str(custom))
    assert (code, out) == (0, "Custom for Search ranking\n")
    code, out, _ = run("report", "hostile.yaml", "-f", "html", "--template-dir", str(custom))
    assert code == 0
    assert "Prepared by ACME &amp; # not a heading | &lt;img" in out
    html_ok(out)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{{ no_such_variable }}", "undefined"),
        ("{{ ''.__class__ }}", "unsafe"),
        ("{{ team.__class__.__mro__ }}", "unsafe"),
        ("{% for x in %}", "syntax"),
        ("{% extends 'missing.md.j2' %}", "not found"),
    ],
)
def test_bad_template_is_a_clean_error(workdir: Path, body: str, message: str) -> None:
    custom = workdir / "bad"
    custom.mkdir()
    (custom / "team.md.j2").write_text("line one\n" + body + "\n", encoding="utf-8")
    code, out, err = run("report", "team.yaml", "--template-dir", str(custom))
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err
    if message != "not found":
        assert "team.md.j2:2" in err


def test_template_error_from_library(workdir: Path) -> None:
    custom = workdir / "bad"
    custom.mkdir()
    (custom / "team.html.j2").write_text("{{ team.nope }}", encoding="utf-8")
    result = score_text(workdir, TEAM)
    with pytest.raises(InvalidFile) as info:
        render_report([result], "html", template_dir=custom)
    assert info.value.problems[0].line == 1


# --- CLI behaviour --------------------------------------------------------------------


def test_output_file_and_refusal(workdir: Path) -> None:
    code, out, _ = run("report", "team.yaml", "-f", "html", "-o", "report.html")
    assert code == 0 and out == ""
    assert (workdir / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    before = (workdir / "team.yaml").read_text(encoding="utf-8")
    code, _, err = run("report", "team.yaml", "-o", "team.yaml")
    assert code == 2 and "input" in err
    assert (workdir / "team.yaml").read_text(encoding="utf-8") == before


def test_unreadable_input_reported_others_rendered(workdir: Path) -> None:
    (workdir / "broken.yaml").write_text("answers: [unclosed\n", encoding="utf-8")
    code, out, err = run("report", "team.yaml", "broken.yaml", "missing.yaml", "-f", "md")
    assert code == 2
    assert "broken.yaml" in err and "missing.yaml" in err
    assert out.startswith("# Delivery practices: Search ranking")


def test_folder_input_gives_organisation(workdir: Path) -> None:
    teams = workdir / "teams"
    teams.mkdir()
    for name in ("team.yaml", "other.yaml"):
        (teams / name).write_text(
            TEAMS[name].replace("./questionnaire.yaml", "../questionnaire.yaml"), encoding="utf-8"
        )
    code, out, err = run("report", "teams", "-f", "json")
    assert code == 0, err
    assert json.loads(out)["kind"] == "organisation"


def test_help_does_not_import_jinja() -> None:
    code = "import sys; from maturity_cli.cli.app import main; sys.argv=['maturity','--help']\ntry:\n main()\nexcept SystemExit: pass\nprint('jinja2' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().endswith("False")


# --- scale ----------------------------------------------------------------------------


def many_results(folder: Path, count: int) -> list[Result]:
    seeds = [score_text(folder, text, name) for name, text in TEAMS.items()]
    return [
        msgspec.structs.replace(seeds[i % len(seeds)], subject=f"Team {i:04d}")
        for i in range(count)
    ]


def test_organisation_of_a_thousand(workdir: Path) -> None:
    results = many_results(workdir, 1000)
    for fmt in ("html", "json"):
        text = render_report(results, fmt)  # type: ignore[arg-type]
        assert "Team 0999" in text
    md = render_report(results, "md")
    assert "1,000 teams" in md  # thousands separated
    # Markdown lists the first teams and counts the rest; HTML and JSON list them all.
    assert "Team 0199" in md and "Team 0200" not in md
    assert "800 more teams are not listed here" in md


# --- every shipped example ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_examples_render_and_match_their_snapshots(
    example: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # relative paths: the same bytes on every machine
    code, out, err = run("report", f"examples/{example.name}", "-f", fmt)
    assert code == 0, err
    if fmt == "html":
        html_ok(out)
    elif fmt == "md":
        assert_tables_intact(out)
    path = SNAPSHOTS / "examples" / f"{example.stem}.{fmt}"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(out, encoding="utf-8", newline="\n")
    assert path.exists(), f"missing snapshot {path}; run with UPDATE_SNAPSHOTS=1"
    assert out == path.read_text(encoding="utf-8"), (
        f"{path.name} changed; UPDATE_SNAPSHOTS=1 to accept"
    )


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 6


# --- a real browser -------------------------------------------------------------------


def _screenshot(browser: str, page: Path, shot: Path, width: int, profile: Path) -> None:
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            f"--screenshot={shot}",
            f"--window-size={width},2400",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert shot.exists(), "chromium wrote no screenshot"


@pytest.mark.parametrize("width", [1200])
def test_headless_chromium_screenshot(workdir: Path, width: int) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed (CI installs it: apt-get install chromium)")
    page = workdir / "report.html"
    assert run("report", "team.yaml", "-f", "html", "-o", str(page))[0] == 0
    shot = workdir / f"report-{width}.png"
    _screenshot(browser, page, shot, width, workdir / "profile")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
    # Keep the screenshot for people to look at (build/ is git-ignored).
    keep = Path(__file__).resolve().parents[2] / "build" / "screenshots"
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, keep / shot.name)

    # The report's charts, alone on a white page, must paint real pixels in the
    # browser: the ladder's highlighted step and the radar's rings and shape.

    svgs = re.findall(r"<svg\b.*?</svg>", page.read_text(encoding="utf-8"), flags=re.S)
    assert len(svgs) >= 4  # a ladder and a radar for each framework
    charts = workdir / "charts.html"
    charts.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>charts</title>'
        '</head><body style="margin:0;background:#fff">' + "".join(svgs) + "</body></html>",
        encoding="utf-8",
    )
    chart_shot = workdir / f"charts-{width}.png"
    _screenshot(browser, charts, chart_shot, width, workdir / "profile2")
    colours = Counter(pixels(chart_shot)[2])
    painted = sum(n for rgb, n in colours.items() if rgb != (255, 255, 255))
    assert painted > 20_000, "the charts paint almost nothing"
    assert colours[(194, 65, 12)] > 1_000, "no highlighted ladder step"


# --- hold-off advice, wording, organisation details (issue 17) -------------------------


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def test_hold_off_advice_stands_out_in_every_form(workdir: Path) -> None:
    reason = "A small team gains little from it yet."
    _, md, _ = run("report", "team.yaml")
    glance = md.split("## At a glance", 1)[1].split("\n## ", 1)[0]
    assert "**Not yet: hold off on this for now**" in glance
    assert f"⏸ **Build a feature store**: {reason}" in glance
    assert "## Not yet: hold off for now" in md
    assert "### Not yet: Build a feature store" in md
    assert re.search(r"### \d+\. Build a feature store", md) is None  # never numbered
    _, html, _ = run("report", "team.yaml", "-f", "html")
    glance = _section(html, "glance")
    assert 'class="notyet"' in glance and "Build a feature store" in glance
    assert glance.index("Top next steps") < glance.index("Not yet")
    hold = _section(html, "hold")
    assert '<span class="not-yet">Not yet:</span> Build a feature store' in hold
    assert 'class="n"' not in hold  # no priority number
    _, summary, _ = run("report", "team.yaml", "--summary")
    assert "Not yet: hold off on this for now" in summary and reason in summary
    _, org_md, _ = run("report", "team.yaml", "other.yaml")
    held = org_md.split("## Not yet: advice held back", 1)[1].split("\n## ", 1)[0]
    assert "| ⏸ Build a feature store | 1: Search ranking |" in held
    assert "Fraud detection" not in held  # 14 people: the advice does not apply
    _, org_html, _ = run("report", "team.yaml", "other.yaml", "-f", "html")
    held = _section(org_html, "notyet")
    assert f"<strong>Search ranking</strong>: {reason}" in held


def test_wording(workdir: Path) -> None:
    _, md, _ = run("report", "team.yaml")
    _, html, _ = run("report", "team.yaml", "-f", "html")
    for text in (md, html):
        assert "Share of the way" not in text
        assert "Applies because" not in text.split("Why it applies here", 1)[-1][:40]
    assert "- [ ]" not in md  # no task boxes anyone could tick in a pull request
    kicker = re.search(r'<p class="kicker">(.*?)</p>', html)
    assert kicker is not None and kicker.group(1).lower().count("assessment") <= 1


def test_unrated_dimension_draws_no_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    rated_none = 0
    for example in EXAMPLES:
        _, html, _ = run("report", f"examples/{example.name}", "-f", "html")
        assert "width: –" not in html
        for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", html, flags=re.S):
            if "not rated" in row:
                rated_none += 1
                assert "meter" not in row, row
    assert rated_none  # the examples do have dimensions a framework does not rate


def test_shared_gaps_count_only_teams_rated_on_the_framework(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other_q = (ROOT / "examples" / "ml-test-score-manual.yaml").read_text(encoding="utf-8")
    ref = re.search(r"^questionnaire: *(\S+)", other_q, flags=re.M)
    assert ref is not None
    (workdir / "mts.yaml").write_text(other_q, encoding="utf-8")
    code, out, err = run("report", "team.yaml", "other.yaml", "mts.yaml", "-f", "json")
    assert code == 0, err
    gaps = json.loads(out)["rollup"]["shared_gaps"]
    fixture = [g for g in gaps if g["framework"] == "stages"]
    assert fixture and all(g["rated"] == 2 for g in fixture)
    assert all(g["share"] == round(g["teams"] / 2, 4) for g in fixture)
    _, md, _ = run("report", "team.yaml", "other.yaml", "mts.yaml")
    assert "| Training data is versioned | Delivery stages | 1 | 1 of 2 | 50% |" in md


def test_org_heatmap_has_an_overall_column_and_a_narrow_table(workdir: Path) -> None:
    _, html, _ = run("report", "team.yaml", "other.yaml", "-f", "html")
    svg = re.search(r"<svg\b.*?</svg>", html, flags=re.S)
    assert svg is not None and ">Overall<" in svg.group(0)
    assert "<title>Search ranking</title>" in svg.group(0)  # full name as a tooltip
    narrow = re.search(r'<div class="narrow-only">.*?</div>', html, flags=re.S)
    assert narrow is not None and "Search ranking" in narrow.group(0)
