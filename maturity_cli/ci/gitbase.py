"""Baselines from git (``maturity check --baseline-ref REF``).

The baseline of each checked answers file is the same file at ``REF`` (for example
``origin/main``), read with ``git show REF:PATH`` and scored with the questionnaire
the current checkout resolves (a relative questionnaire path is taken from the
file's current folder). A file that does not exist at ``REF`` (a new team) simply
has no baseline, which ``check`` reports.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

from maturity_cli.errors import InvalidFile, MaturityError, Problem, UsageError
from maturity_cli.load.reader import MAX_BYTES
from maturity_cli.scoring.result import Result
from maturity_cli.scoring.saved import results_from_text


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(
            Problem(f"--baseline-ref needs git: {exc}", hint="install git, or use --baseline")
        ) from None


def _root(cwd: Path) -> Path:
    done = _git(["rev-parse", "--show-toplevel"], cwd)
    if done.returncode != 0:
        raise UsageError(
            Problem(
                "--baseline-ref: not inside a git repository",
                hint="run from the repository's checkout, or use --baseline FILE",
            )
        )
    return Path(done.stdout.decode("utf-8", "replace").strip())


def _verify(ref: str, root: Path) -> None:
    if ref.startswith("-"):
        raise UsageError(Problem(f"--baseline-ref {ref!r}: not a git revision"))
    if _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root).returncode == 0:
        return
    shallow = _git(["rev-parse", "--is-shallow-repository"], root).stdout.strip() == b"true"
    hint = (
        "this clone is shallow, so other branches and older commits are missing: "
        "check out with full history (actions/checkout 'fetch-depth: 0') or run "
        f"'git fetch --unshallow' / 'git fetch origin {ref.removeprefix('origin/')}'"
        if shallow
        else f"fetch it first, e.g. 'git fetch origin {ref.removeprefix('origin/')}'"
    )
    raise UsageError(Problem(f"--baseline-ref {ref!r}: no such commit or branch here", hint=hint))


def baselines_from_git(
    ref: str, files: Iterable[Path], questionnaire: str | None, cwd: Path
) -> list[Result]:
    """The results of ``files`` as they were at ``ref`` (files missing there are skipped)."""
    root = _root(cwd)
    _verify(ref, root)
    out: list[Result] = []
    for path in files:
        try:
            rel = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue  # outside the repository: no history to compare with
        done = _git(["show", f"{ref}:{rel}"], root)
        if done.returncode != 0:
            continue  # not in REF: a new file
        name = f"{ref}:{rel}"
        if len(done.stdout) > MAX_BYTES:
            raise InvalidFile(Problem("file too large to read", file=name))
        text = done.stdout.decode("utf-8-sig", "replace")
        try:
            out.extend(results_from_text(text, name, path.parent, questionnaire))
        except MaturityError:
            continue  # broken at REF: reported as "no baseline for ..." by check
    return out
