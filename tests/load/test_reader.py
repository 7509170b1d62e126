"""Safe loading: hostile YAML is refused with a clear error, never run or expanded."""

from __future__ import annotations

import pytest
import yaml

from maturity_cli.errors import InvalidFile
from maturity_cli.load.reader import Locator, parse_document


def test_python_tags_are_refused() -> None:
    for text in (
        "!!python/object/apply:os.system ['echo hacked']\n",
        "a: !!python/name:os.system\n",
    ):
        with pytest.raises(InvalidFile, match="invalid YAML"):
            parse_document(text, "x.yaml")


def test_alias_bombs_are_refused() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefg", "bcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    with pytest.raises(InvalidFile, match="expands to more than"):
        parse_document("\n".join(lines), "bomb.yaml")


def test_modest_anchors_are_fine() -> None:
    assert parse_document("a: &x [1, 2]\nb: *x\n", "ok.yaml") == {"a": [1, 2], "b": [1, 2]}


def test_deep_nesting_is_refused() -> None:
    # Newer PyYAML stops at its own nesting limit; older ones reach ours.
    with pytest.raises(InvalidFile, match=r"nested too deeply|maximum nesting depth"):
        parse_document("a: " + "[" * 5000 + "]" * 5000, "deep.yaml")


def test_duplicate_keys_point_at_the_second_one() -> None:
    with pytest.raises(InvalidFile) as caught:
        parse_document("a: 1\nb:\n  c: 2\n  c: 3\n", "dup.yaml")
    problem = caught.value.problems[0]
    assert (problem.line, problem.column) == (4, 3)
    assert "first given on line 3" in (problem.hint or "")


def test_json_errors_and_duplicates_are_located() -> None:
    with pytest.raises(InvalidFile) as caught:
        parse_document('{"a": 1,\n "b": }', "x.json")
    assert caught.value.problems[0].line == 2
    with pytest.raises(InvalidFile, match="duplicate key 'a'"):
        parse_document('{"a": 1, "a": 2}', "x.json")


def test_locator_finds_keys_values_and_offsets() -> None:
    text = "questions:\n  - id: a\n    when: 'x == 1'\n"
    loc = Locator(text, "q.yaml")
    assert loc.problem("m", ["questions", 0, "when"]).location() == "q.yaml:3:11"
    assert loc.problem("m", ["questions", 0, "when"], offset=5).location() == "q.yaml:3:17"
    assert loc.problem("m", ["questions", 0, "id"], key=True).location() == "q.yaml:2:5"


SAFE_YAML = [
    "a: 1\nb: [1, 2.5, -3, 0x1f, 0o17, 1_000, +4]\nc: {d: null, e: ~, f: }\n",
    "yes: [yes, no, on, off, true, False, y, n]\n",
    "when: 2026-11-02\nat: 2026-11-02T10:20:30Z\nlocal: 2001-12-14 21:59:43.10 -5\n",
    "base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\nlist: [*b, *b]\n",
    "text: |\n  line one\n  line two\nfolded: >\n  a\n  b\nquoted: 'it''s'\ndq: \"tab\\there\"\n",
    "tagged: !!str 123\nfloat: !!float 1\nbin: !!binary aGVsbG8=\nset: !!set {a, b}\n",
    "omap: !!omap [{a: 1}, {b: 2}]\npairs: !!pairs [{a: 1}, {a: 2}]\n",
    "- unicode: 'café ☕'\n- empty: ''\n- big: 9223372036854775807\n",
    "? [complex]\n: key\n" if False else "plain: value # comment\n",
    "",
    "just a string\n",
    "[1, [2, [3, [4]]]]\n",
]


@pytest.mark.parametrize("text", SAFE_YAML)
def test_fast_loading_matches_pyyaml_safe_load(text: str) -> None:

    assert parse_document(text, "x.yaml") == yaml.safe_load(text)


def test_aliases_stay_shared_like_pyyaml() -> None:
    data = parse_document("a: &x [1]\nb: *x\n", "x.yaml")
    assert data["a"] is data["b"]


def test_unhashable_keys_are_a_clear_error() -> None:
    with pytest.raises(InvalidFile, match="a mapping key must be a plain value"):
        parse_document("? [a, b]\n: value\n", "x.yaml")
