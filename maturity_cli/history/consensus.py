"""Several respondents per team, scored: one consensus result per team.

Answers files about the same subject and questionnaire are combined with
:func:`maturity_cli.answers.merge.merge_answers` and scored once; a team with
one file is scored as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from maturity_cli.answers.loader import Answers
from maturity_cli.answers.merge import Merged, Rule, merge_answers
from maturity_cli.scoring.engine import score
from maturity_cli.scoring.result import Result


class TeamConsensus(msgspec.Struct, frozen=True):
    """One team's result, and its respondents' spread when there were several."""

    result: Result
    merged: Merged | None


def score_consensus(respondents: Sequence[Answers], rule: Rule) -> list[TeamConsensus]:
    """One result per (questionnaire, subject), in the order teams first appear.

    A combined team's ``source`` lists its files joined by `` + ``.
    """
    groups: dict[tuple[str, str], list[Answers]] = {}
    for answers in respondents:
        groups.setdefault((answers.questionnaire.id, answers.subject), []).append(answers)
    out: list[TeamConsensus] = []
    for group in groups.values():
        if len(group) == 1:
            out.append(TeamConsensus(score(group[0]), None))
            continue
        merged = merge_answers(group, rule)
        combined = msgspec.structs.replace(
            merged.answers, source=" + ".join(a.source for a in group)
        )
        out.append(TeamConsensus(score(combined), merged))
    return out
