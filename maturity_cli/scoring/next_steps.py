"""What stands between a team and its next level, in words, and which advice unlocks it.

Every output shows, under a framework's level, one sentence such as "2 things
stand between you and level 2 (Automated Training): experiments are tracked
centrally; trained models are versioned. Start with: Track experiments." so a
low level next to good practices reads as a fact, not a shock.
"""

from __future__ import annotations

import msgspec

from maturity_cli.questionnaire.loader import Questionnaire
from maturity_cli.rules.types import ResultRef
from maturity_cli.scoring.result import (
    AppliedRecommendation,
    CriterionResult,
    FrameworkResult,
    NextLevel,
    Unlock,
)
from maturity_cli.vocabulary import as_clause


def reachable_gaps(
    q: Questionnaire, frameworks: list[FrameworkResult]
) -> dict[str, CriterionResult]:
    """Unmet criteria of next levels that answers alone can close, by criterion id.

    A next level whose unmet criteria wait on another result (a rule using
    ``level()``, ``score()`` or ``met()``) is not reachable by the next step, so
    its gaps do not lift advice in priority.
    """
    waits = _criteria_waiting_on_results(q)
    gaps: dict[str, CriterionResult] = {}
    for fw in frameworks:
        nxt = fw.next_level
        if nxt is None or any(c.id in waits for c in nxt.unmet):
            continue
        gaps.update((c.id, c) for c in nxt.unmet)
    return gaps


def _criteria_waiting_on_results(q: Questionnaire) -> frozenset[str]:
    memo = q.memo("criteria waiting on results")
    found = memo.get("ids")
    if found is None:
        found = memo["ids"] = frozenset(
            c.id
            for fw in q.frameworks
            for c in fw.criteria
            if any(
                isinstance(r, ResultRef) and r.kind in ("level", "score", "met")
                for r in c.rule.compiled.refs
            )
        )
    return found


def annotate(
    q: Questionnaire,
    frameworks: list[FrameworkResult],
    recommendations: list[AppliedRecommendation],
) -> tuple[list[FrameworkResult], list[AppliedRecommendation]]:
    """Frameworks with their next-level sentence, and advice tagged with what it unlocks."""
    waits = _criteria_waiting_on_results(q)
    unlocks: dict[str, list[Unlock]] = {}
    out_fws = []
    for fw in frameworks:
        nxt = fw.next_level
        if nxt is None:
            out_fws.append(fw)
            continue
        unmet = {c.id for c in nxt.unmet}
        opening = [
            r for r in recommendations if r.kind == "do" and not unmet.isdisjoint(r.addresses)
        ]
        unlock = Unlock(
            framework=fw.id, framework_title=fw.title, level=nxt.level, level_name=nxt.name
        )
        for r in opening:
            unlocks.setdefault(r.id, []).append(unlock)
        first = opening[0] if opening else None
        reachable = not any(c.id in waits for c in nxt.unmet)
        summary = _summary(q, fw, nxt, first.title if first else None)
        out_fws.append(
            msgspec.structs.replace(
                fw,
                next_level=msgspec.structs.replace(
                    nxt,
                    summary=summary,
                    unlocked_by=first.id if first else None,
                    reachable=reachable,
                ),
            )
        )
    out_recs = [
        msgspec.structs.replace(r, unlocks=unlocks[r.id]) if r.id in unlocks else r
        for r in recommendations
    ]
    return out_fws, out_recs


def _listed(q: Questionnaire, unmet: list[CriterionResult]) -> str:
    """The unmet criteria as clauses, remembered by their texts."""
    memo = q.memo("unmet criteria listed")
    key = tuple([c.text for c in unmet])
    found: str | None = memo.get(key)
    if found is None:
        found = memo[key] = "; ".join(as_clause(text) for text in key)
    return found


def _summary(q: Questionnaire, fw: FrameworkResult, nxt: NextLevel, start: str | None) -> str:
    target = f"level {nxt.level} ({nxt.name})"
    if nxt.unmet:
        n = len(nxt.unmet)
        things = "1 thing stands" if n == 1 else f"{n} things stand"
        text = f"{things} between you and {target}: {_listed(q, nxt.unmet)}."
    elif nxt.requirement:
        need = nxt.requirement.removeprefix("score ")
        unit = "%" if fw.style == "percentage" else ""
        text = f"To reach {target}, the score must be {need}; it is now {fw.score:g}{unit}."
    else:
        return ""
    return text + (f" Start with: {start}." if start else "")
