"""Organisation reports at scale: groups, the heatmap cap, streaming and determinism."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from test_render import OTHER, QUESTIONNAIRE, TEAM, html_ok, many_results, run, score_text

from maturity_cli.report.organisation import HEATMAP_MAX_TEAMS, organisation_json
from maturity_cli.report.render import render_organisation, render_report
from maturity_cli.report.rollup import build_rollup
from maturity_cli.report.teams import summarise
from maturity_cli.scoring.result import Result, to_json


@pytest.fixture
def org(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Teams in folders: payments/ (two), search/ (one), one at the top, one naming its group."""
    (tmp_path / "questionnaire.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    teams = tmp_path / "teams"
    for name, text in {
        "payments/a.yaml": TEAM.replace("Search ranking", "Cards"),
        "payments/b.yaml": OTHER.replace("Fraud detection", "Refunds"),
        "search/c.yaml": TEAM,
        "top.yaml": OTHER.replace("Fraud detection", "Loose team"),
        "search/d.yaml": OTHER + "group: Risk\n",
    }.items():
        path = teams / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _json_report(*args: str) -> dict[str, object]:
    code, out, err = run("report", *args, "-q", "questionnaire.yaml", "-f", "json")
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


# --- groups ---------------------------------------------------------------------------


def test_groups_by_field_else_by_folder(org: Path) -> None:
    data = _json_report("teams")
    rollup = data["rollup"]
    assert isinstance(rollup, dict)
    groups = {g["name"]: g["teams"] for g in rollup["groups"]}
    # The file naming its group is in Risk wherever it lives; the others by folder,
    # relative to the folder they share; the team at the top is in no group (last).
    assert groups == {"payments": 2, "Risk": 1, "search": 1, "": 1}
    assert [g["name"] for g in rollup["groups"]] == ["payments", "Risk", "search", ""]
    teams = data["teams"]
    assert isinstance(teams, list)
    assert [t["group"] for t in teams] == ["", "", "", "Risk", ""]  # as the files say
    payments = rollup["groups"][0]
    stages = payments["frameworks"][0]
    assert stages["teams"] == 2 and sum(lv["teams"] for lv in stages["levels"]) == 2
    assert {row["group"] for row in rollup["frameworks"][0]["rows"]} == set(groups)


def test_every_team_named_in_the_file_is_grouped_by_its_field(org: Path) -> None:
    for path in (org / "teams").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8").replace("group: Risk\n", "")
        path.write_text(text + "group: Platform\n", encoding="utf-8")
    rollup = _json_report("teams")["rollup"]
    assert isinstance(rollup, dict)
    assert [(g["name"], g["teams"]) for g in rollup["groups"]] == [("Platform", 5)]


def test_files_in_one_folder_make_one_unnamed_group(org: Path) -> None:
    rollup = _json_report("teams/payments")["rollup"]
    assert isinstance(rollup, dict)
    assert [(g["name"], g["teams"]) for g in rollup["groups"]] == [("", 2)]
    code, out, err = run("report", "teams/payments", "-q", "questionnaire.yaml", "-f", "html")
    assert code == 0, err
    assert 'aria-labelledby="groups"' not in out  # no table of a single group


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"Line one\\nline two"', "one line"),
        ("x" * 81, "at most 80 characters"),
        ("[a, b]", "expected `str`"),
    ],
)
def test_a_bad_group_is_a_located_error(org: Path, value: str, message: str) -> None:
    path = org / "teams" / "top.yaml"
    path.write_text(OTHER + f"group: {value}\n", encoding="utf-8")
    code, _, err = run("report", str(path), "-q", "questionnaire.yaml")
    assert code == 2
    line = OTHER.count("\n") + 1
    assert f"top.yaml:{line}" in err and message in err, err
    assert "Traceback" not in err


def test_the_html_shows_groups_first_and_drills_down(org: Path) -> None:
    code, out, err = run("report", "teams", "-q", "questionnaire.yaml", "-f", "html")
    assert code == 0, err
    html_ok(out)
    main = out.split("<main>", 1)[1]
    assert main.lstrip().startswith('<section aria-labelledby="groups">')
    assert main.index('id="groups"') < main.index('id="ofw-1"') < main.index('id="teams"')
    assert len(re.findall(r'<details id="group-\d+" class="group"', out)) == 4
    assert '<a href="#group-1">payments</a>' in out and ">No group</a>" in out


# --- the heatmap cap ------------------------------------------------------------------


def _teams(folder: Path, count: int) -> list[Result]:
    results = many_results(folder, count)
    # Two groups, so that the group heatmap has rows to draw.
    return [
        msgspec.structs.replace(r, group="North" if i % 2 else "South")
        for i, r in enumerate(results)
    ]


