"""``maturity scan``: table, Markdown and JSON (valid against the published schema)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import jsonschema
import yaml
from evidence.helpers import questionnaire_text, write_tree
from typer.testing import CliRunner

from maturity_cli.cli.app import app

EVIDENCE = """
signals:
  - {id: tracking_dep, title: Tracking library declared, dependency: mlflow}
  - {id: notebooks, count: "*.ipynb"}
proposals:
  - {question: tracking, answer: yes, when: tracking_dep, confidence: medium}
  - {question: tracking, answer: no, when: not tracking_dep, confidence: low}
"""


def _setup(tmp_path: Path) -> tuple[Path, Path]:
    q = tmp_path / "q.yaml"
    q.write_text(questionnaire_text(EVIDENCE), encoding="utf-8")
    repo = write_tree(
        tmp_path / "repo", {"requirements.txt": "pandas\nmlflow==2.9 | x\n", "big.bin": b"\0"}
    )
    return q, repo


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args))


def test_scan_prints_proposals_evidence_and_what_it_cannot_tell(tmp_path: Path) -> None:
    q, repo = _setup(tmp_path)
    result = invoke("scan", str(repo), "-q", str(q))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Tracking (tracking): Yes  [medium confidence]" in out
    assert "requirements.txt:2  mlflow==2.9 | x" in out
    assert "Cannot tell from the files" in out and "Tests (tests)" in out


def test_scan_json_follows_the_published_schema(tmp_path: Path) -> None:
    q, repo = _setup(tmp_path)
    result = invoke("scan", str(repo), "-q", str(q), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    schema = json.loads(invoke("schema", "scan").stdout)
    jsonschema.validate(data, schema)
    assert data["schema_version"] == 1
    assert data["proposals"][0]["evidence"][0] == {
        "signal": "tracking_dep",
        "found": True,
        "path": "requirements.txt",
        "line": 2,
        "text": "mlflow==2.9 | x",
    }
    again = invoke("scan", str(repo), "-q", str(q), "--format", "json")
    assert again.stdout == result.stdout  # deterministic


def test_scan_markdown_escapes_table_cells(tmp_path: Path) -> None:
    q, repo = _setup(tmp_path)
    out_file = tmp_path / "scan.md"
    result = invoke("scan", str(repo), "-q", str(q), "-f", "md", "-o", str(out_file))
    assert result.exit_code == 0, result.stderr
    text = out_file.read_text(encoding="utf-8")
    assert (
        "| Tracking (`tracking`) | Yes | medium | `requirements.txt:2` `mlflow==2.9 \\| x` |"
        in (text)
    )


def test_scan_refuses_to_replace_a_file_of_the_repository(tmp_path: Path) -> None:
    q, repo = _setup(tmp_path)
    result = invoke("scan", str(repo), "-q", str(q), "-o", str(repo / "requirements.txt"))
    assert result.exit_code == 2
    assert "refusing to replace a file of the scanned folder" in result.stderr
    assert (repo / "requirements.txt").read_text(encoding="utf-8").startswith("pandas")


def test_scan_never_replaces_a_special_file(tmp_path: Path) -> None:
    q, repo = _setup(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = invoke("scan", str(repo), "-q", str(q), "-o", str(fifo))
    assert result.exit_code == 2 and "not a regular file" in result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_scan_of_a_missing_folder_or_without_evidence_is_a_usage_error(tmp_path: Path) -> None:
    q, _repo = _setup(tmp_path)
    result = invoke("scan", str(tmp_path / "nope"), "-q", str(q))
    assert result.exit_code == 2 and "folder not found" in result.stderr
    plain = tmp_path / "plain.yaml"
    plain.write_text(questionnaire_text("signals: []").split("evidence:")[0], encoding="utf-8")
    result = invoke("scan", str(tmp_path), "-q", str(plain))
    assert result.exit_code == 2 and "has no evidence section" in result.stderr


def test_init_scan_prefills_proposals_with_their_evidence_as_notes(tmp_path: Path) -> None:
    q, repo = _setup(tmp_path)
    answers = tmp_path / "answers.yaml"
    result = invoke("init", "-q", str(q), "--scan", str(repo), "-o", str(answers))
    assert result.exit_code == 0, result.stderr
    assert "Pre-filled 1 answer(s)" in result.stderr
    data = yaml.safe_load(answers.read_text(encoding="utf-8"))
    assert data["answers"]["tracking"] == {
        "value": True,
        "note": "Proposed by maturity scan (medium confidence): requirements.txt:2",
    }
    assert data["answers"]["tests"] is None
    validated = invoke("validate", str(answers))
    assert validated.exit_code == 0 and "(1 of 3 answered)" in validated.stderr


def test_init_scan_comments_proposals_for_questions_not_asked(tmp_path: Path) -> None:
    q = tmp_path / "q.yaml"
    text = questionnaire_text(
        """
        signals:
          - {id: ci, file: ".github/workflows/*.yml"}
        proposals:
          - {question: tests, answer: automated, when: ci}
        """
    ).replace(
        "choices: [none, manual, automated]}",
        "choices: [none, manual, automated], when: tracking}",
    )
    q.write_text(text, encoding="utf-8")
    repo = write_tree(tmp_path / "repo", {".github/workflows/ci.yml": "on: push\n"})
    answers = tmp_path / "answers.yaml"
    result = invoke("init", "-q", str(q), "--scan", str(repo), "-o", str(answers))
    assert result.exit_code == 0, result.stderr
    written = answers.read_text(encoding="utf-8")
    assert (
        "  # Proposed by maturity scan (medium confidence): .github/workflows/ci.yml; "
        'proposed answer: "automated"\n  tests:\n' in written
    )
    assert yaml.safe_load(written)["answers"]["tests"] is None


def test_assess_scan_offers_each_proposal_as_the_default(tmp_path: Path) -> None:
    q, repo = _setup(tmp_path)
    out = tmp_path / "answers.yaml"
    args = ["assess", "-q", str(q), "--scan", str(repo), "-o", str(out), "--subject", "T"]
    # assessor; Enter keeps the proposed tracking answer; tests: automated; people: 4
    result = CliRunner().invoke(app, args, input="me\n\n3\n4\n")
    assert result.exit_code == 0, result.output
    assert "Proposed by maturity scan (medium confidence): requirements.txt:2" in result.output
    assert "Enter keeps: Yes" in result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["answers"]["tracking"] is True
    assert data["answers"]["tests"] == "automated"
