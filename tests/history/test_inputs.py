"""`maturity record` checks saved results against their questionnaire, as check and diff do."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from maturity_cli.cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "small-startup.yaml"


def _result() -> dict:  # type: ignore[type-arg]
    out = CliRunner().invoke(app, ["score", str(EXAMPLE), "-f", "json"])
    assert out.exit_code == 0, out.stderr
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_an_edited_level_is_refused_in_json_and_json_lines(tmp_path: Path) -> None:
    good, bad = _result(), _result()
    bad["frameworks"][0]["level"] = 99
    (tmp_path / "bad.json").write_text(json.dumps(bad, indent=2))
    (tmp_path / "bad.jsonl").write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    for name, where in (("bad.json", "bad.json:"), ("bad.jsonl", "bad.jsonl:2:")):
        done = CliRunner().invoke(
            app, ["record", str(tmp_path / name), "--db", str(tmp_path / "s.db")]
        )
        assert done.exit_code == 2, done.output
        assert "level 99 is not a level of 'microsoft'" in done.stderr
        assert where in done.stderr


def test_an_unedited_result_is_recorded(tmp_path: Path) -> None:
    (tmp_path / "good.jsonl").write_text(json.dumps(_result()) + "\n")
    done = CliRunner().invoke(
        app, ["record", str(tmp_path / "good.jsonl"), "--db", str(tmp_path / "s.db")]
    )
    assert done.exit_code == 0, done.output
