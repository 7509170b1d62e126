"""``maturity check --format json``, written as outcomes arrive.

The document is exactly ``to_json`` of the whole :class:`CheckReport` (plus, with
``--scan``/``--evidence``, an ``evidence`` list of each assessment's claims), but
it is never held whole: outcomes and claims are formatted one by one into
temporary files and spliced into the rest of the report once the check ends.
"""

from __future__ import annotations

from typing import Any

import msgspec

from maturity_cli.ci.outcome import CheckEnd, Outcome
from maturity_cli.ci.spool import JsonList, Output


class JsonWriter:
    """The check report as indented JSON; ``evidence`` adds the list of claims at the end."""

    def __init__(self, *, evidence: bool = False) -> None:
        self.outcomes = JsonList(depth=2)  # $.outcomes[*]
        self.evidence = JsonList(depth=2) if evidence else None  # $.evidence[*]

    def add(self, o: Outcome) -> None:
        """One outcome, in the order they come."""
        self.outcomes.add(o)

    def add_evidence(self, item: object) -> None:
        """One assessment's claims (a ``scoring.claims.EvidenceCheck``), in file order."""
        assert self.evidence is not None, "JsonWriter(evidence=True) takes claims"
        self.evidence.add(item)

    def finish(self, end: CheckEnd, out: Output) -> None:
        """Write the document."""
        data: Any = end.report([])
        if self.evidence is not None:
            data = {**msgspec.to_builtins(data), "evidence": []}
        document = msgspec.json.format(msgspec.json.encode(data), indent=2)
        rest = self.outcomes.splice(document, b'"outcomes": []', out)
        if self.evidence is not None:
            rest = self.evidence.splice(rest, b'"evidence": []', out, last=True)
        out.write(rest + b"\n")

    def close(self) -> None:
        self.outcomes.close()
        if self.evidence is not None:
            self.evidence.close()
