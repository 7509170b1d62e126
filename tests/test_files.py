"""No output replaces a file the user gave us or a non-regular file; reading is bounded."""

from __future__ import annotations

import errno
import os
import socket
import stat
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from maturity_cli.cli.app import app
from maturity_cli.errors import InvalidFile, UsageError
from maturity_cli.files import check_output, read_bounded, write_atomic

QUESTIONNAIRE = """
id: tiny
version: "1.0"
title: Tiny
dimensions:
  - {id: dev, title: Development}
questions:
  - {id: tracking, text: "Do you track experiments?", type: yes_no, dimension: dev}
frameworks:
  - id: fw
    title: Framework
    style: gated
    levels:
      - {level: 0, name: Start}
      - {level: 1, name: Tracked, criteria: [{id: c1, text: Tracked, rule: tracking}]}
"""


@pytest.fixture
def project(files, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    root: Path = files(
        {
            "tiny.yaml": QUESTIONNAIRE,
            "team.yaml": "questionnaire: tiny.yaml\nsubject: Team A\nanswers: {tracking: no}\n",
            "tpl/team.md.j2": "# {{ team.subject }}\n",
        }
    )
    monkeypatch.chdir(root)
    return root


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args))


def unchanged(path: Path, before: bytes) -> bool:
    return path.read_bytes() == before


def test_score_never_replaces_the_questionnaire_an_answers_file_names(project: Path) -> None:
    before = (project / "tiny.yaml").read_bytes()
    result = run("score", "team.yaml", "-o", "tiny.yaml")
    assert result.exit_code == 2
    assert "it was not replaced" in result.stderr
    assert "tiny.yaml" in result.stderr
    assert unchanged(project / "tiny.yaml", before)


def test_report_never_replaces_a_template(project: Path) -> None:
    template = project / "tpl" / "team.md.j2"
    before = template.read_bytes()
    result = run("report", "team.yaml", "--template-dir", "tpl", "-o", "tpl/team.md.j2")
    assert result.exit_code == 2, result.output
    assert "one of the input files" in result.stderr
    assert unchanged(template, before)


def test_init_never_replaces_its_questionnaire_even_with_force(project: Path) -> None:
    before = (project / "tiny.yaml").read_bytes()
    result = run("init", "-q", "tiny.yaml", "-o", "tiny.yaml", "--force")
    assert result.exit_code == 2
    assert unchanged(project / "tiny.yaml", before)


def test_a_symlinked_input_is_recognised(project: Path) -> None:
    (project / "link.yaml").symlink_to(project / "tiny.yaml")
    before = (project / "tiny.yaml").read_bytes()
    assert run("score", "team.yaml", "-o", "link.yaml").exit_code == 2
    assert unchanged(project / "tiny.yaml", before)
    assert (project / "link.yaml").is_symlink()


@pytest.mark.parametrize("command", [["score", "team.yaml"], ["report", "team.yaml"]])
def test_folders_and_devices_are_refused(project: Path, command: list[str]) -> None:
    (project / "out").mkdir()
    result = run(*command, "-o", "out")
    assert result.exit_code == 2
    assert "is a folder" in result.stderr
    result = run(*command, "-o", "/dev/null")
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_a_fifo_output_is_refused_without_blocking(project: Path) -> None:
    os.mkfifo(project / "pipe")
    result = run("score", "team.yaml", "-o", "pipe")
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr


def test_read_only_output_needs_force(project: Path) -> None:
    target = project / "answers.yaml"
    target.write_text("keep me\n")
    target.chmod(0o444)
    result = run("init", "-q", "tiny.yaml", "-o", "answers.yaml", "--force")
    assert result.exit_code == 0, result.output
    assert "tiny.yaml" in target.read_text()
    target.write_text("keep me\n")  # root may write; the mode is what counts
    target.chmod(0o444)
    result = run("score", "team.yaml", "-o", "answers.yaml")
    assert result.exit_code == 2
    assert "read-only" in result.stderr
    assert target.read_text() == "keep me\n"


def test_a_symlink_is_written_through_keeping_the_target_mode(project: Path) -> None:
    real = project / "real.txt"
    real.write_text("old\n")
    real.chmod(0o640)
    (project / "link.txt").symlink_to(real)
    result = run("score", "team.yaml", "-o", "link.txt")
    assert result.exit_code == 0, result.output
    assert (project / "link.txt").is_symlink()
    assert "Team A" in real.read_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_a_dangling_symlink_is_refused(project: Path) -> None:
    (project / "dangling.txt").symlink_to(project / "missing.txt")
    result = run("score", "team.yaml", "-o", "dangling.txt")
    assert result.exit_code == 2
    assert "symlink to a missing file" in result.stderr
    assert not (project / "missing.txt").exists()


