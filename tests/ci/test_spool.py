"""Spools: items grouped by key in first-seen order, and JSON lists spliced byte for byte."""

from __future__ import annotations

import io
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

from maturity_cli.ci.locate import Locations
from maturity_cli.ci.outcome import Outcome
from maturity_cli.ci.spool import Groups, JsonList


def _copy(groups: Groups[str], key: str) -> bytes:
    out = io.BytesIO()
    groups.copy(key, out)
    return out.getvalue()


def test_groups_gather_a_key_that_comes_back_later() -> None:
    groups: Groups[str] = Groups(2)
    for key, data, counts in [
        ("a", b"a1", (1, 0)),
        ("a", b"a2", (1, 1)),
        ("b", b"b1", (1, 0)),
        ("c", b"", (0, 1)),
        ("a", b"a3", (1, 0)),
    ]:
        groups.add(key, data, *counts)
    assert [(k, c) for k, c in groups.items()] == [("a", [3, 1]), ("b", [1, 0]), ("c", [0, 1])]
    assert _copy(groups, "a") == b"a1a2a3"
    assert _copy(groups, "b") == b"b1" and _copy(groups, "c") == b""
    assert groups.index["a"][2:] == [0, 4, 6, 8]  # two runs: next to each other, then later
    groups.close()


OUTCOME = Outcome(
    source="t.yaml",
    subject='Team "é" \\ <x>',
    target="gate",
    label="gate >= 2",
    kind="framework",
    severity="error",
    required="2",
    actual="1",
    status="fail",
    criteria=["g2", "g3"],
)


@pytest.mark.parametrize("count", [0, 1, 3])
def test_a_spliced_list_is_what_formatting_the_whole_document_gives(count: int) -> None:
    items = [msgspec.structs.replace(OUTCOME, target=f"t{i}") for i in range(count)]
    empty = {"head": "x", "outer": [{"inner": [], "after": {"k": []}}], "tail": [1, 2]}
    whole = {"head": "x", "outer": [{"inner": items, "after": {"k": []}}], "tail": [1, 2]}
    listed = JsonList(depth=4)  # $.outer[*].inner[*], as SARIF results
    for item in items:
        listed.add(item)
    document = msgspec.json.format(msgspec.json.encode(empty), indent=2)
    out = io.BytesIO()
    out.write(listed.splice(document, b'"inner": []', out))
    assert out.getvalue() == msgspec.json.format(msgspec.json.encode(whole), indent=2)
    listed.close()


def test_locations_keep_only_the_last_few_files(tmp_path: Path) -> None:
    where = Locations(tmp_path)
    for i in range(50):
        path = tmp_path / f"t{i}.yaml"
        path.write_text(f"subject: T{i}\nanswers:\n  tracking: yes\n", encoding="utf-8")
        assert where.answer(str(path), "tracking") == (3, 3)
    assert len(where._locators) <= 4


def _limit_file_size() -> None:
    """In the child: files may not grow past 20 KB, and passing that fails the write."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (20 * 1024, 20 * 1024))


def test_a_full_temporary_folder_is_a_clear_error_not_a_crash(tmp_path: Path) -> None:
    teams = tmp_path / "teams"
    teams.mkdir()
    example = (Path(__file__).parents[2] / "examples" / "small-startup.yaml").read_text("utf-8")
    for i in range(300):
        (teams / f"t{i}.yaml").write_text(example, encoding="utf-8")
    spool_dir = tmp_path / "spool"
    spool_dir.mkdir()
    command = ["check", str(teams), "--min-level", "microsoft=3", "-f", "json"]
    done = subprocess.run(
        [sys.executable, "-m", "maturity_cli", *command],
        stdout=subprocess.DEVNULL,  # a device: only the spool meets the limit
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(spool_dir), "NO_COLOR": "1"},
        preexec_fn=_limit_file_size,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert f"temporary file in {spool_dir} (TMPDIR): File too large" in done.stderr
    assert "hint: free some space" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
