"""One writer per answers file: a second ``assess`` refuses, naming the holder."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from maturity_cli.cli.app import app
from maturity_cli.errors import UsageError
from maturity_cli.interview.lock import WriterLock, lock_path

pytest.importorskip("fcntl")

QUESTIONNAIRE = """\
id: lock-test
version: "1"
title: Lock test
dimensions: [{id: d, title: D}]
questions: [{id: a, text: A?, type: yes_no, dimension: d}]
frameworks: [{id: f, title: F, style: gated, levels: [{level: 0, name: Z}]}]
"""

HOLD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from maturity_cli.interview.lock import WriterLock
    with WriterLock(Path(sys.argv[1])):
        print("locked", flush=True)
        time.sleep(60)
    """
)


def test_a_second_assess_refuses_naming_the_process(tmp_path: Path) -> None:
    (tmp_path / "q.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(answers)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        result = CliRunner().invoke(
            app,
            ["assess", "-q", str(tmp_path / "q.yaml"), "-o", str(answers), "--subject", "T"],
            input="yes\n",
        )
        assert result.exit_code == 2
        assert f"another maturity assess (process {holder.pid})" in result.stderr
        assert not answers.exists()  # nothing was written by the second one
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()  # type: ignore[union-attr]
    # The kernel released the lock with the process: the next assess runs.
    result = CliRunner().invoke(
        app,
        ["assess", "-q", str(tmp_path / "q.yaml"), "-o", str(answers), "--subject", "T"],
        input="\nyes\n",
    )
    assert result.exit_code == 0, result.output
    assert not lock_path(answers).exists()


def test_the_lock_is_exclusive_within_a_process_too(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    with WriterLock(target):
        assert lock_path(target).read_text() == f"{os.getpid()}\n"
        with pytest.raises(UsageError, match=f"process {os.getpid()}"), WriterLock(target):
            pass
    assert not lock_path(target).exists()
    with WriterLock(target):
        pass