def test_dash_and_empty_output(project: Path) -> None:
    result = run("score", "team.yaml", "-f", "json", "-o", "-")
    assert result.exit_code == 0
    assert '"subject": "Team A"' in result.stdout
    assert not (project / "-").exists()
    result = run("score", "team.yaml", "-o", "")  # typer reads an empty path as "."
    assert result.exit_code == 2
    assert "is a folder" in result.stderr


def test_write_errors_are_usage_errors_naming_the_file(project: Path) -> None:
    long_name = "x" * 300 + ".txt"
    result = run("score", "team.yaml", "-o", long_name)
    assert result.exit_code == 2
    assert "File name too long" in result.stderr
    assert "internal error" not in result.stderr
    result = run("score", "team.yaml", "-o", "missing/out.txt")
    assert result.exit_code == 2
    assert "folder does not exist" in result.stderr


def test_a_full_disk_is_a_usage_error(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("maturity_cli.files.os.fsync", full)
    result = run("score", "team.yaml", "-o", "out.txt")
    assert result.exit_code == 2
    assert "out.txt: cannot write: No space left on device" in result.stderr
    assert not list(project.glob(".out.txt*"))  # the temporary file is gone


def test_check_output_returns_the_target(tmp_path: Path) -> None:
    assert check_output(None) is None
    assert check_output(Path("-")) is None
    assert check_output(tmp_path / "new.txt") == tmp_path / "new.txt"
    write_atomic(tmp_path / "a.txt", "a\n")
    read_bounded(tmp_path / "a.txt", 100)
    with pytest.raises(UsageError, match="input files"):
        write_atomic(tmp_path / "a.txt", "b\n")


def test_reading_refuses_special_files_and_large_files(tmp_path: Path) -> None:
    with pytest.raises(InvalidFile, match="not a regular file"):
        read_bounded(Path("/dev/zero"), 1000)
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(InvalidFile, match="not a regular file"):
        read_bounded(tmp_path / "fifo", 1000)  # must not wait for a writer
    with pytest.raises(InvalidFile, match="is a folder"):
        read_bounded(tmp_path, 1000)
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tmp_path / "s"))
        with pytest.raises(InvalidFile):
            read_bounded(tmp_path / "s", 1000)
    finally:
        sock.close()
    (tmp_path / "big").write_bytes(b"x" * 2000)
    with pytest.raises(InvalidFile, match="larger than"):
        read_bounded(tmp_path / "big", 1000)
    assert read_bounded(tmp_path / "big", 2000) == b"x" * 2000


def test_a_questionnaire_path_to_dev_zero_does_not_hang(project: Path) -> None:
    (project / "z.yaml").write_text("questionnaire: /dev/zero\nsubject: Z\nanswers: {}\n")
    done: list[int] = []
    worker = threading.Thread(target=lambda: done.append(run("score", "z.yaml").exit_code))
    worker.start()
    worker.join(timeout=20)
    assert done == [2]


def test_unreadable_inputs_are_usage_errors(project: Path) -> None:
    result = run("score", "nothing.yaml")
    assert result.exit_code == 2
    assert "nothing.yaml: file not found" in result.stderr
    result = run("validate", "tpl")
    assert result.exit_code == 2
    assert "internal error" not in result.stderr


def test_check_junit_never_replaces_the_default_policy(project: Path) -> None:
    policy = project / ".maturity.yml"
    policy.write_text("targets:\n  - {framework: fw, min_level: 0}\n", encoding="utf-8")
    before = policy.read_bytes()
    result = run("check", "team.yaml", "--junit", ".maturity.yml")
    assert result.exit_code == 2, result.output
    assert "one of the input files" in result.stderr
    assert unchanged(policy, before)
    questionnaire = (project / "tiny.yaml").read_bytes()
    result = run("check", "team.yaml", "--junit", "tiny.yaml")  # named by the answers file
    assert result.exit_code == 2
    assert unchanged(project / "tiny.yaml", questionnaire)


def test_questionnaires_and_answers_files_are_never_report_outputs(project: Path) -> None:
    other = project / "other.yaml"
    other.write_text("questionnaire: tiny.yaml\nsubject: Someone else\n", encoding="utf-8")
    before = other.read_bytes()
    for command in (["score", "team.yaml"], ["report", "team.yaml"]):
        result = run(*command, "-o", "other.yaml")
        assert result.exit_code == 2
        assert "is an answers file; it was not replaced" in result.stderr
        assert unchanged(other, before)
    (project / "notes.yaml").write_text("just: notes\n")
    result = run("score", "team.yaml", "-o", "notes.yaml")
    assert result.exit_code == 0, result.output
