"""History from git: score every committed version of answers files into timelines.

Each distinct blob is read and scored once (a monorepo's files share many
versions, and an unchanged file keeps its blob across commits). A version that
cannot be scored is kept in the timeline with its problems; it never stops the
rest.
"""

from __future__ import annotations

from pathlib import Path

from maturity_cli.answers.loader import parse_answers
from maturity_cli.errors import InvalidFile, MaturityError, Problem
from maturity_cli.history.git import Tracked, Version, read_blobs, tracked_files, versions
from maturity_cli.history.timeline import Origin, Series, build_series
from maturity_cli.load.kinds import detect_kind
from maturity_cli.load.reader import parse_document
from maturity_cli.questionnaire.loader import Questionnaire, load_questionnaire
from maturity_cli.scoring.engine import score
from maturity_cli.scoring.result import Result

Outcome = tuple[Result | MaturityError, str | None]


class _Scorer:
    """Scores blobs, remembering each (blob, folder) so it is scored once."""

    def __init__(self, questionnaire_ref: str | None) -> None:
        self.questionnaire: Questionnaire | None = (
            load_questionnaire(questionnaire_ref) if questionnaire_ref else None
        )
        self.done: dict[tuple[str, str], Outcome] = {}
        self.scored = 0

    def outcome(self, tracked: Tracked, version: Version, data: bytes | None) -> Outcome:
        folder = str(Path(version.path).parent)
        key = (version.blob, folder)
        cached = self.done.get(key)
        if cached is None:
            cached = self._score(tracked, version, data)
            self.done[key] = cached
        return cached

    def _score(self, tracked: Tracked, version: Version, data: bytes | None) -> Outcome:
        name = f"{version.path}@{version.commit[:12]}"
        if data is None:
            return InvalidFile(Problem("file is larger than 10 MB", file=name)), None
        self.scored += 1
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return InvalidFile(Problem("file is not UTF-8 text", file=name)), None
        try:
            answers = parse_answers(
                text, name, self.questionnaire, base=tracked.root / Path(version.path).parent
            )
            return score(answers), answers.answered_version
        except MaturityError as exc:
            return exc, None


def _is_answers_file(data: bytes | None, name: str) -> bool:
    if data is None:
        return False
    try:
        return detect_kind(parse_document(data.decode("utf-8-sig"), name)) == "answers"
    except (MaturityError, UnicodeDecodeError):
        return False


def git_history(
    inputs: list[Path], questionnaire_ref: str | None = None
) -> tuple[list[Series], list[Problem], int]:
    """Timelines of the answers files given (folders: their tracked answers files).

    Returns the timelines, problems with inputs that have no history, and how many
    distinct versions were scored.
    """
    scorer = _Scorer(questionnaire_ref)
    found: list[Series] = []
    problems: list[Problem] = []
    for tracked in tracked_files(inputs):
        history = versions(tracked.root, tracked.path)
        if not history:
            if tracked.explicit:
                problems.append(
                    Problem(
                        "no committed version", file=tracked.shown, hint="commit the file first"
                    )
                )
            continue
        blobs = read_blobs(tracked.root, [v.blob for v in history])
        newest_first = (blobs[v.blob] for v in reversed(history))
        if not tracked.explicit and not any(
            _is_answers_file(b, tracked.path) for b in newest_first
        ):
            continue  # a questionnaire, policy or other file in the folder
        entries: list[tuple[Origin, Result | MaturityError]] = []
        previous = None
        for version in history:
            if version.blob == previous:
                continue  # a rename that kept the content: nothing to score
            previous = version.blob
            outcome, answered = scorer.outcome(tracked, version, blobs[version.blob])
            origin = Origin(
                date=version.date,
                ref=version.commit,
                source=version.path,
                answered_version=answered,
            )
            entries.append((origin, outcome))
        found.append(build_series(tracked.shown, entries))
    return found, problems, scorer.scored
