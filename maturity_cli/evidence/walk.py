"""List and read a repository's files safely: the repository is untrusted input.

Files come from ``git ls-files`` when the folder is in a git work tree (with the
file-system monitor turned off, so no configured program runs), otherwise from a
walk that honours ``.gitignore`` files through pathspec. Symbolic links are read
only when they point to a regular file inside the folder; folders behind links are
not entered, so loops are harmless. Special files (FIFOs, sockets, devices) are
never opened; files over the size cap, binary files and files that vanish are
skipped with a note. Nothing outside the folder is read and nothing is executed.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path

import msgspec
import pathspec

from maturity_cli.errors import Problem, UsageError
from maturity_cli.evidence.globs import GlobSet

MAX_READ = 2 * 1024 * 1024
#: Never listed: version-control data, caches and installed packages.
SKIP_PARTS = frozenset({".git", ".hg", ".svn", "__pycache__", "node_modules"})
_GIT_TIMEOUT = 120


class Entry(msgspec.Struct, frozen=True):
    """One regular file of the repository (possibly reached through a link inside it)."""

    path: str  # relative, '/'-separated
    size: int
    weak: bool  # under a down-weighted folder (examples, templates, vendored code)
    real: str  # the file to open


class Listing:
    """The files of a repository, the folders that hold them, and notes about skipped ones."""

    def __init__(self, root: Path, entries: list[Entry], via: str, notes: dict[str, str]) -> None:
        self.root = root
        self.entries = entries
        self.via = via
        self.notes = notes
        folders: set[str] = set()
        for entry in entries:
            parent = entry.path.rpartition("/")[0]
            while parent and parent not in folders:
                folders.add(parent)
                parent = parent.rpartition("/")[0]
        self.folders = sorted(folders)

    def note(self, path: str, message: str) -> None:
        """Record why a file was not (fully) used; one note per file."""
        self.notes.setdefault(path, message)


def list_files(root: Path, downweight: Sequence[str]) -> Listing:
    """List the files under ``root`` (a folder), safely and deterministically."""
    try:
        real_root = root.resolve(strict=True)
    except (OSError, RuntimeError):
        raise UsageError(Problem("folder not found", file=str(root))) from None
    if not real_root.is_dir():
        raise UsageError(Problem("expected a folder to scan", file=str(root)))
    notes: dict[str, str] = {}
    paths = _git_paths(real_root)
    via = "git"
    if paths is None:
        paths, via = list(_walk(real_root, notes)), "walk"
    weak = _WeakFolders(downweight)
    entries: dict[str, Entry] = {}
    for rel in paths:
        if rel in entries or SKIP_PARTS.intersection(rel.split("/")):
            continue
        entry = _entry(real_root, rel, weak, notes)
        if entry is not None:
            entries[rel] = entry
    return Listing(real_root, sorted(entries.values(), key=lambda e: e.path), via, notes)


class _WeakFolders:
    def __init__(self, globs: Sequence[str]) -> None:
        self.globs = GlobSet(g.rstrip("/") for g in globs)
        self.known: dict[str, bool] = {"": False}

    def __call__(self, folder: str) -> bool:
        found = self.known.get(folder)
        if found is None:
            parent = folder.rpartition("/")[0]
            found = self(parent) or self.globs.match(folder)
            self.known[folder] = found
        return found


def _entry(root: Path, rel: str, weak: _WeakFolders, notes: dict[str, str]) -> Entry | None:
    full = str(root / rel)
    try:
        info = os.lstat(full)
    except OSError:
        return None  # listed by git but gone from the disk
    real = full
    if stat.S_ISLNK(info.st_mode):
        real = os.path.realpath(full)
        if os.path.commonpath([real, str(root)]) != str(root):
            notes.setdefault(rel, "symbolic link to outside the folder: not read")
            return None
        try:
            info = Path(real).stat()
        except OSError:
            notes.setdefault(rel, "broken or looping symbolic link: not read")
            return None
        if stat.S_ISDIR(info.st_mode):
            notes.setdefault(rel, "symbolic link to a folder: not followed")
            return None
    if not stat.S_ISREG(info.st_mode):
        if not stat.S_ISDIR(info.st_mode):
            notes.setdefault(rel, "special file (not a regular file): skipped")
        return None
    return Entry(rel, info.st_size, weak(rel.rpartition("/")[0]), real)


def _git_paths(root: Path) -> list[str] | None:
    """Paths from ``git ls-files`` (tracked and untracked, not ignored), or None."""
    git = shutil.which("git")
    if git is None:
        return None
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0", GIT_CONFIG_NOSYSTEM="1")
    command = [
        git,
        *("-c", "core.fsmonitor=false", "-c", "core.untrackedCache=false"),
        *("-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"),
    ]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            env=env,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    paths = [os.fsdecode(p) for p in done.stdout.split(b"\0") if p]
    # Nothing listed: not a work tree, or a folder git ignores (then walk it instead).
    return paths if done.returncode == 0 and paths else None


def _walk(root: Path, notes: dict[str, str]) -> Iterator[str]:
    """Walk ``root`` without following links, honouring nested ``.gitignore`` files."""
    stack: list[tuple[str, list[tuple[str, pathspec.GitIgnoreSpec]]]] = [("", [])]
    while stack:
        folder, specs = stack.pop()
        here = str(root / folder) if folder else str(root)
        try:
            with os.scandir(here) as it:
                children = sorted(it, key=lambda e: e.name)
        except OSError:
            notes.setdefault(folder or ".", "folder cannot be read: skipped")
            continue
        names = {c.name for c in children}
        if "pyvenv.cfg" in names and folder:
            continue  # a virtual environment: installed packages, not the project
        specs = specs + _ignore_spec(here, folder, ".gitignore" in names)
        for child in children:
            rel = f"{folder}/{child.name}" if folder else child.name
            is_dir = child.is_dir(follow_symlinks=False)
            if child.name in SKIP_PARTS or _ignored(specs, rel, is_dir):
                continue
            if is_dir:
                stack.append((rel, specs))
            else:
                yield rel


def _ignore_spec(here: str, folder: str, present: bool) -> list[tuple[str, pathspec.GitIgnoreSpec]]:
    if not present:
        return []
    try:
        with (Path(here) / ".gitignore").open("rb") as fh:
            lines = fh.read(MAX_READ).decode("utf-8", "replace").splitlines()
    except OSError:
        return []
    return [(folder, pathspec.GitIgnoreSpec.from_lines(lines))]


def _ignored(specs: list[tuple[str, pathspec.GitIgnoreSpec]], rel: str, is_dir: bool) -> bool:
    for base, spec in specs:
        sub = rel[len(base) + 1 :] if base else rel
        if spec.match_file(sub + "/" if is_dir else sub):
            return True
    return False


def read_bytes(listing: Listing, entry: Entry, cap: int = MAX_READ) -> bytes | None:
    """The file's bytes, or None (with a note) if too large, binary or unreadable."""
    if entry.size > cap:
        listing.note(entry.path, f"larger than {cap // 1024} KiB: not read")
        return None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(entry.real, flags)
    except OSError:
        listing.note(entry.path, "cannot be opened: skipped")
        return None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            listing.note(entry.path, "special file (not a regular file): skipped")
            return None
        data = fh.read(cap + 1)
    if len(data) > cap:
        listing.note(entry.path, f"larger than {cap // 1024} KiB: not read")
        return None
    if b"\0" in data[:8192]:
        listing.note(entry.path, "binary file: not read as text")
        return None
    return data


def read_text(listing: Listing, entry: Entry, *, strict: bool = False) -> str | None:
    """The file as text; undecodable bytes are replaced (or, if ``strict``, noted and None)."""
    data = read_bytes(listing, entry)
    if data is None:
        return None
    if not strict:
        return data.decode("utf-8-sig", "replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        listing.note(entry.path, "not UTF-8 text: not parsed")
        return None
