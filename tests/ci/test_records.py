"""Results from files of any size: JSON lists item by item, JSON Lines line by line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from maturity_cli.ci import records
from maturity_cli.ci.records import iter_results
from maturity_cli.cli import app
from maturity_cli.errors import InvalidFile
from maturity_cli.load.reader import MAX_BYTES
from maturity_cli.scoring.result import to_json

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "small-startup.yaml"


def _teams(folder: Path, count: int) -> Path:
    folder.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    for i in range(count):
        lines = [
            f"subject: Team {i}" if ln.startswith("subject:") else ln for ln in text.splitlines()
        ]
        (folder / f"t{i}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _score(*args: str) -> str:
    result = CliRunner().invoke(app, ["score", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_lists_lines_and_compact_records_read_back_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    teams = str(_teams(tmp_path / "teams", 3))
    as_list = tmp_path / "all.json"
    as_list.write_text(_score(teams, "-f", "json"), encoding="utf-8")
    lines = tmp_path / "all.jsonl"
    lines.write_text("\n" + _score(teams, "-f", "jsonl") + "\n\n", encoding="utf-8")
    short = tmp_path / "short.jsonl"
    short.write_text(_score(teams, "-f", "jsonl", "--compact"), encoding="utf-8")
    monkeypatch.setattr(records, "_CHUNK", 97)  # items straddle many reads
    expected = [json.loads(line) for line in lines.read_text(encoding="utf-8").split("\n") if line]
    for path in (as_list, lines, short):
        got = [json.loads(to_json(r)) for r in iter_results(path)]
        assert got == expected, path.name


def test_a_bad_line_is_reported_with_its_number(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"schema_version": 1}\n{oops\n', encoding="utf-8")
    with pytest.raises(InvalidFile) as caught:
        list(iter_results(bad))
    assert "bad.jsonl:1" in str(caught.value)  # the first record is not a valid result
    bad.write_text("\n{oops\n", encoding="utf-8")
    with pytest.raises(InvalidFile) as caught:
        list(iter_results(bad))
    assert caught.value.problems[0].line == 2


def test_one_record_is_bounded_not_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    teams = str(_teams(tmp_path / "teams", 2))
    lines = tmp_path / "all.jsonl"
    lines.write_text(_score(teams, "-f", "jsonl"), encoding="utf-8")
    as_list = tmp_path / "all.json"
    as_list.write_text(_score(teams, "-f", "json"), encoding="utf-8")
    monkeypatch.setattr(records, "MAX_RECORD_BYTES", 1000)
    for path in (lines, as_list):
        with pytest.raises(InvalidFile) as caught:
            list(iter_results(path))
        assert "record larger than" in str(caught.value)


def test_a_baseline_over_ten_megabytes_is_accepted(tmp_path: Path) -> None:
    teams = _teams(tmp_path / "teams", 2)
    record = json.loads(_score(str(teams / "t0.yaml"), "-f", "json"))
    big = tmp_path / "baseline.jsonl"
    with big.open("w", encoding="utf-8") as fh:
        n = 0
        while fh.tell() <= MAX_BYTES:
            fh.write(json.dumps({**record, "subject": f"Team {n}"}) + "\n")
            n += 1
    result = CliRunner().invoke(
        app,
        ["check", str(teams), "--no-policy", "--min-level", "microsoft=0", "--baseline", str(big)],
    )
    assert result.exit_code == 0, result.output
    assert "no checked file has subject 'Team 5'" in result.stderr
