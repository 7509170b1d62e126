"""``maturity check`` over many files: a summary by default, every row with --details."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from maturity_cli.cli import app
from maturity_cli.cli.check_output import SUMMARY_FROM_FILES

ROOT = Path(__file__).resolve().parents[2]
LOW = (ROOT / "examples" / "small-startup.yaml").read_text(encoding="utf-8")
HIGH = (ROOT / "examples" / "multi-team-platform.yaml").read_text(encoding="utf-8")


def _teams(folder: Path, count: int) -> list[Path]:
    """``count`` answers files; every third is the low-maturity team."""
    paths = []
    for i in range(count):
        text = LOW if i % 3 == 0 else HIGH
        lines = [
            f'subject: "Team {i:02d}"' if line.startswith("subject:") else line
            for line in text.splitlines()
        ]
        path = folder / f"team-{i:02d}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check", "--no-policy", "--min-level", "microsoft=3", *args])
    return result.exit_code, result.stdout


def test_many_files_give_one_line_each_and_the_misses(tmp_path: Path) -> None:
    paths = _teams(tmp_path, SUMMARY_FROM_FILES)
    code, out = _check(str(tmp_path))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("Maturity check (") and f"{SUMMARY_FROM_FILES} files" in lines[0]
    rows = [line for line in lines if line.startswith(str(tmp_path))]
    assert [row.split()[0] for row in rows] == [str(p) for p in paths]
    low = [str(p) for i, p in enumerate(paths) if i % 3 == 0]
    assert all(row.split()[1] == ("fail" if row.split()[0] in low else "pass") for row in rows)
    missed = lines[lines.index("Targets missed (--details for every row):") + 1 :]
    assert [m.split(":")[0].strip() for m in missed] == low
    assert "What to do" not in out


def test_details_forces_the_full_table(tmp_path: Path) -> None:
    _teams(tmp_path, SUMMARY_FROM_FILES)
    code, out = _check(str(tmp_path), "--details")
    assert code == 1
    assert "What to do" in out and "Targets missed" not in out


def test_few_files_keep_the_full_table(tmp_path: Path) -> None:
    _teams(tmp_path, 2)
    _, out = _check(str(tmp_path))
    assert "What to do" in out


def test_an_unreadable_file_is_an_error_line_in_the_summary(tmp_path: Path) -> None:
    _teams(tmp_path, SUMMARY_FROM_FILES)
    (tmp_path / "team-99.yaml").write_text("subject: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["check", "--no-policy", "--min-level", "microsoft=3", str(tmp_path)]
    )
    assert result.exit_code == 2
    row = next(line for line in result.stdout.splitlines() if "team-99.yaml" in line)
    assert row.split()[1] == "error"
    assert "1 could not be checked" in result.stdout
