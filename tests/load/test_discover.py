"""Finding input files: stable order, each file once, streamed in bounded memory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import maturity_cli.load.discover as discover
from maturity_cli.cli import app
from maturity_cli.load.discover import expand_inputs, find_inputs

TREE = [
    "b/2.yaml",
    "b/10.yaml",
    "b/sub/x.yml",
    "a/deep/x.json",
    "a/z.yml",
    "a/y.yaml",
    "a/x.yaml",
    "a-b.yaml",
    ".hidden/h.yaml",
    "a/.h.yaml",
    "a/n.txt",
    "c/empty/readme.md",
]


def _tree(root: Path) -> Path:
    for name in TREE:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}", encoding="utf-8")
    return root


def _rel(root: Path, found: object) -> list[str]:
    return [Path(p).relative_to(root).as_posix() for p in found]  # type: ignore[attr-defined]


def test_a_folder_streams_in_path_order_in_small_windows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    expected = sorted(
        p
        for p in tmp_path.rglob("*")
        if p.is_file()
        and p.suffix in (".yaml", ".yml", ".json")
        and not any(part.startswith(".") for part in p.relative_to(tmp_path).parts)
    )
    assert list(find_inputs([str(tmp_path)])) == expected
    sizes: list[int] = []
    window = discover._window

    def spy(folder: str, after: str | None) -> tuple[list[str], set[str]]:
        names, folders = window(folder, after)
        sizes.append(len(names))
        return names, folders

    monkeypatch.setattr(discover, "WINDOW", 2)
    monkeypatch.setattr(discover, "_window", spy)
    found = find_inputs([str(tmp_path)])
    assert list(found) == expected  # the same order, read two names at a time
    assert max(sizes) == 2 and len(sizes) > 6
    assert found.count() == len(expected) and not found.problems and found.many


def test_overlapping_inputs_give_each_file_once_in_first_seen_order(tmp_path: Path) -> None:
    _tree(tmp_path)
    given = [
        str(tmp_path / "a" / "x.yaml"),
        str(tmp_path / "b"),
        str(tmp_path / "b" / "sub"),
        str(tmp_path),
        str(tmp_path / "a" / "*.y*ml"),
        str(tmp_path / "a" / "x.yaml"),
        str(tmp_path / "a" / ".h.yaml"),  # hidden: only found when named
    ]
    one_by_one = [name for raw in given for name in expand_inputs([raw])[0]]
    found = find_inputs(given)
    assert list(found) == list(dict.fromkeys(one_by_one))
    assert found.count() == len(set(one_by_one))
    assert list(expand_inputs(given)[0]) == list(found)
    assert _rel(tmp_path, found)[:3] == ["a/x.yaml", "b/10.yaml", "b/2.yaml"]
    assert _rel(tmp_path, found)[-1] == "a/.h.yaml"


def test_one_input_is_never_thinned(tmp_path: Path) -> None:
    _tree(tmp_path)
    pattern = str(tmp_path / "**" / "**" / "x.yaml")  # two ** can match a file twice
    alone = list(find_inputs([pattern]))
    assert len(alone) > len(set(alone))
    assert len(list(find_inputs([pattern, str(tmp_path / "a-b.yaml")]))) == len(set(alone)) + 1


def test_problems_and_many_are_known_before_walking(tmp_path: Path) -> None:
    _tree(tmp_path)
    found = find_inputs([str(tmp_path / "c"), str(tmp_path / "zzz*.yaml"), str(tmp_path / "a")])
    assert [p.message for p in found.problems] == [
        "folder holds no .yaml, .yml or .json files",
        "pattern matched no files",
    ]
    assert found.many
    assert not find_inputs([str(tmp_path / "a-b.yaml")] * 2).many
    assert find_inputs([str(tmp_path / "a-b.yaml"), str(tmp_path / "a" / "z.yml")]).many


def test_named_finds_files_by_base_name(tmp_path: Path) -> None:
    _tree(tmp_path)
    found = find_inputs([str(tmp_path)])
    assert sorted(_rel(tmp_path, found.named({"x.json", "x.yml"}))) == [
        "a/deep/x.json",
        "b/sub/x.yml",
    ]


def test_score_refuses_an_output_found_inside_an_input_folder(tmp_path: Path) -> None:
    _tree(tmp_path)
    target = tmp_path / "a" / "deep" / "x.json"
    result = CliRunner().invoke(app, ["score", str(tmp_path), "-f", "json", "-o", str(target)])
    assert result.exit_code == 2
    assert "the output file is one of the input files" in result.stderr
    assert target.read_text(encoding="utf-8") == "{}"


def test_named_walks_folders_only_for_names_a_walk_can_find(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    found = find_inputs([str(tmp_path), str(tmp_path / "a" / "n.txt")])
    monkeypatch.setattr(discover, "_scan", None)  # a walk would fail
    assert _rel(tmp_path, found.named({"n.txt", "out.jsonl", ".x.json"})) == ["a/n.txt"]


def _refuse_listing(monkeypatch: pytest.MonkeyPatch, locked: Path) -> None:
    """Make ``locked`` unlistable as the operating system would for another user.

    chmod cannot do it for root, who reads every folder, and CI runs as root.
    """
    scandir, access = os.scandir, os.access

    def refusing_scandir(path: Any = ".") -> Any:
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    def refusing_access(path: Any, mode: int, **kwargs: Any) -> bool:
        return os.fspath(path) != str(locked) and access(path, mode, **kwargs)

    monkeypatch.setattr(os, "scandir", refusing_scandir)
    monkeypatch.setattr(os, "access", refusing_access)


def test_a_file_in_a_folder_the_walk_cannot_read_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "a" / "locked"
    locked.mkdir(parents=True)
    (locked / "x.yaml").write_text("{}", encoding="utf-8")
    (tmp_path / "a" / "y.yaml").write_text("{}", encoding="utf-8")
    locked.chmod(0o100)  # can enter, cannot list
    if os.geteuid() == 0:
        _refuse_listing(monkeypatch, locked)
    try:
        given = [str(tmp_path / "a"), str(locked / "x.yaml")]
        assert _rel(tmp_path, find_inputs(given)) == ["a/y.yaml", "a/locked/x.yaml"]
    finally:
        locked.chmod(0o700)
