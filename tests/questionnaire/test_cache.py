"""The questionnaire cache only ever saves time: it never changes what is loaded."""

from __future__ import annotations

from pathlib import Path

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
