"""File patterns mean the same on every Python version: names anywhere, paths from the root."""

from __future__ import annotations

import pytest

from maturity_cli.evidence.globs import GlobSet


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("Dockerfile", "svc/Dockerfile", True),
        ("Dockerfile", "svc/Dockerfile.train", False),
        ("Dockerfile*", "svc/Dockerfile.train", True),
        ("*.py", "a/b/c.py", True),
        ("*.py", "a/b/c.pyc", False),
        ("*.{yml,yaml}", "ci.yaml", True),
        ("test_*.py", "tests/test_a.py", True),
        ("test_*.py", "tests/a_test_b.py", False),
        (".github/workflows/*.yml", ".github/workflows/ci.yml", True),
        (".github/workflows/*.yml", "sub/.github/workflows/ci.yml", False),
        ("**/conf/base/catalog.yml", "conf/base/catalog.yml", True),
        ("**/conf/base/catalog.yml", "proj/conf/base/catalog.yml", True),
        ("src/**", "src/a/b.py", True),
        ("[Mm]akefile", "Makefile", True),
        ("[!M]akefile", "Makefile", False),
        ("{{cookiecutter.x}}", "{{cookiecutter.x}}", True),
        ("a?c", "abc", True),
        ("a?c", "a/c", False),
    ],
)
def test_glob_meaning(pattern: str, path: str, expected: bool) -> None:
    assert GlobSet([pattern]).match(path) is expected


def test_several_patterns_and_folders() -> None:
    globs = GlobSet(["*.tf", "Chart.yaml", "infra/**/*.bicep", "examples/"])
    assert globs.folders
    assert [globs.match(p) for p in ("x/main.tf", "Chart.yaml", "infra/a/m.bicep", "m.bicep")] == [
        True,
        True,
        True,
        False,
    ]
