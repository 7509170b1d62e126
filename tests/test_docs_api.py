"""The Python examples in docs/api.md and the README run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import maturity_cli

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def _blocks(doc: str) -> list[str]:
    return BLOCK.findall((ROOT / doc).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("doc", "index"),
    [(doc, i) for doc in ("docs/api.md", "README.md") for i in range(len(_blocks(doc)))],
)
def test_python_examples_run(doc: str, index: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code = _blocks(doc)[index]
    exec(compile(code, f"{doc} example {index + 1}", "exec"), {"__name__": "__doc_example__"})


def test_the_documented_names_are_the_public_api() -> None:
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for name in maturity_cli.__all__:
        if name != "__version__":
            assert f"`{name}" in doc, f"{name} is public but not in docs/api.md"
            assert getattr(maturity_cli, name) is not None
