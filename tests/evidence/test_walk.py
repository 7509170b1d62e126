"""The walk is safe on hostile repositories, bounded, and honours ignore rules."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from evidence.helpers import questionnaire, write_tree

from maturity_cli.errors import UsageError
from maturity_cli.evidence.detect import detect
from maturity_cli.evidence.walk import MAX_READ, list_files
from maturity_cli.questionnaire.evidence_defs import DEFAULT_DOWNWEIGHT

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")

SIGNALS = """
signals:
  - {id: anything, text: {pattern: 'secret|mlflow', files: "*"}}
  - {id: deps, dependency: mlflow}
  - {id: keys, key: {path: dependencies, files: "*.{yml,yaml}"}}
  - {id: all_files, count: "*"}
"""


def _scan(root: Path) -> tuple[list[str], dict[str, str], dict[str, object]]:
    q = questionnaire(SIGNALS)
    assert q.evidence is not None
    listing = list_files(root, DEFAULT_DOWNWEIGHT)
    found = detect(listing, q.evidence.signals)
    paths = [e.path for e in listing.entries]
    return paths, listing.notes, {k: v.value for k, v in found.items()}


def _git(root: Path, *args: str) -> None:
    assert GIT is not None
    subprocess.run([GIT, "-C", str(root), *args], check=True, capture_output=True)


def test_symlinks_outside_the_folder_and_loops_are_never_followed(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "repo", {"ok.py": "mlflow\n", "sub/inner.txt": "x\n"})
    outside = write_tree(tmp_path / "outside", {"secret.txt": "secret\n"})
    (root / "etc").symlink_to("/etc")
    (root / "passwd").symlink_to("/etc/passwd")
    (root / "leak.txt").symlink_to(outside / "secret.txt")
    (root / "loop_a").symlink_to(root / "loop_b")
    (root / "loop_b").symlink_to(root / "loop_a")
    (root / "sub" / "back").symlink_to(root)
    (root / "inner_link.txt").symlink_to(root / "sub" / "inner.txt")
    paths, notes, values = _scan(root)
    assert paths == ["inner_link.txt", "ok.py", "sub/inner.txt"]
    assert notes["passwd"] == notes["leak.txt"] == "symbolic link to outside the folder: not read"
    assert "looping" in notes["loop_a"] and "looping" in notes["loop_b"]
    assert "not followed" in notes["sub/back"]
    assert values["anything"] is True  # from ok.py only: the secret outside was not read


def test_special_files_are_skipped_without_blocking(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"a.py": "mlflow\n"})
    os.mkfifo(root / "requirements.txt")
    started = time.monotonic()
    paths, notes, values = _scan(root)
    assert time.monotonic() - started < 10
    assert paths == ["a.py"]
    assert "special file" in notes["requirements.txt"]
    assert values["deps"] is False


def test_a_2gb_sparse_file_is_skipped_by_the_size_cap(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"a.py": "print()\n"})
    with (root / "huge.py").open("wb") as fh:
        fh.truncate(2 * 1024**3)  # sparse: no disk space, no time
    paths, notes, values = _scan(root)
    assert "huge.py" in paths
    assert notes["huge.py"] == f"larger than {MAX_READ // 1024} KiB: not read"
    assert values["anything"] is False


def test_binary_and_non_utf8_files_never_crash(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "requirements.txt": b"mlflow\x00\xff\xfe\x00binary",
            "environment.yml": "dependencies:\n  - caf\xe9\n  - mlflow\n".encode("latin-1"),
            "config.yaml": b"a: [\xff\n",
        },
    )
    _paths, notes, values = _scan(root)
    assert notes["requirements.txt"] == "binary file: not read as text"
    assert notes["environment.yml"] == "not UTF-8 text: not parsed"
    assert notes["config.yaml"].startswith("not read for keys: invalid YAML")
    assert values["deps"] is False
    assert values["keys"] is True  # the latin-1 file is still searched, bytes replaced


def test_ten_thousand_empty_files_scan_quickly(tmp_path: Path) -> None:
    # The issue asks for 100k; 10k keeps the suite fast and shows the same flat cost.
    for i in range(100):
        folder = tmp_path / f"d{i:03}"
        folder.mkdir()
        for j in range(100):
            (folder / f"f{j:03}.txt").touch()
    started = time.monotonic()
    paths, notes, values = _scan(tmp_path)
    assert len(paths) == 10_000 and values["all_files"] == 10_000 and not notes
    assert time.monotonic() - started < 30


def test_gitignore_is_honoured_outside_git(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            ".gitignore": "*.log\nbuild/\n!keep.log\n",
            "sub/.gitignore": "local.txt\n",
            "a.log": "",
            "keep.log": "",
            "build/out.py": "",
            "sub/local.txt": "",
            "sub/kept.txt": "",
            "venv/pyvenv.cfg": "",
            "venv/lib/site.py": "mlflow\n",
            "node_modules/x/index.js": "",
        },
    )
    paths, _notes, _values = _scan(root)
    assert paths == [".gitignore", "keep.log", "sub/.gitignore", "sub/kept.txt"]


@needs_git
def test_git_ls_files_lists_tracked_and_untracked_but_not_ignored(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {".gitignore": "data/\n", "train.py": "", "data/raw.csv": "", "new.py": ""},
    )
    _git(root, "init", "-q")
    _git(root, "add", ".gitignore", "train.py")
    listing = list_files(root, DEFAULT_DOWNWEIGHT)
    assert listing.via == "git"
    assert [e.path for e in listing.entries] == [".gitignore", "new.py", "train.py"]


@needs_git
def test_a_repository_configured_to_run_a_program_does_not_run_it(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "repo", {"train.py": ""})
    marker = tmp_path / "ran"
    _git(root, "init", "-q")
    _git(root, "config", "core.fsmonitor", f"touch {marker}; false")
    listing = list_files(root, DEFAULT_DOWNWEIGHT)
    assert [e.path for e in listing.entries] == ["train.py"]
    assert not marker.exists()


@needs_git
def test_a_subfolder_of_a_monorepo_sees_only_its_own_files(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {"one/requirements.txt": "mlflow\n", "two/requirements.txt": "wandb\n"},
    )
    _git(root, "init", "-q")
    paths, _notes, values = _scan(root / "two")
    assert paths == ["requirements.txt"] and values["deps"] is False
    paths, _notes, values = _scan(root / "one")
    assert values["deps"] is True


def test_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="folder not found"):
        list_files(tmp_path / "nope", DEFAULT_DOWNWEIGHT)


@needs_git
def test_a_folder_git_ignores_is_walked_instead(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path, {".gitignore": "vendor/\n", "vendor/lib/requirements.txt": "mlflow\n"}
    )
    _git(root, "init", "-q")
    listing = list_files(root / "vendor" / "lib", DEFAULT_DOWNWEIGHT)
    assert listing.via == "walk"
    assert [e.path for e in listing.entries] == ["requirements.txt"]
