"""shields.io endpoint badges: one small JSON document per team and framework.

See https://shields.io/badges/endpoint-badge for the format. The colour goes from
red at a framework's lowest level to bright green at its highest.
"""

from __future__ import annotations

import re
from pathlib import Path

import msgspec

from maturity_cli.scoring.result import FrameworkResult, Result

COLOURS = ("red", "orange", "yellow", "yellowgreen", "green", "brightgreen")


class Badge(msgspec.Struct, frozen=True, rename="camel"):
    """A shields.io endpoint response."""

    schema_version: int
    label: str
    message: str
    color: str


def colour(level: int, lowest: int, highest: int) -> str:
    """A colour for a level: red at the lowest, bright green at the highest."""
    if highest <= lowest:
        return COLOURS[-1]
    share = (min(max(level, lowest), highest) - lowest) / (highest - lowest)
    return COLOURS[round(share * (len(COLOURS) - 1))]


def badge(fw: FrameworkResult, label: str | None = None) -> Badge:
    """The badge of one framework's rating."""
    return Badge(
        schema_version=1,
        label=label or fw.title,
        message=f"level {fw.level}: {fw.level_name}",
        color=colour(fw.level, fw.min_level, fw.max_level),
    )


def badge_json(value: Badge) -> str:
    """The endpoint JSON (stable, with a trailing newline)."""
    return msgspec.json.format(msgspec.json.encode(value), indent=2).decode() + "\n"


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "badge"


def badge_paths(
    results: list[Result], output: Path, frameworks: list[str] | None
) -> list[tuple[Path, FrameworkResult]]:
    """Where each badge goes: ``output`` itself for one badge, else one file per badge.

    In a folder, files are named ``<answers file>-<framework>.json``; next to a
    file path ``team.json``, ``team-<framework>.json``.
    """
    chosen = [
        (r, fw) for r in results for fw in r.frameworks if not frameworks or fw.id in frameworks
    ]
    if output.is_dir():
        return [
            (output / f"{_safe(Path(r.source).stem)}-{_safe(fw.id)}.json", fw) for r, fw in chosen
        ]
    if len(chosen) == 1:
        return [(output, chosen[0][1])]
    suffix = output.suffix or ".json"
    return [(output.with_name(f"{output.stem}-{_safe(fw.id)}{suffix}"), fw) for _r, fw in chosen]
