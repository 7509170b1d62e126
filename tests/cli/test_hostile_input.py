"""Any bytes and any YAML document: every loader and command answers 0 or 2, never a traceback.

These are property tests (hypothesis) with a bounded number of examples, so they run
in the normal suite and in CI; findings become the regression tests at the end.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from maturity_cli.answers.loader import load_answers
from maturity_cli.ci.policy import load_policy
from maturity_cli.cli.app import app
from maturity_cli.errors import MaturityError
from maturity_cli.questionnaire.loader import load_questionnaire
from maturity_cli.validation.validate import validate_file

QUESTIONNAIRE = """\
id: tiny
version: "1.0"
title: Tiny
dimensions: [{id: dev, title: Development}]
questions:
  - {id: tracking, text: "Track?", type: yes_no, dimension: dev}
  - {id: people, text: "How many?", type: number, min: 0, dimension: dev}
frameworks:
  - id: fw
    title: Framework
    style: points
    levels: [{level: 0, name: Start}, {level: 1, name: Up, above: 0.5}]
"""

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)

KEYS = st.sampled_from(
    [
        "questionnaire",
        "subject",
        "answers",
        "assessed_on",
        "tracking",
        "people",
        "id",
        "version",
        "title",
        "questions",
        "frameworks",
        "dimensions",
        "levels",
        "targets",
        "weight",
        "value",
        "note",
    ]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.dates(min_value=dt.date(1, 1, 1))
    | st.sampled_from(["tiny.yaml", "tiny", "/dev/zero", ".", "[/]", "\x1b[2J", "yes"])
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(KEYS | st.text(max_size=5), inner, max_size=5)
    ),
    max_leaves=20,
)


def _yaml(doc: Any) -> bytes:
    return yaml.safe_dump(doc, allow_unicode=True).encode("utf-8", "surrogatepass")


LOADERS: dict[str, Callable[[Path], object]] = {
    "questionnaire": load_questionnaire,
    "answers": load_answers,
    "policy": load_policy,
    "validate": validate_file,
}


@contextlib.contextmanager
def _workdir() -> Iterator[Path]:
    """A fresh folder with the tiny questionnaire, removed afterwards (one per example)."""
    with tempfile.TemporaryDirectory(prefix="maturity-hostile-") as name:
        folder = Path(name)
        (folder / "tiny.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
        yield folder


def _check_loaders(path: Path) -> None:
    for loader in LOADERS.values():
        try:
            loader(path)
        except MaturityError as exc:
            assert any(
                str(path) in (p.file or "") or str(path) in p.message for p in exc.problems
            ) or all(p.file for p in exc.problems), exc


def _check_commands(folder: Path, name: str) -> None:
    runner = CliRunner()
    path = str(folder / name)
    for args in (
        ["validate", path],
        ["score", path],
        ["report", "-f", "html", path],
        ["questions", path],
        ["init", "-q", path, "-o", str(folder / "blank.yaml"), "--force"],
    ):
        result = runner.invoke(app, args)
        output = result.output + (result.stderr or "")
        assert result.exit_code in (0, 2), (args, output, result.exception)
        assert "Traceback" not in output
        assert "internal error" not in output, output
        if result.exit_code == 2:
            assert name in output, output


@SETTINGS
@given(data=st.binary(max_size=300))
@example(data=b"questionnaire: tiny.yaml\nsubject: x\nassessed_on: 2026-02-30\n")
@example(data=b"questionnaire: tiny.yaml\nsubject: x\nanswers: {people: " + b"9" * 5000 + b"}\n")
@example(data=b"questionnaire: tiny.yaml\nsubject: &a [*a]\n")
@example(data=b"questionnaire: /dev/zero\nsubject: x\n")
@example(data=b"\xff\xfe\x00")
def test_arbitrary_bytes(data: bytes) -> None:
    with _workdir() as folder:
        for name in ("input.yaml", "input.json"):
            (folder / name).write_bytes(data)
            _check_loaders(folder / name)
            _check_commands(folder, name)


@SETTINGS
@given(doc=DOCUMENTS)
@example(doc={"questionnaire": "tiny.yaml", "subject": "x", "answers": {"people": float("nan")}})
@example(doc={"questionnaire": "tiny.yaml", "subject": "\x1b]0;owned\x07[/]", "answers": {}})
def test_arbitrary_yaml_documents(doc: Any) -> None:
    with _workdir() as folder:
        (folder / "doc.yaml").write_bytes(_yaml(doc))
        _check_loaders(folder / "doc.yaml")
        _check_commands(folder, "doc.yaml")


@SETTINGS
@given(answers=st.dictionaries(KEYS, SCALARS, max_size=4), subject=SCALARS)
def test_arbitrary_answers_to_a_real_questionnaire(answers: dict[str, Any], subject: Any) -> None:
    with _workdir() as folder:
        doc = {"questionnaire": "tiny.yaml", "subject": subject, "answers": answers}
        (folder / "a.yaml").write_bytes(_yaml(doc))
        _check_commands(folder, "a.yaml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("assessed_on: 2026-02-30\n", "day is out of range"),
        ("people: " + "9" * 5000 + "\n", "cannot read the value"),
        ("x: &a [*a]\n", "recursion"),
        ("people: .nan\n", "finite"),
    ],
)
def test_regressions_are_located(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(f"questionnaire: tiny.yaml\nsubject: x\n{text}", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:3:" in result.stderr
    assert expected in result.stderr


@pytest.mark.parametrize(
    "command", [["validate"], ["score", "-f", "jsonl"], ["report", "-f", "json"]]
)
def test_one_bad_file_does_not_stop_a_batch(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "tiny.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    good = "questionnaire: tiny.yaml\nsubject: {}\nanswers: {{tracking: yes}}\n"
    (tmp_path / "a.yaml").write_text(good.format("Team A"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(good.format("x") + "assessed_on: 2026-02-30\n")
    (tmp_path / "c.yaml").write_text("questionnaire: tiny.yaml\nsubject: &s [*s]\n")
    (tmp_path / "d.yaml").write_text(good.format("Team D"), encoding="utf-8")
    paths = [str(tmp_path / n) for n in ("a.yaml", "b.yaml", "c.yaml", "d.yaml")]
    result = CliRunner().invoke(app, [*command, *paths])
    assert result.exit_code == 2
    assert f"{tmp_path / 'b.yaml'}:4:" in result.stderr
    assert f"{tmp_path / 'c.yaml'}:2:" in result.stderr
    if command[0] == "validate":
        assert "2 of 4 file(s) invalid" in result.stderr
    else:
        assert "Team A" in result.stdout
        assert "Team D" in result.stdout


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(doc, dict):
        for key, value in doc.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            found += _paths(value, (*prefix, index))
    return found


VALID = yaml.safe_load(QUESTIONNAIRE)
VALID_ANSWERS = {"questionnaire": "tiny.yaml", "subject": "T", "answers": {"tracking": True}}


def _mutate(doc: Any, changes: list[tuple[tuple[Any, ...], Any]]) -> Any:
    doc = yaml.safe_load(yaml.safe_dump(doc))
    for path, value in changes:
        node = doc
        try:
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change replaced the part this path led into
    return doc


@SETTINGS
@given(
    q_changes=st.lists(st.tuples(st.sampled_from(_paths(VALID)), DOCUMENTS), max_size=2),
    a_changes=st.lists(st.tuples(st.sampled_from(_paths(VALID_ANSWERS)), DOCUMENTS), max_size=2),
)
def test_nearly_valid_files(q_changes: list[Any], a_changes: list[Any]) -> None:
    """Valid files with a few values replaced reach the deeper checks of every stage."""
    with _workdir() as folder:
        (folder / "tiny.yaml").write_bytes(_yaml(_mutate(VALID, q_changes)))
        (folder / "a.yaml").write_bytes(_yaml(_mutate(VALID_ANSWERS, a_changes)))
        _check_commands(folder, "a.yaml")
