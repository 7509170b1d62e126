"""Advice that never contradicts itself: which applying recommendations give way, and why.

Three rules, applied in this order to the recommendations whose ``when`` holds:

1. **Ladders: the next rung only.** A "do" whose prerequisite of the same topic
   also applies waits for it: the prerequisite is the next rung.
2. **Do wins over hold off.** When a "do" and a "hold off" of one topic both
   apply, the "hold off" gives way (the questionnaire's rules should make them
   exclusive; ``maturity validate`` checks what it can).
3. **A next-level gap wins over a hold off.** When the next level of a framework
   needs a criterion that advice on the hold-off's topic addresses, the framework
   itself says the investment is due, so the hold off gives way.

Everything set aside is returned with its reason, and the result lists it.
"""

from __future__ import annotations

from maturity_cli.questionnaire.loader import Questionnaire, RecommendationDef
from maturity_cli.scoring.result import CriterionResult, SetAsideRecommendation
from maturity_cli.vocabulary import as_clause


def resolve(
    q: Questionnaire, applying: list[RecommendationDef], gaps: dict[str, CriterionResult]
) -> tuple[list[RecommendationDef], list[SetAsideRecommendation]]:
    """Split the applying advice into what is given and what gives way (with reasons)."""
    by_id = {r.id: r for r in applying}
    reasons: dict[str, str] = {}
    rungs = _rungs(q)
    for r in applying:
        before = rungs.get(r.id)
        if before is None:
            continue
        rung = next((by_id[p] for p in before if p in by_id), None)
        if rung is not None:
            reasons[r.id] = f"the step before it on this topic comes first: {rung.spec.title}"
    doing = {r.spec.topic: r for r in applying if r.spec.kind == "do" and r.id not in reasons}
    addressed = _addressed_by_topic(q)
    for r in applying:
        if r.spec.kind != "hold_off" or not r.spec.topic:
            continue
        if r.spec.topic in doing:
            reasons[r.id] = (
                f"advice on the same topic applies and comes first: {doing[r.spec.topic].spec.title}"
            )
            continue
        # The first unmet next-level criterion that advice on this topic addresses.
        crit = next((gaps[c] for c in addressed[r.spec.topic] if c in gaps), None)
        if crit is not None:
            reasons[r.id] = (
                f"the next level needs it: {as_clause(crit.text)} "
                f"(level {crit.level}); closing a next-level gap comes before holding off"
            )
    kept = [r for r in applying if r.id not in reasons]
    set_aside = [
        SetAsideRecommendation(
            id=r.id, title=r.spec.title, kind=r.spec.kind, topic=r.spec.topic, reason=reasons[r.id]
        )
        for r in applying
        if r.id in reasons
    ]
    return kept, set_aside


def _rungs(q: Questionnaire) -> dict[str, tuple[str, ...]]:
    """For each "do" with a topic, its prerequisites on the same topic (in order)."""
    memo = q.memo("rungs")
    found: dict[str, tuple[str, ...]] | None = memo.get("all")
    if found is None:
        topic = {r.id: r.spec.topic for r in q.recommendations}
        found = memo["all"] = {
            r.id: same
            for r in q.recommendations
            if r.spec.kind == "do" and r.spec.topic
            for same in [tuple(p for p in r.spec.prerequisites if topic.get(p) == r.spec.topic)]
            if same
        }
    return found


def _addressed_by_topic(q: Questionnaire) -> dict[str, tuple[str, ...]]:
    """Per topic, the criteria its advice addresses, in order."""
    memo = q.memo("addressed by topic")
    found: dict[str, tuple[str, ...]] | None = memo.get("all")
    if found is None:
        topics: dict[str, list[str]] = {}
        for r in q.recommendations:
            if r.spec.topic:
                topics.setdefault(r.spec.topic, []).extend(r.spec.addresses)
        found = memo["all"] = {t: tuple(cs) for t, cs in topics.items()}
    return found
