"""TOML parsing on every supported Python: :mod:`tomllib` from 3.11, ``tomli`` on 3.10."""

from __future__ import annotations

import sys
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

TOMLDecodeError = tomllib.TOMLDecodeError


def loads(text: str) -> dict[str, Any]:
    """Parse TOML text; raises :class:`TOMLDecodeError`."""
    data: dict[str, Any] = tomllib.loads(text)
    return data
