"""Custom templates stay inside their folder and inside their time and size budget."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from maturity_cli.cli.app import app
from maturity_cli.report import sandbox

QUESTIONNAIRE = """\
id: tiny
version: "1.0"
title: Tiny
dimensions: [{id: dev, title: Development}]
questions:
  - {id: tracking, text: "Track?", type: yes_no, dimension: dev}
frameworks:
  - {id: fw, title: Framework, style: gated, levels: [{level: 0, name: Start}]}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "tiny.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    (tmp_path / "team.yaml").write_text("questionnaire: tiny.yaml\nsubject: T\nanswers: {}\n")
    (tmp_path / "tpl").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def report(template: str, project: Path):  # type: ignore[no-untyped-def]
    (project / "tpl" / "team.md.j2").write_text(template, encoding="utf-8")
    return CliRunner().invoke(app, ["report", "team.yaml", "--template-dir", "tpl"])


def test_a_symlink_out_of_the_template_folder_is_refused(project: Path) -> None:
    secret = project / "secret.txt"
    secret.write_text("top secret\n")
    (project / "tpl" / "team.md.j2").symlink_to(secret)
    result = CliRunner().invoke(app, ["report", "team.yaml", "--template-dir", "tpl"])
    assert result.exit_code == 2
    assert "resolves outside the template folder" in result.stderr
    assert "top secret" not in result.output


def test_including_a_file_outside_the_folder_is_refused(project: Path) -> None:
    (project / "tpl" / "link").symlink_to(project)
    result = report('{% include "link/tiny.yaml" %}', project)
    assert result.exit_code == 2
    assert "outside the template folder" in result.stderr
    assert "Tiny" not in result.stdout


def test_nested_ranges_stop_at_the_time_limit(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.5)
    start = time.monotonic()
    result = report(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        project,
    )
    assert time.monotonic() - start < 10
    assert result.exit_code == 2
    assert "longer than 0.5 seconds" in result.stderr
    assert "team.md.j2:1" in result.stderr


def test_huge_ranges_and_repetitions_are_refused(project: Path) -> None:
    result = report("{{ range(10**8) | list | length }}", project)
    assert result.exit_code == 2
    assert "range() of more than" in result.stderr
    result = report("{{ 'x' * 10**9 }}", project)
    assert result.exit_code == 2
    assert "repetition larger than" in result.stderr


def test_output_is_capped(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "MAX_OUTPUT", 10_000)
    result = report("{% for i in range(5000) %}{{ 'abcdefgh' }}{% endfor %}", project)
    assert result.exit_code == 2
    assert "output is larger than" in result.stderr


def test_a_self_including_template_is_a_located_template_error(project: Path) -> None:
    result = report('# title\n{% include "team.md.j2" %}\n', project)
    assert result.exit_code == 2, result.output
    assert "too deeply" in result.stderr
    assert "team.md.j2:2" in result.stderr
    assert "internal error" not in result.stderr


def test_a_recursive_macro_is_a_template_error(project: Path) -> None:
    result = report("{% macro m() %}{{ m() }}{% endmacro %}\n{{ m() }}\n", project)
    assert result.exit_code == 2
    assert "too deeply" in result.stderr


def test_ordinary_custom_templates_still_render(project: Path) -> None:
    (project / "tpl" / "part.md.j2").write_text("part {{ team.subject }}")
    result = report(
        '{% for i in range(3) %}{{ i }}{% endfor %} {% include "part.md.j2" %}', project
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "012 part T\n"


def test_reports_carry_no_control_sequences(project: Path) -> None:
    (project / "team.yaml").write_text(
        'questionnaire: tiny.yaml\nsubject: "T \\e]0;title\\a \\e[2J"\nanswers: {}\n'
    )
    for fmt in ("md", "html"):
        result = CliRunner().invoke(app, ["report", "team.yaml", "-f", fmt])
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "0;title" in result.stdout
