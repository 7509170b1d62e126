"""Regressions against a baseline: match old results to new ones, list what was lost.

A baseline result is matched to a checked result by questionnaire id *and*
subject, never by position: a file whose subject has no baseline is reported
("no baseline for ..."), and so is a baseline whose subject no checked file has.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import msgspec

from maturity_cli.ci.diff import AnswerChange, diff_results, level_text
from maturity_cli.ci.outcome import Outcome, Status
from maturity_cli.ci.policy import Severity
from maturity_cli.errors import MaturityError
from maturity_cli.questionnaire.definitions import Questionnaire
from maturity_cli.questionnaire.loader import load_questionnaire
from maturity_cli.scoring.compact import Catalog, CompactResult, catalog, compact
from maturity_cli.scoring.join import expand
from maturity_cli.scoring.result import Result


def _key(result: Result) -> tuple[str, str]:
    return (result.questionnaire.id, result.subject)


class Baselines:
    """Baseline results by questionnaire and subject, matched one checked result at a time.

    Each is kept in the compact form (msgpack bytes, about a tenth of a full
    result) when its questionnaire version is at hand, so a baseline of
    thousands of teams fits in memory; it is expanded again when matched.
    """

    def __init__(self, baseline: Iterable[Result]) -> None:
        self.by_key: dict[tuple[str, str], tuple[str, bytes | Result]] = {}
        self.warnings: list[str] = []
        self.used: set[tuple[str, str]] = set()
        self.packer = _Packer()
        for b in baseline:
            first = self.by_key.get(_key(b))
            if first is None:
                self.by_key[_key(b)] = (b.source, self.packer.pack(b))
            else:
                self.warnings.append(
                    f"baseline {b.source}: subject {b.subject!r} is also in "
                    f"{first[0]}; the first one is used"
                )

    def match(self, result: Result) -> tuple[Result | None, str | None]:
        """The baseline of ``result`` (or ``None``, with a warning when there are baselines)."""
        key = _key(result)
        found = self.by_key.get(key)
        if found is not None:  # only baselines are remembered: a check may see millions
            self.used.add(key)
        if found is None and self.by_key:
            return None, (
                f"no baseline for {result.subject!r} ({result.source}, questionnaire "
                f"{result.questionnaire.id!r}): regressions not checked"
            )
        return (None if found is None else self.packer.unpack(found[1])), None

    def unmatched(self) -> list[str]:
        """Warnings for baselines no checked result matched."""
        return [
            f"baseline {source}: no checked file has subject {key[1]!r} (questionnaire {key[0]!r})"
            for key, (source, _) in self.by_key.items()
            if key not in self.used
        ]


class _Packer:
    """Results to compact msgpack bytes and back, with each questionnaire loaded once."""

    def __init__(self) -> None:
        self.questionnaires: dict[tuple[str, str], tuple[Questionnaire, Catalog] | None] = {}
        self.encode = msgspec.msgpack.Encoder().encode
        self.decode = msgspec.msgpack.Decoder(CompactResult).decode

    def _of(self, qid: str, version: str) -> tuple[Questionnaire, Catalog] | None:
        key = (qid, version)
        if key not in self.questionnaires:
            try:
                q = load_questionnaire(qid)
            except MaturityError:
                q = None
            ok = q is not None and q.version == version
            self.questionnaires[key] = (q, catalog(q)) if ok and q is not None else None
        return self.questionnaires[key]

    def pack(self, result: Result) -> bytes | Result:
        found = self._of(result.questionnaire.id, result.questionnaire.version)
        return result if found is None else self.encode(compact(result, found[0]))

    def unpack(self, packed: bytes | Result) -> Result:
        if isinstance(packed, Result):
            return packed
        record = self.decode(packed)
        found = self._of(record.questionnaire.id, record.questionnaire.version)
        assert found is not None  # it was packed with it
        return expand(record, found[1])


def match_baselines(
    results: Sequence[Result], baseline: Sequence[Result]
) -> tuple[list[Result | None], list[str]]:
    """The baseline of each result (or ``None``) and warnings about unmatched ones."""
    index = Baselines(baseline)
    matched: list[Result | None] = []
    late: list[str] = []
    for result in results:
        old, warning = index.match(result)
        matched.append(old)
        late += [warning] if warning else []
    return matched, index.warnings + late + index.unmatched()


def _changed(changes: list[AnswerChange], dimension: str | None) -> list[AnswerChange]:
    near = [a for a in changes if dimension is None or a.dimension == dimension]
    return near or changes


def _because(changes: list[AnswerChange]) -> str:
    if not changes:
        return "no answer changed (the questionnaire may have changed)"
    return "answers changed: " + "; ".join(f"{a.title}: {a.old} → {a.new}" for a in changes)


def regressions(old: Result, new: Result, severity: Severity) -> list[Outcome]:
    """One outcome per level down or criterion lost (or one passing outcome)."""
    d = diff_results(old, new)
    status: Status = "fail" if severity == "error" else "warn"
    base = {"source": new.source, "subject": new.subject, "kind": "regression"}
    out: list[Outcome] = []
    for c in d.levels_down:
        answers = _changed(d.answers_changed, c.dimension)
        out.append(
            Outcome(
                **base,  # type: ignore[arg-type]
                severity=severity,
                target=c.key,
                label=f"no regression: {c.key} level",
                required=f"≥ {level_text(c.old, c.old_name)} (baseline)",
                actual=level_text(c.new, c.new_name),
                status=status,
                advice=f"level dropped since {old.source}; {_because(answers)}",
                criteria=[x.id for x in d.criteria_lost if x.framework == c.framework],
                questions=[a.question for a in answers],
            )
        )
    for x in d.criteria_lost:
        answers = _changed(d.answers_changed, x.dimension)
        out.append(
            Outcome(
                **base,  # type: ignore[arg-type]
                severity=severity,
                target=x.id,
                label=f"no regression: criterion {x.id}",
                required="met (baseline)",
                actual="not met",
                status=status,
                advice=f"criterion lost since {old.source}: {x.text}; {_because(answers)}",
                criteria=[x.id],
                questions=[a.question for a in answers],
            )
        )
    if not out:
        out.append(
            Outcome(
                **base,  # type: ignore[arg-type]
                severity=severity,
                target="baseline",
                label=f"no regression since {old.source}",
                required="no level or criterion lost",
                actual="none lost",
                status="pass",
            )
        )
    return out
