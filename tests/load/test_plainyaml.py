"""The plain-YAML fast path: whatever it reads, the full safe loader reads the same way."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

from maturity_cli.load import reader
from maturity_cli.load.plainyaml import _UNUSUAL, NOT_PLAIN, load_plain
from maturity_cli.load.values import BadValue

KEYS = ["a", "b", "yes", "No", "on", "null", "y", "x-y", "_k", "Key", "a1", "n"]
VALUES = [
    *[
        "1",
        "1.5",
        "-1",
        "+1",
        "0x1F",
        "0o17",
        "017",
        "1_000",
        "1e3",
        "1.0e+3",
        ".5",
        ".inf",
        "-.inf",
        ".nan",
        "-0",
        "+.5",
        "0b101",
        "1__0",
    ],
    *[
        "12e03",
        "190:20:30",
        "12:30",
        "2026-01-02",
        "2026-13-45",
        "2026-1-2",
        "yes",
        "No",
        "ON",
        "off",
        "Y",
        "n",
        "~",
        "null",
    ],
    *[
        "Null",
        "NULL",
        "true",
        "False",
        "TRUE",
        "(x)",
        "/path",
        "é",
        "日本",
        "=",
        "<<",
        "-",
        "?",
        ":",
        "-x",
        "?x",
        ":x",
        "a:b",
        "a#c",
        "x!y",
    ],
    "2026-01-02 10:00:00",
    "9999999999999999999999",
    "1" * 30,
    "a b",
    "a  b",
    "a, b",
    "a [b]",
    "it's",
    "a&b",
    "a*b",
    "100%",
    "a|b",
    "a > b",
    "- x",
    "? x",
    "a: b",
    "a #c",
    "a\tb",
    '"q"',
    '""',
    '"a # b"',
    '"a\\"b"',
    '"a\\u00e9"',
    "'s'",
    "''",
    "'it''s'",
    "[]",
    "[ ]",
    "[a, b]",
    "[a,b]",
    "[ a , b ]",
    '["x", y]',
    "[a, b,]",
    "[a b]",
    "[1, yes, null, 2026-01-02]",
    "[a, [b]]",
    "{a: 1}",
    "{}",
    "&x 1",
    "*x",
    "!!str 1",
    "|",
    ">",
    "%x",
    "@x",
    "`x`",
    "",
    "x\u0085y",
    "x\u2028y",
    "\ufeffx",
]
COMMENTS = ["", "", "", " # c", "  #c", "#c", " #", "   "]
ODD_LINES = ["", "# note", "   # note", "---", "...", "\t", " ", "- a", "-", "a", "key:value"]


def _document(rng: random.Random) -> str:
    lines = []
    depth = 0
    for _ in range(rng.randint(1, 8)):
        roll = rng.random()
        if roll < 0.1:
            lines.append(rng.choice(ODD_LINES))
            continue
        indent = rng.choice([0, 2, 2, 4, 4, 1, 3]) if roll < 0.2 else 2 * depth
        key = rng.choice(KEYS)
        if rng.random() < 0.25:
            lines.append(f"{' ' * indent}{key}:{rng.choice(COMMENTS)}")
            depth = min(depth + 1, 3)
        else:
            lines.append(f"{' ' * indent}{key}: {rng.choice(VALUES)}{rng.choice(COMMENTS)}")
            depth = max(0, depth - (rng.random() < 0.3))
    return "\n".join(lines) + rng.choice(["\n", "", "\n\n", "\r\n"])


def _typed(value: Any) -> Any:
    """Values with their types, so that 1 and 1.0 and True differ."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    return (type(value).__name__, value)


def _full(text: str) -> Any:
    loader = reader._StrictLoader(text)
    try:
        root = loader.get_single_node()
        return None if root is None else reader._Builder(loader).build(root)
    finally:
        loader.dispose()


def test_what_the_fast_path_reads_the_full_loader_reads_the_same() -> None:
    rng = random.Random(19)
    read = 0
    for _ in range(6000):
        text = _document(rng)
        fast = load_plain(text)
        if fast is NOT_PLAIN:
            continue
        read += 1
        try:
            full = _full(text)
        except (yaml.YAMLError, reader._DuplicateKey, BadValue) as exc:
            raise AssertionError(f"fast path read text the full loader refuses: {text!r}") from exc
        assert _typed(fast) == _typed(full), text
    assert read > 500  # a good share of these documents is in the subset


def test_answers_files_as_written_by_people_and_tools_take_the_fast_path() -> None:
    text = (
        "# team answers\n"
        "questionnaire: mlops\n"
        'questionnaire_version: "2.0.0"\n'
        "subject: Team A  # the platform team\n"
        "assessed_on: 2026-03-31\n"
        "answers:\n"
        "  ml_people: 12\n"
        "  serving_mode: 'online'\n"
        "  tracking: yes\n"
        '  stores: [files, "object store"]\n'
        "  none_yet: []\n"
        "  blank:\n"
        "  review:\n"
        "    value: no\n"
        '    note: "Checked with the team, #42"\n'
    )
    fast = load_plain(text)
    assert fast is not NOT_PLAIN
    assert _typed(fast) == _typed(_full(text))
    assert fast["answers"]["review"] == {"value": False, "note": "Checked with the team, #42"}


def test_everything_else_is_left_to_the_full_loader(tmp_path: Path) -> None:
    for text in [
        "a: 1\na: 2\n",  # duplicate key: the full loader locates both
        "a: &x 1\nb: *x\n",
        "a:\n  - 1\n",
        "a: |\n  text\n",
        "a: 1\n  b: 2\n",
        "a: .nan\n",
        "a: 99999999999999999999999\n",
        "",
        "# only a comment\n",
    ]:
        assert load_plain(text) is NOT_PLAIN, text


def test_the_fast_path_gives_up_on_exactly_the_unusual_characters() -> None:
    # Accepted: line feeds and the printable characters every YAML reader takes,
    # less YAML 1.1's other line breaks (U+2028, U+2029) and the byte order mark.
    accepted = {0x0A, *range(0x20, 0x7F), *range(0xA0, 0x2028), *range(0x202A, 0xD800)}
    accepted |= {*range(0xE000, 0xFEFF), *range(0xFF00, 0xFFFE), *range(0x10000, 0x110000)}
    everything = "".join(map(chr, range(0x110000)))
    assert [m.start() for m in _UNUSUAL.finditer(everything)] == [
        code for code in range(0x110000) if code not in accepted
    ]
    assert load_plain("a: x\u2028\n") is NOT_PLAIN
    assert load_plain("a: x\u00e9\U0001f600\n") == {"a": "x\u00e9\U0001f600"}
