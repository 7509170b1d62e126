"""Every key of the questionnaire format is documented and in the JSON Schema."""

from __future__ import annotations

import re
from pathlib import Path

import msgspec

from maturity_cli.questionnaire import spec
from maturity_cli.validation.schemas import json_schema

DOC = (Path(__file__).resolve().parents[2] / "docs" / "questionnaire-format.md").read_text(
    encoding="utf-8"
)
STRUCTS = [
    v
    for v in vars(spec).values()
    if isinstance(v, type) and issubclass(v, msgspec.Struct) and v.__module__ == spec.__name__
]


def test_every_key_is_documented() -> None:
    assert len(STRUCTS) >= 10
    missing = [
        f"{cls.__name__}.{f.encode_name}"
        for cls in STRUCTS
        for f in msgspec.structs.fields(cls)
        if not re.search(rf"`{re.escape(f.encode_name)}`", DOC)
    ]
    assert not missing


def test_the_json_schema_has_the_new_keys() -> None:
    defs = json_schema("questionnaire")["$defs"]
    assert "defaults" in defs["QuestionnaireFile"]["properties"]
    assert {"tags", "points"} <= set(defs["Question"]["properties"])
    assert "applies" in defs["Criterion"]["properties"]
    assert "applies" in defs["Framework"]["properties"]
    assert set(defs["NumberPoints"]["properties"]) == {"points", "below", "at_least"}
    assert set(defs["QuestionDefaults"]["properties"]) == {"allow_unknown", "allow_na"}
