"""Read the committed versions of files from git, without checking anything out.

Only plumbing that reads the object database is run (``git log`` with
``--follow`` and ``git cat-file --batch``): no checkout, no hooks, no textconv
or external diff drivers, no signature checks, no optional locks.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from maturity_cli.errors import Problem, UsageError

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
MAX_BLOB_BYTES = 10 * 1024 * 1024
_NULL_SHA = "0" * 40
_SAFE_CONFIG = (
    "-c",
    "core.fsmonitor=false",
    "-c",
    "log.showSignature=false",
    "-c",
    "core.quotePath=false",
)


@dataclass(frozen=True)
class Version:
    """One committed version of a file: the commit, its date and the blob."""

    commit: str
    date: str
    path: str
    blob: str


@dataclass(frozen=True)
class Tracked:
    """A file tracked by git: the repository root and the path inside it."""

    root: Path
    path: str
    shown: str
    explicit: bool


def run_git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run a read-only git command in ``root``; a failure is a clear user error."""
    env = {
        **os.environ,
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_TERMINAL_PROMPT": "0",
        "LC_ALL": "C",
    }
    env.pop("GIT_EXTERNAL_DIFF", None)
    try:
        done = subprocess.run(
            ["git", "--literal-pathspecs", *_SAFE_CONFIG, "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            env=env,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError(
            Problem("git is not installed", hint="install git, or use --db with a results store")
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(
            Problem(
                f"git failed: {message[-1] if message else 'exit ' + str(done.returncode)}",
                file=str(root),
                hint="history reads answers files committed in a git repository",
            )
        )
    return done.stdout


def repo_root(path: Path) -> Path:
    """The top folder of the git work tree that holds ``path``."""
    folder = path if path.is_dir() else path.parent
    if not folder.exists():
        raise UsageError(Problem("file not found", file=str(path), hint="check the path"))
    out = run_git(folder, "rev-parse", "--show-toplevel")
    return Path(out.decode().strip())


def tracked_files(inputs: list[Path]) -> list[Tracked]:
    """Answers-file candidates: each file given, and the tracked files of each folder."""
    found: list[Tracked] = []
    seen: set[tuple[Path, str]] = set()
    for given in inputs:
        root = repo_root(given)
        if given.is_dir():
            out = run_git(given, "ls-files", "-z", "--full-name", "--", ".")
            names = [n for n in out.decode("utf-8", "replace").split("\0") if n]
            candidates = [(n, False) for n in sorted(names) if n.endswith(ANSWER_SUFFIXES)]
        else:
            rel = given.resolve().relative_to(root.resolve()).as_posix()
            candidates = [(rel, True)]
        for rel, explicit in candidates:
            if (root, rel) in seen:
                continue
            seen.add((root, rel))
            shown = os.path.relpath(root / rel)
            found.append(Tracked(root, rel, shown, explicit))
    return found


def versions(root: Path, path: str) -> list[Version]:
    """Every committed version of ``path``, oldest first, following renames."""
    out = run_git(
        root,
        "log",
        "--follow",
        "--no-abbrev",
        "--raw",
        "-z",
        "--no-color",
        "--no-textconv",
        "--no-ext-diff",
        "--format=%x01%H%x1f%cI",
        "--",
        path,
    )
    found: list[Version] = []
    for record in out.decode("utf-8", "replace").split("\x01"):
        if not record:
            continue
        header, _, body = record.partition("\0")
        commit, _, date = header.partition("\x1f")
        fields = body.lstrip("\n").split("\0")
        if len(fields) < 2 or not fields[0].startswith(":"):
            continue  # a commit with no change to show (e.g. a merge)
        meta = fields[0].split()
        blob, status = meta[3], meta[4]
        names = [f for f in fields[1:] if f]
        if blob == _NULL_SHA or status.startswith("D") or not names:
            continue  # the file was deleted in this commit
        target = names[1] if status[:1] in ("R", "C") and len(names) > 1 else names[0]
        found.append(Version(commit, date, target, blob))
    found.reverse()
    return found


def read_blobs(root: Path, blobs: list[str]) -> dict[str, bytes | None]:
    """The content of each blob (``None`` when it is too large to read)."""
    wanted = list(dict.fromkeys(blobs))
    if not wanted:
        return {}
    out = run_git(root, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in wanted).encode())
    contents: dict[str, bytes | None] = {}
    pos = 0
    for blob in wanted:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] != b"blob":
            contents[blob] = None
            continue
        size = int(header[2])
        data = out[pos : pos + size]
        pos += size + 1
        contents[blob] = None if size > MAX_BLOB_BYTES else data
    return contents
