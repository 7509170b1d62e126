"""Where several respondents disagree: the context of the report section of that name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from maturity_cli.answers.merge import Merged


def disagreement_context(merged: Sequence[Merged], *, team: bool) -> dict[str, Any] | None:
    """Per combined team: respondents, how many questions differ, the flagged ones, per dimension."""
    if not merged:
        return None
    teams = [
        {
            "subject": m.answers.subject,
            "rule": m.rule,
            "respondents": m.respondents,
            "questions": len(m.questions),
            "differ": sum(q.spread > 0 for q in m.questions),
            "flagged": m.flagged,
            "dimensions": [d for d in m.dimensions if d.questions],
        }
        for m in merged
    ]
    return {"kind": "team" if team else "organisation", "teams": teams}
