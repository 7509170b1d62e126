"""SVG charts: well-formed, escaped, deterministic, with text alternatives."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from maturity_cli.report import charts

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script> & \"q\" 'x'"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.find(f"{NS}title") is not None and root.find(f"{NS}desc") is not None
    return root


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{NS}text")]


def test_radar_with_many_axes() -> None:
    axes = [("Data", 0.5), ("Model", 1.0), ("Deploy", 0.0), ("Monitor", None), ("Team", 0.25)]
    root = parse(charts.radar(axes, title="Radar", chart_id="r1"))
    assert len(root.findall(f"{NS}polygon")) == 5  # four rings and the shape
    assert "Model100%" in texts(root)
    assert "Monitor: not rated" in root.find(f"{NS}desc").text  # type: ignore[union-attr]


@pytest.mark.parametrize("count", [0, 1, 2])
def test_radar_falls_back_to_bars(count: int) -> None:
    axes = [("A", 0.4), ("B", None)][:count]
    root = parse(charts.radar(axes, title="Few", chart_id="few"))
    assert root.findall(f"{NS}polygon") == []
    assert texts(root) == [t for label, r in axes for t in (label, charts._pct(r))]


def test_text_is_escaped_everywhere() -> None:
    svgs = [
        charts.radar([(HOSTILE, 0.5)] * 3, title=HOSTILE, chart_id="x"),
        charts.bars([(HOSTILE, 0.5)], title=HOSTILE, chart_id="x"),
        charts.ladder([(0, HOSTILE), (1, "B")], 0, title=HOSTILE, chart_id='"><script>'),
        charts.heatmap(
            [HOSTILE], [(HOSTILE, [1])], min_level=0, max_level=2, title=HOSTILE, chart_id="h"
        ),
    ]
    for svg in svgs:
        assert "<script" not in svg
        parse(svg)


def test_ladder_marks_current_level_without_colour() -> None:
    root = parse(
        charts.ladder(
            [(0, "Ad hoc"), (1, "Repeatable"), (2, "Automated")], 1, title="L", chart_id="l"
        )
    )
    labels = texts(root)
    assert "▼ You are here" in labels
    assert labels.count("▼ You are here") == 1
    rects = root.findall(f"{NS}rect")
    assert len(rects) == 3
    assert rects[1].get("stroke-width") == "3" and rects[0].get("stroke-width") == "1.5"
    assert "Current level: 1" in root.find(f"{NS}desc").text  # type: ignore[union-attr]


def test_heatmap_cells_show_levels() -> None:
    svg = charts.heatmap(
        ["Data", "Model"],
        [("Team A", [0, 3]), ("Team B", [None, 2])],
        min_level=0,
        max_level=3,
        title="Heat",
        chart_id="h",
    )
    labels = texts(parse(svg))
    assert labels[:8] == ["Data", "Model", "Team A", "L0", "L3", "Team B", "–", "L2"]
    # A legend gives the shade of every level, each written out too.
    assert labels[8:] == ["Shade of each level:", "L0", "L1", "L2", "L3"]


def test_heatmap_shows_a_mean_as_a_mean_never_as_a_rounded_level() -> None:
    # A group where two teams in three are at level 0 has a mean of 0.67: calling
    # that "L1" would claim a level most of its teams have not reached.
    svg = charts.heatmap(
        ["Data"],
        [("North", [0.67]), ("South", [2])],
        min_level=0,
        max_level=3,
        title="Heat",
        chart_id="h",
        overall=[0.67, 2],
    )
    labels = texts(parse(svg))
    assert labels[:7] == ["Overall", "Data", "North", "mean 0.7", "mean 0.7", "South", "L2"]
    fills = [r.get("fill") for r in parse(svg).iter(f"{NS}rect")]
    assert charts.shade(0.67 / 3)[0] in fills  # shaded in proportion, not by a rounded level


def test_deterministic_numbers() -> None:
    axes = [("a", 1 / 3), ("b", 2 / 3), ("c", 0.1 + 0.2)]
    first = charts.radar(axes, title="t", chart_id="d")
    assert first == charts.radar(axes, title="t", chart_id="d")
    assert "0.30000000000000004" not in first
    assert re.search(r"\d[eE][-+]?\d", first) is None
    assert charts._n(-0.04) == "0" and charts._n(2.0) == "2" and charts._n(2.25) == "2.2"


def test_shade_is_readable() -> None:
    assert charts.shade(0.0) == ("#e8eef7", "#14213d")
    assert charts.shade(1.0)[1] == "#ffffff"
    assert charts.shade(-5) == charts.shade(0) and charts.shade(9) == charts.shade(1)


def test_heatmap_cells_can_show_shares() -> None:
    svg = charts.heatmap(
        ["Data"],
        [("Team A", [1]), ("Team B", [None])],
        min_level=0,
        max_level=3,
        title="Heat",
        chart_id="h",
        shares=[[0.456], [None]],
    )
    assert texts(parse(svg))[:6] == ["Data", "Team A", "L1", "46% met", "Team B", "–"]


def test_heatmap_overall_column_and_full_names() -> None:
    long_name = "Recommendations and personalisation platform (Europe)"
    svg = charts.heatmap(
        ["Model development", "ML infrastructure"],
        [(long_name, [1, 2]), ("B", [0, None])],
        min_level=0,
        max_level=3,
        title="Heat",
        chart_id="h",
        overall=[1, 0],
    )
    root = parse(svg)
    labels = texts(root)
    # Headings wrap onto their own lines instead of running into each other.
    assert labels[:3] == ["Overall", "Model development", "ML infrastructure"]
    assert any((t.text or "").strip() == "Model" for t in root.iter(f"{NS}tspan"))
    # The first cell of each row is the team's overall level.
    assert labels[labels.index("B") + 1] == "L0"
    # A long team name wraps over two lines, and its tooltip has it whole.
    titles = [t.text for t in root.iter(f"{NS}title")]
    assert long_name in titles
    assert any(label.startswith("Recommendations and personalisation") for label in labels)
