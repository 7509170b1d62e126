"""The questionnaire cache only ever saves time: it never changes what is loaded."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

from maturity_cli.questionnaire import cache
from maturity_cli.questionnaire.loader import parse_questionnaire

TEXT = """
id: c
version: "1"
title: Cached
dimensions: [{id: d, title: D}]
questions:
  - {id: a, text: A?, type: scale, dimension: d, choices: [{value: x, points: 0.5}, {value: y, points: 1}]}
frameworks:
  - {id: f, title: F, style: points, levels: [{level: 0, name: Z}, {level: 1, name: O, above: 0.5}]}
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MATURITY_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_a_cache_hit_gives_the_same_questionnaire(folder: Path) -> None:
    first = parse_questionnaire(TEXT, "c.yaml")
    assert len(list(folder.glob("q-*.msgpack"))) == 1
    second = parse_questionnaire(TEXT, "c.yaml")
    assert second.spec == first.spec
    assert cache.load(TEXT) == first.spec


def test_corrupt_entries_are_ignored(folder: Path) -> None:
    parse_questionnaire(TEXT, "c.yaml")
    (entry,) = folder.glob("q-*.msgpack")
    entry.write_bytes(b"\x00garbage")
    assert cache.load(TEXT) is None
    assert parse_questionnaire(TEXT, "c.yaml").id == "c"


def test_invalid_questionnaires_are_not_cached(folder: Path) -> None:
    with pytest.raises(Exception, match="unknown dimension"):
        parse_questionnaire(TEXT.replace("dimension: d,", "dimension: e,"), "c.yaml")
    assert not list(folder.glob("q-*.msgpack"))


def test_cache_can_be_turned_off(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATURITY_NO_CACHE", "1")
    parse_questionnaire(TEXT, "c.yaml")
    assert not list(folder.glob("*"))


def test_unwritable_cache_is_harmless(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("MATURITY_CACHE_DIR", str(blocker / "cache"))
    assert parse_questionnaire(TEXT, "c.yaml").id == "c"


TAMPERED = TEXT.replace("points: 0.5}", "points: 1}")


def _entry(folder: Path) -> Path:
    (entry,) = folder.glob("q-*.msgpack")
    return entry


def test_an_edited_entry_cannot_change_the_result(folder: Path) -> None:
    honest = parse_questionnaire(TEXT, "c.yaml")
    entry = _entry(folder)
    # Someone with write access swaps in the payload of another questionnaire.
    other = msgspec.msgpack.encode(parse_questionnaire(TAMPERED, "t.yaml").spec)
    head = entry.read_bytes()[:68]
    entry.write_bytes(head + other)
    assert cache.load(TEXT) is None
    assert parse_questionnaire(TEXT, "c.yaml").spec == honest.spec


def test_an_entry_made_for_other_text_is_ignored(folder: Path) -> None:
    parse_questionnaire(TAMPERED, "t.yaml")
    tampered = _entry(folder).read_bytes()
    for entry in folder.glob("q-*"):
        entry.unlink()
    parse_questionnaire(TEXT, "c.yaml")
    _entry(folder).write_bytes(tampered)  # valid digests, but of the other source text
    assert cache.load(TEXT) is None


def test_special_files_and_symlinks_are_ignored_without_hanging(folder: Path) -> None:
    parse_questionnaire(TEXT, "c.yaml")
    entry = _entry(folder)
    good = entry.read_bytes()
    entry.unlink()
    os.mkfifo(entry)
    assert cache.load(TEXT) is None  # a FIFO: no waiting for a writer
    entry.unlink()
    entry.symlink_to("/dev/zero")
    assert cache.load(TEXT) is None
    entry.unlink()
    (folder / "real").write_bytes(good)
    entry.symlink_to(folder / "real")
    assert cache.load(TEXT) is None
    assert parse_questionnaire(TEXT, "c.yaml").id == "c"


@pytest.mark.skipif(os.geteuid() != 0, reason="changing an owner needs root")
def test_an_entry_owned_by_someone_else_is_ignored(folder: Path) -> None:
    parse_questionnaire(TEXT, "c.yaml")
    os.chown(_entry(folder), 4242, -1)
    assert cache.load(TEXT) is None


def test_a_folder_others_can_write_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("MATURITY_CACHE_DIR", str(shared))
    assert cache.cache_dir() is None
    parse_questionnaire(TEXT, "c.yaml")
    assert not list(shared.iterdir())


def test_the_cache_folder_is_created_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATURITY_CACHE_DIR", str(tmp_path / "new" / "cache"))
    parse_questionnaire(TEXT, "c.yaml")
    folder = tmp_path / "new" / "cache"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(_entry(folder).stat().st_mode) == 0o600
    readable = tmp_path / "readable"
    readable.mkdir(mode=0o755)
    readable.chmod(0o755)
    monkeypatch.setenv("MATURITY_CACHE_DIR", str(readable))
    assert cache.cache_dir() == readable
    assert stat.S_IMODE(readable.stat().st_mode) == 0o700


def test_a_symlinked_cache_folder_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(real)
    monkeypatch.setenv("MATURITY_CACHE_DIR", str(tmp_path / "link"))
    assert cache.cache_dir() is None


def test_loading_questionnaires_does_not_load_openssl() -> None:
    """The cache digests with BLAKE2b: no OpenSSL (about 2.5 ms) on every command."""
    code = "import sys, maturity_cli.questionnaire.loader; print('_hashlib' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "False"


EVIDENCE = """
evidence:
  signals:
    - {id: logs, text: {pattern: "log_(metric|param)\\\\(", files: "*.py"}}
  proposals:
    - {question: a, answer: y, when: logs}
"""


def test_a_cache_hit_does_not_compile_the_evidence_patterns_again(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled: list[str] = []
    real = re.compile

    def spy(pattern: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(re, "compile", spy)
    first = parse_questionnaire(TEXT + EVIDENCE, "c.yaml")
    assert "log_(metric|param)\\(" in compiled
    compiled.clear()
    second = parse_questionnaire(TEXT + EVIDENCE, "c.yaml")
    assert compiled == []
    assert first.evidence is not None and second.evidence is not None
    assert second.evidence.signals == first.evidence.signals
    assert [p.spec for p in second.evidence.proposals] == [p.spec for p in first.evidence.proposals]


def test_an_entry_written_by_another_python_is_not_used(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its ``re`` judged the evidence patterns, which a hit does not compile again."""
    parse_questionnaire(TEXT, "c.yaml")
    assert cache.load(TEXT) is not None
    monkeypatch.setattr(sys, "version_info", (3, 99, 0, "final", 0))
    assert cache.load(TEXT) is None
