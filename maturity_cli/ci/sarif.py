"""SARIF 2.1.0 for code scanning (``maturity check --sarif FILE``).

Mapping (documented in ``docs/ci.md``):

* one run, tool ``maturity-cli``, one rule per target kind (``maturity/framework``,
  ``maturity/dimension``, ``maturity/criterion``, ``maturity/max_age``,
  ``maturity/regression``) plus ``maturity/invalid-file``;
* one result per missed target per answers file: level ``error`` for an
  error-level miss, ``warning`` for a warning-level one; a waived miss is a
  result with an external suppression giving the waiver's reason;
* each result is located at the line of the first answer that bears on the miss,
  else at the target's line in the policy, else at the answers file; paths are
  relative to the repository root (``uriBaseId`` ``%SRCROOT%``).
"""

from __future__ import annotations

import hashlib
from typing import Any

import msgspec

from maturity_cli import __version__
from maturity_cli.ci.locate import Locations, Spot
from maturity_cli.ci.outcome import CheckEnd, Outcome
from maturity_cli.ci.spool import JsonList, Output
from maturity_cli.text import xml_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

_RULES = {
    "framework": "A framework level required by the policy",
    "dimension": "A dimension level required by the policy",
    "criterion": "A criterion the policy requires to be met",
    "max_age": "The assessment is recent enough",
    "regression": "No level or criterion lost since the baseline",
    "invalid-file": "The answers file can be read and scored",
}
_KINDS = list(_RULES)
_LEVELS = {"fail": "error", "error-stale": "error", "warn": "warning", "waived": "warning"}


def _rule(kind: str) -> dict[str, Any]:
    return {
        "id": f"maturity/{kind}",
        "name": kind.replace("-", "_"),
        "shortDescription": {"text": _RULES[kind]},
        "defaultConfiguration": {"level": "error"},
    }


def _location(spot: Spot) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": spot.file, "uriBaseId": "%SRCROOT%"}}
    if spot.line is not None:
        region: dict[str, int] = {"startLine": spot.line}
        if spot.column is not None:
            region["startColumn"] = spot.column
        physical["region"] = region
    return {"physicalLocation": physical}


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def _result(o: Outcome, spot: Spot, index: int) -> dict[str, Any]:
    text = f"{o.subject}: {o.label}: required {o.required}, actual {o.actual}"
    if o.advice:
        text += f". To do: {o.advice}"
    result: dict[str, Any] = {
        "ruleId": f"maturity/{o.kind}",
        "ruleIndex": index,
        "level": _LEVELS[o.status],
        "message": {"text": xml_text(text)},
        "locations": [_location(spot)],
        "partialFingerprints": {"maturityTarget/v1": _fingerprint(spot.file, o.target, o.kind)},
        "properties": {
            "subject": xml_text(o.subject),
            "target": o.target,
            "status": o.status,
            "criteria": o.criteria,
        },
    }
    if o.status == "waived" and o.waiver is not None:
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": xml_text(o.waiver.reason)}
        ]
    return result


class SarifWriter:
    """A SARIF 2.1.0 log written as outcomes arrive: one result per miss, then bad files."""

    def __init__(self, where: Locations) -> None:
        self.where = where
        self.results = JsonList(depth=4)  # $.runs[0].results[*]

    def add(self, o: Outcome) -> None:
        """One outcome: a result if it is a miss (waived or not)."""
        if o.status in _LEVELS:
            self.results.add(_result(o, self.where.outcome(o), _KINDS.index(o.kind)))

    def finish(self, end: CheckEnd, out: Output) -> None:
        """Write the log, with a result for each file that could not be checked."""
        for e in end.errors:
            spot = Spot(self.where.relative(e.source), e.line, e.column)
            self.results.add(
                {
                    "ruleId": "maturity/invalid-file",
                    "ruleIndex": _KINDS.index("invalid-file"),
                    "level": "error",
                    "message": {
                        "text": xml_text(e.message + (f" (hint: {e.hint})" if e.hint else ""))
                    },
                    "locations": [_location(spot)],
                }
            )
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "maturity-cli",
                            "version": __version__,
                            "rules": [_rule(k) for k in _KINDS],
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "results": [],
                }
            ],
        }
        document = msgspec.json.format(msgspec.json.encode(log), indent=2)
        out.write(self.results.splice(document, b'"results": []', out) + b"\n")

    def close(self) -> None:
        self.results.close()
