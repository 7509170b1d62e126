"""SVG charts for HTML reports: radar, bars, level ladder and team heatmap.

Every function is pure and returns an SVG string in which all text is escaped,
numbers are formatted the same way on every machine, and a ``<title>`` and
``<desc>`` give a text alternative (``role="img"``). Colour never carries
meaning alone: levels are written in cells and the current rung is labelled.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from html import escape

#: Sequential palette (light to dark) and the text colour readable on each.
_PALETTE = ("#e8eef7", "#c5d5ea", "#8fb0d9", "#4473b5", "#275a9e", "#143a6e")
_INK = ("#14213d", "#14213d", "#14213d", "#ffffff", "#ffffff", "#ffffff")
_ACCENT = "#c2410c"
_TEXT = "#14213d"
_FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\""


def _n(value: float) -> str:
    """A number with at most one decimal, the same on every platform."""
    text = f"{round(value, 1):.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _t(text: object) -> str:
    return escape(str(text), quote=True)


def _safe_id(prefix: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", prefix) or "chart"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _wrap(text: str, limit: int, lines: int = 2, clip: int = 0) -> list[str]:
    """Break a label into at most ``lines`` lines of about ``limit`` characters.

    A line longer than ``clip`` (default ``limit``) characters is cut with an ellipsis.
    """
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= limit:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    return [_clip(line, clip or limit) for line in out] or [""]


def _open(width: float, height: float, uid: str, title: str, desc: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="{_n(width)}" height="{_n(height)}" role="img" class="chart" '
        f'aria-labelledby="{uid}-t {uid}-d" {_FONT}>'
        f'<title id="{uid}-t">{_t(title)}</title><desc id="{uid}-d">{_t(desc)}</desc>'
    )


def _pct(ratio: float | None) -> str:
    return "not rated" if ratio is None else f"{round(_unit(ratio) * 100)}%"


def _unit(ratio: float) -> float:
    return max(0.0, min(1.0, ratio))


def shade(position: float) -> tuple[str, str]:
    """Fill and text colour for a position from 0 (lowest level) to 1 (highest)."""
    index = round(_unit(position) * (len(_PALETTE) - 1))
    return _PALETTE[index], _INK[index]


def bars(axes: Sequence[tuple[str, float | None]], *, title: str, chart_id: str) -> str:
    """Horizontal bars of ratios (0 to 1), each labelled with its value."""
    uid = _safe_id(chart_id)
    label_w, bar_w, row_h = 170.0, 260.0, 30.0
    width, height = label_w + bar_w + 60, row_h * len(axes) + 16
    desc = "; ".join(f"{label}: {_pct(ratio)}" for label, ratio in axes) or "No dimensions."
    parts = [_open(width, height, uid, title, desc)]
    for i, (label, ratio) in enumerate(axes):
        y = 8 + i * row_h
        parts.append(
            f'<text x="{_n(label_w - 8)}" y="{_n(y + 19)}" text-anchor="end" font-size="13" '
            f'fill="#14213d">{_t(_clip(label, 24))}</text>'
            f'<rect x="{_n(label_w)}" y="{_n(y + 6)}" width="{_n(bar_w)}" height="16" '
            f'fill="#eef1f6" stroke="#c9d1de"/>'
        )
        if ratio is not None:
            parts.append(
                f'<rect x="{_n(label_w)}" y="{_n(y + 6)}" width="{_n(bar_w * _unit(ratio))}" '
                f'height="16" fill="#275a9e"/>'
            )
        parts.append(
            f'<text x="{_n(label_w + bar_w + 6)}" y="{_n(y + 19)}" font-size="13" '
            f'fill="#14213d">{_t(_pct(ratio))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def radar(axes: Sequence[tuple[str, float | None]], *, title: str, chart_id: str) -> str:
    """A radar (spider) chart of ratios (0 to 1); bars when there are fewer than 3 axes."""
    if len(axes) < 3:
        return bars(axes, title=title, chart_id=chart_id)
    uid = _safe_id(chart_id)
    width, height, radius = 640.0, 370.0, 112.0
    cx, cy = width / 2, height / 2
    count = len(axes)

    def point(index: int, r: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    desc = "; ".join(f"{label}: {_pct(ratio)}" for label, ratio in axes)
    parts = [_open(width, height, uid, title, desc)]
    for ring in (0.25, 0.5, 0.75, 1.0):
        pts = " ".join(
            f"{_n(x)},{_n(y)}" for x, y in (point(i, radius * ring) for i in range(count))
        )
        parts.append(f'<polygon points="{pts}" fill="none" stroke="#cbd5ea" stroke-width="1"/>')
    for i, (label, ratio) in enumerate(axes):
        x, y = point(i, radius)
        lx, ly = point(i, radius + 16)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        words = _wrap(label, 22)
        block = 14 * len(words)
        top = ly - block if ly < cy - 8 else (ly + 4 if ly > cy + 8 else ly - block / 2)
        spans = "".join(
            f'<tspan x="{_n(lx)}" dy="{0 if j == 0 else 14}">{_t(line)}</tspan>'
            for j, line in enumerate(words)
        )
        parts.append(
            f'<line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}" stroke="#cbd5ea"/>'
            f'<text x="{_n(lx)}" y="{_n(top)}" text-anchor="{anchor}" font-size="12" '
            f'fill="#14213d">{spans}'
            f'<tspan x="{_n(lx)}" dy="14" font-weight="700">{_t(_pct(ratio))}</tspan></text>'
        )
    shape = [point(i, radius * _unit(ratio or 0.0)) for i, (_, ratio) in enumerate(axes)]
    pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in shape)
    parts.append(
        f'<polygon points="{pts}" fill="#275a9e" fill-opacity="0.25" stroke="#275a9e" '
        f'stroke-width="2"/>'
    )
    for x, y in shape:
        parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5" fill="#275a9e"/>')
    parts.append("</svg>")
    return "".join(parts)


def ladder(levels: Sequence[tuple[int, str]], current: int, *, title: str, chart_id: str) -> str:
    """Every level as a rising step; the current one is filled, outlined and labelled."""
    uid = _safe_id(chart_id)
    count = max(1, len(levels))
    step_w, base_h, rise = 112.0, 34.0, 14.0
    width = step_w * count + 8
    height = base_h + rise * (count - 1) + 90
    names = [f"{lv} {name}" for lv, name in levels]
    desc = "Levels: " + "; ".join(names) + f". Current level: {current}."
    parts = [_open(width, height, uid, title, desc)]
    floor = height - 52
    for i, (lv, name) in enumerate(levels):
        x = 4 + i * step_w
        h = base_h + rise * i
        y = floor - h
        is_current, reached = lv == current, lv < current
        fill = _ACCENT if is_current else ("#275a9e" if reached else "#ffffff")
        ink = "#ffffff" if (is_current or reached) else "#14213d"
        stroke = _ACCENT if is_current else ("#275a9e" if reached else "#9aa5b8")
        dash = "" if (is_current or reached) else ' stroke-dasharray="4 3"'
        weight = ' font-weight="700"' if is_current else ""
        parts.append(
            f'<rect x="{_n(x + 2)}" y="{_n(y)}" width="{_n(step_w - 4)}" height="{_n(h)}" '
            f'rx="3" fill="{fill}" stroke="{stroke}" stroke-width="{3 if is_current else 1.5}"'
            f"{dash}/>"
            f'<text x="{_n(x + step_w / 2)}" y="{_n(y + 20)}" text-anchor="middle" '
            f'font-size="15" font-weight="700" fill="{ink}">{_t(lv)}</text>'
            f'<text x="{_n(x + step_w / 2)}" y="{_n(floor + 16)}" text-anchor="middle" '
            f'font-size="11" fill="#14213d"{weight}>'
            + "".join(
                f'<tspan x="{_n(x + step_w / 2)}" dy="{0 if j == 0 else 13}">{_t(line)}</tspan>'
                for j, line in enumerate(_wrap(name, 17, 3))
            )
            + "</text>"
        )
        if is_current:
            parts.append(
                f'<text x="{_n(x + step_w / 2)}" y="{_n(y - 8)}" text-anchor="middle" '
                f'font-size="12" font-weight="700" fill="{_ACCENT}">▼ You are here</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _gap(index: int, lines: list[str]) -> str:
    """A space after each wrapped line but the last, so the text reads (and copies) whole."""
    return " " if index < len(lines) - 1 else ""


def _heat_head(columns: Sequence[str], label_w: float, cell_w: float, head_h: float) -> str:
    parts = []
    for j, column in enumerate(columns):
        x = label_w + j * cell_w + cell_w / 2
        lines = _wrap(column, 13, 3, clip=17)
        spans = "".join(
            f'<tspan x="{_n(x)}" dy="{0 if k == 0 else 13}">{_t(line)}{_gap(k, lines)}</tspan>'
            for k, line in enumerate(lines)
        )
        parts.append(
            f"<g><title>{_t(column)}</title>"
            f'<text x="{_n(x)}" y="{_n(head_h - 10 - 13 * (len(lines) - 1))}" '
            f'text-anchor="middle" font-size="11" font-weight="600" fill="{_TEXT}">{spans}'
            "</text></g>"
        )
    return "".join(parts)


def _heat_label(name: str, y: float, label_w: float, cell_h: float) -> str:
    lines = _wrap(name, 30, 2)
    top = y + cell_h / 2 + 4 - 7 * (len(lines) - 1)
    spans = "".join(
        f'<tspan x="{_n(label_w - 8)}" dy="{0 if k == 0 else 14}">{_t(line)}{_gap(k, lines)}</tspan>'
        for k, line in enumerate(lines)
    )
    return (
        f"<g><title>{_t(name)}</title>"
        f'<text x="{_n(label_w - 8)}" y="{_n(top)}" text-anchor="end" font-size="11" '
        f'fill="{_TEXT}">{spans}</text></g>'
    )


def _heat_cell(
    x: float, y: float, size: tuple[float, float], level: float | None, share: float | None,
    scale: tuple[int, int], *, bold: bool = False,
) -> str:  # fmt: skip
    cell_w, cell_h = size
    low, span = scale[0], max(1, scale[1] - scale[0])
    if level is None:
        fill, ink, text = "#ffffff", "#5b6577", "–"
    else:
        fill, ink = shade((level - low) / span)
        # A whole number is a level reached; a fraction is a mean, never rounded to a level.
        text = f"mean {level:.1f}" if isinstance(level, float) else f"L{level}"
    stroke = f'stroke="{_TEXT}" stroke-width="2"' if bold else 'stroke="#ffffff"'
    out = (
        f'<rect x="{_n(x + 1)}" y="{_n(y + 1)}" width="{_n(cell_w - 2)}" '
        f'height="{_n(cell_h - 2)}" fill="{fill}" {stroke}/>'
        f'<text x="{_n(x + cell_w / 2)}" y="{_n(y + 16)}" text-anchor="middle" '
        f'font-size="13" font-weight="600" fill="{ink}">{_t(text)}</text>'
    )
    if level is not None and share is not None:
        out += (
            f'<text x="{_n(x + cell_w / 2)}" y="{_n(y + 30)}" text-anchor="middle" '
            f'font-size="11" fill="{ink}">{_t(_pct(share))} met</text>'
        )
    return out


def _heat_legend(x: float, y: float, scale: tuple[int, int]) -> str:
    """The shade of every level, each labelled with its level."""
    low, high = scale
    span = max(1, high - low)
    parts = [
        f'<text x="{_n(x - 8)}" y="{_n(y + 15)}" text-anchor="end" font-size="11" '
        f'fill="{_TEXT}">Shade of each level:</text>'
    ]
    for i, level in enumerate(range(low, high + 1)):
        fill, ink = shade((level - low) / span)
        left = x + i * 44
        parts.append(
            f'<rect x="{_n(left)}" y="{_n(y)}" width="40" height="20" fill="{fill}" '
            f'stroke="#9aa5b8"/><text x="{_n(left + 20)}" y="{_n(y + 14)}" '
            f'text-anchor="middle" font-size="11" font-weight="600" fill="{ink}">L{level}</text>'
        )
    return "".join(parts)


def heatmap(
    columns: Sequence[str],
    rows: Sequence[tuple[str, Sequence[float | None]]],
    *,
    min_level: int,
    max_level: int,
    title: str,
    chart_id: str,
    shares: Sequence[Sequence[float | None]] | None = None,
    overall: Sequence[float] | None = None,
) -> str:
    """Teams (rows) by dimensions (columns); each cell shows its level as text too.

    A cell holds a level (``int``, shown as "L2") or a group's mean level
    (``float``, shown as "mean 1.4" and shaded in proportion).

    With ``shares`` (0 to 1 per cell), each cell also gives the share of that
    dimension's scored items achieved, under the level. With ``overall`` (one level
    per team), a first, outlined column gives each team's framework level. Full
    column and team names are in ``<title>`` tooltips; long ones wrap.
    """
    uid = _safe_id(chart_id)
    heads = (["Overall"] if overall is not None else []) + list(columns)
    label_w, cell_w, head_h = 200.0, 108.0, 58.0
    cell_h = 38.0 if shares is not None else 30.0
    width = label_w + cell_w * max(1, len(heads)) + 4
    height = head_h + cell_h * len(rows) + 34
    desc = (
        f"{len(rows)} teams by {len(columns)} dimensions"
        + (", after each team's overall level" if overall is not None else "")
        + f"; each cell gives the level as L and a number, from {min_level} to {max_level}"
        + (", and the share of the dimension's items met." if shares is not None else ".")
    )
    svg = _open(width, height, uid, title, desc).replace('class="chart"', 'class="chart heat"', 1)
    parts = [svg, _heat_head(heads, label_w, cell_w, head_h)]
    size, scale = (cell_w, cell_h), (min_level, max_level)
    for i, (name, cells) in enumerate(rows):
        y = head_h + i * cell_h
        parts.append(_heat_label(name, y, label_w, cell_h))
        x = label_w
        if overall is not None:
            parts.append(_heat_cell(x, y, size, overall[i], None, scale, bold=True))
            x += cell_w
        row_shares = shares[i] if shares is not None else []
        for j, level in enumerate(cells):
            share = row_shares[j] if j < len(row_shares) else None
            parts.append(_heat_cell(x + j * cell_w, y, size, level, share, scale))
    parts.append(_heat_legend(label_w, head_h + cell_h * len(rows) + 10, scale))
    parts.append("</svg>")
    return "".join(parts)


def level_over_time(
    points: Sequence[tuple[str, int]],
    *,
    lowest: int,
    highest: int,
    title: str,
    chart_id: str,
) -> str:
    """A step line of a framework's level at each dated point, one rung per level."""
    uid = _safe_id(chart_id)
    rungs = max(highest - lowest, 1)
    left, right, top, rung_h = 48.0, 44.0, 12.0, 26.0
    step = 80.0 if len(points) < 9 else max(640.0 / len(points), 8.0)
    width = left + right + step * max(len(points) - 1, 1)
    height = top + rung_h * rungs + 40

    def y(level: int) -> float:
        return top + rung_h * (highest - min(max(level, lowest), highest))

    desc = "; ".join(f"{day}: level {level}" for day, level in points) or "No points."
    parts = [_open(width, height, uid, title, desc)]
    for level in range(lowest, highest + 1):
        parts.append(
            f'<line x1="{_n(left)}" y1="{_n(y(level))}" x2="{_n(width - right)}" '
            f'y2="{_n(y(level))}" stroke="#e3e8f0"/>'
            f'<text x="{_n(left - 8)}" y="{_n(y(level) + 4)}" text-anchor="end" font-size="12" '
            f'fill="#14213d">{level}</text>'
        )
    xs = [left + step * i for i in range(len(points))]
    if points:
        path = f"M{_n(xs[0])} {_n(y(points[0][1]))}"
        for x, (_day, level) in zip(xs[1:], points[1:], strict=True):
            path += f" H{_n(x)} V{_n(y(level))}"
        parts.append(f'<path d="{path}" fill="none" stroke="#275a9e" stroke-width="2.5"/>')
    labelled = {0, len(points) - 1} if len(points) > 8 else set(range(len(points)))
    for i, (x, (day, level)) in enumerate(zip(xs, points, strict=True)):
        parts.append(
            f'<circle cx="{_n(x)}" cy="{_n(y(level))}" r="4" fill="{_ACCENT}">'
            f"<title>{_t(day)}: level {level}</title></circle>"
        )
        if i in labelled:
            parts.append(
                f'<text x="{_n(x)}" y="{_n(height - 12)}" text-anchor="middle" font-size="11" '
                f'fill="#4a5568">{_t(day)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