def test_heatmap_per_team_up_to_the_cap(tmp_path: Path) -> None:
    (tmp_path / "questionnaire.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    page = render_report(_teams(tmp_path, HEATMAP_MAX_TEAMS), "html")
    assert "level per team and dimension" in page
    assert "mean level per group and dimension" not in page
    assert page.count('<section id="team-') == HEATMAP_MAX_TEAMS  # every team in full


def test_heatmap_per_group_above_the_cap(tmp_path: Path) -> None:
    (tmp_path / "questionnaire.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    teams = _teams(tmp_path, HEATMAP_MAX_TEAMS + 1)
    page = render_report(teams, "html")
    html_ok(page)
    assert "level per team and dimension" not in page
    assert "mean level per group and dimension" in page
    heat = re.findall(r'<svg[^>]*class="chart heat".*?</svg>', page, flags=re.S)
    assert heat and all("North" in svg and "Team 0" not in svg for svg in heat)
    # Every team is still listed, in a plain table under its group.
    assert page.count('<section id="team-') == 0
    rows = re.findall(r"<tr><td>Team \d{4}</td>", page)
    assert len(rows) == HEATMAP_MAX_TEAMS + 1
    md = render_report(teams, "md")
    assert "### Mean level per group and dimension" in md
    assert "| North |" in md and "1 more teams are not listed here" in md


# --- streaming ------------------------------------------------------------------------


class OneShot:
    """An iterable that can be walked once: a second pass fails the test."""

    def __init__(self, items: list[Result]) -> None:
        self.items: list[Result] | None = items

    def __iter__(self) -> Iterator[Result]:
        assert self.items is not None, "the teams were walked twice"
        items, self.items = self.items, None
        yield from items


def test_rollup_and_report_take_one_pass_over_an_iterator(tmp_path: Path) -> None:
    (tmp_path / "questionnaire.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    results = _teams(tmp_path, 30)
    expected = build_rollup(results)
    assert build_rollup(OneShot(results)) == expected
    assert build_rollup(summarise(r) for r in results) == expected
    page = render_organisation(OneShot(results), "html")
    assert page == render_report(results, "html")
    reused = OneShot(results)
    list(reused)
    with pytest.raises(AssertionError, match="walked twice"):  # the helper can fail
        list(reused)


def test_the_json_report_is_the_whole_document_encoded_at_once(tmp_path: Path) -> None:
    (tmp_path / "questionnaire.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    results = _teams(tmp_path, 5)
    whole = {
        "schema_version": 1,
        "kind": "organisation",
        "teams": results,
        "rollup": build_rollup(results),
    }
    assert organisation_json(iter(results)) == to_json(whole)


def test_workers_and_one_process_give_the_same_bytes(
    org: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("MATURITY_WORKERS", workers)
        monkeypatch.setenv("MATURITY_PARALLEL_MIN", "2")
        for fmt in ("html", "json"):
            code, out, err = run("report", "teams", "-q", "questionnaire.yaml", "-f", fmt)
            assert code == 0, err
            outputs[workers, fmt] = out
    assert outputs["1", "html"] == outputs["2", "html"]
    assert outputs["1", "json"] == outputs["2", "json"]


def test_one_good_file_of_several_gives_its_team_report(org: Path) -> None:
    bad = org / "teams" / "payments" / "b.yaml"
    bad.write_text("questionnaire: ./questionnaire.yaml\n", encoding="utf-8")  # no subject
    args = ["teams/payments", "-q", "questionnaire.yaml"]
    code, out, err = run("report", *args, "-f", "md")
    assert code == 2 and "1 input(s) could not be read or scored" in err
    _, alone, _ = run("report", "teams/payments/a.yaml", "-q", "questionnaire.yaml", "-f", "md")
    assert out == alone
    code, out, _ = run("report", *args, "-f", "json")
    assert code == 2
    assert (
        out == run("report", "teams/payments/a.yaml", "-q", "questionnaire.yaml", "-f", "json")[1]
    )


# --- determinism ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_two_runs_give_the_same_bytes(org: Path, fmt: str) -> None:
    first = run("report", "teams", "-q", "questionnaire.yaml", "-f", fmt)
    second = run("report", "teams", "-q", "questionnaire.yaml", "-f", fmt)
    assert first[0] == 0 and first[1] and first[1] == second[1]


def test_a_summary_of_a_result_keeps_what_the_rollup_counts(tmp_path: Path) -> None:
    (tmp_path / "questionnaire.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    result = score_text(tmp_path, TEAM, "team.yaml")
    summary = summarise(result)
    assert summary.folder == "."
    assert [fw.level for fw in summary.frameworks] == [fw.level for fw in result.frameworks]
    assert [a.id for a in summary.advice] == [r.id for r in result.recommendations]
    # Far smaller than the result it stands for.
    assert len(msgspec.json.encode(summary)) * 2 < len(msgspec.json.encode(result))
