"""Compact results: joined with the questionnaire's catalog they give back the full result."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import msgspec
import pytest
from typer.testing import CliRunner

from maturity_cli.cli import app
from maturity_cli.errors import UsageError
from maturity_cli.scoring.compact import Catalog, CompactResult
from maturity_cli.scoring.join import expand
from maturity_cli.scoring.result import to_json

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(str(p) for p in (ROOT / "examples").glob("*.yaml"))


def _cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def test_compact_joined_with_the_catalog_is_the_full_result() -> None:
    full = _lines(_cli("score", *EXAMPLES, "--format", "jsonl"))
    short = _lines(_cli("score", *EXAMPLES, "--format", "jsonl", "--compact"))
    assert len(full) == len(short) == len(EXAMPLES)
    catalogs: dict[str, Catalog] = {}
    for whole, record in zip(full, short, strict=True):
        qid = record["questionnaire"]["id"]  # type: ignore[index]
        if qid not in catalogs:
            text = _cli("questions", qid, "--format", "json", "--full")
            catalogs[qid] = msgspec.json.decode(text, type=Catalog)
        joined = expand(msgspec.convert(record, CompactResult), catalogs[qid])
        assert json.loads(to_json(joined)) == whole
        assert len(json.dumps(record)) * 3 < len(json.dumps(whole))


def test_a_consumer_joins_texts_from_plain_json() -> None:
    # What a script in any language does: look texts up by id in the catalog.
    example = str(ROOT / "examples" / "model-cicd.yaml")
    whole = json.loads(_cli("score", example, "--format", "json"))
    record = json.loads(_cli("score", example, "--format", "json", "--compact"))
    qid = record["questionnaire"]["id"]
    catalog = json.loads(_cli("questions", qid, "--format", "json", "--full"))
    assert catalog["questionnaire"]["version"] == record["questionnaire"]["version"]
    titles = {r["id"]: r["title"] for r in catalog["recommendations"]}
    assert [titles[r["id"]] for r in record["recommendations"]] == [
        r["title"] for r in whole["recommendations"]
    ]
    texts = {q["id"]: q["text"] for q in catalog["questions"]}
    assert [texts[qid] for qid in record["answers"]] == [a["text"] for a in whole["answers"]]
    for fw, fw_full in zip(catalog["frameworks"], whole["frameworks"], strict=False):
        criteria = {c["id"]: c["text"] for c in fw["criteria"]}
        assert [criteria[c["id"]] for c in fw_full["criteria"]] == [
            c["text"] for c in fw_full["criteria"]
        ]
    assert "text" not in json.dumps(record["answers"])


def test_compact_records_and_catalogs_follow_their_schemas() -> None:
    record = json.loads(_cli("score", EXAMPLES[0], "--format", "json", "--compact"))
    jsonschema.validate(record, json.loads(_cli("schema", "compact-result")))
    catalog = json.loads(_cli("questions", record["questionnaire"]["id"], "-f", "json", "--full"))
    jsonschema.validate(catalog, json.loads(_cli("schema", "catalog")))


def test_compact_needs_a_json_format() -> None:
    result = CliRunner().invoke(app, ["score", EXAMPLES[0], "--compact"])
    assert result.exit_code == 2
    assert "--compact needs --format json or jsonl" in result.output


def test_a_catalog_of_another_version_is_refused() -> None:
    record = json.loads(_cli("score", EXAMPLES[0], "--format", "json", "--compact"))
    catalog = msgspec.json.decode(
        _cli("questions", record["questionnaire"]["id"], "-f", "json", "--full"), type=Catalog
    )
    other = msgspec.structs.replace(
        catalog,
        questionnaire=msgspec.structs.replace(catalog.questionnaire, version="0.0.0-other"),
    )
    with pytest.raises(UsageError) as caught:
        expand(msgspec.convert(record, CompactResult), other)
    assert "0.0.0-other" in caught.value.problems[0].message


def test_the_group_survives_the_compact_form(tmp_path: Path) -> None:
    example = Path(EXAMPLES[0])
    grouped = tmp_path / example.name
    grouped.write_text(example.read_text(encoding="utf-8") + "group: Payments\n", "utf-8")
    whole = json.loads(_cli("score", str(grouped), "--format", "json"))
    record = json.loads(_cli("score", str(grouped), "--format", "json", "--compact"))
    assert whole["group"] == record["group"] == "Payments"
    text = _cli("questions", record["questionnaire"]["id"], "--format", "json", "--full")
    joined = expand(msgspec.convert(record, CompactResult), msgspec.json.decode(text, type=Catalog))
    assert json.loads(to_json(joined)) == whole
