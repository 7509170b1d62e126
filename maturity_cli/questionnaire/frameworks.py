"""Check a questionnaire's frameworks: levels, thresholds, criteria, scored questions.

Besides references, the checks here are about meaning: a gated level above the
lowest needs a criterion (or every team would reach it), thresholds strictly rise
and lie within what the style can reach, level numbers are distinct and ascending,
weights are finite and non-negative. A level that no answers can reach, where that
is cheap to decide, is a warning.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Protocol

from maturity_cli.load.reader import PathItem
from maturity_cli.questionnaire import spec as model
from maturity_cli.questionnaire.definitions import CriterionDef, FrameworkDef, QuestionDef
from maturity_cli.rules.rule import Rule
from maturity_cli.rules.types import Env, QuestionSig, Scope


class Reporter(Protocol):
    """The parts of the questionnaire checker this module reports through."""

    spec: model.QuestionnaireFile
    skipped: set[tuple[str, int]]

    def fail(self, message: str, path: Sequence[PathItem], hint: str | None = None) -> None: ...

    def warn(self, message: str, path: Sequence[PathItem]) -> None: ...

    def known(
        self, value: str, options: Iterable[str], what: str, path: Sequence[PathItem]
    ) -> bool: ...

    def rule(self, text: str, scope: Scope, path: Sequence[PathItem]) -> Rule | None: ...

    def duplicate(
        self, what: str, ident: str, first: Sequence[PathItem], again: Sequence[PathItem]
    ) -> None: ...

    def citations(
        self, sources: list[model.Citation], refs: set[str], path: list[PathItem]
    ) -> None: ...


def _bound(lv: model.Level) -> float | None:
    return lv.above if lv.above is not None else lv.at_least


class FrameworkChecker:
    """Checks every framework in file order; later ones may use earlier results."""

    def __init__(
        self,
        chk: Reporter,
        dims: set[str],
        refs: set[str],
        questions: dict[str, QuestionDef],
        sigs: dict[str, QuestionSig],
    ) -> None:
        self.chk, self.dims, self.refs = chk, dims, refs
        self.questions, self.sigs = questions, sigs
        spec = chk.spec
        self.all_fws = frozenset(f.id for f in spec.frameworks)
        self.all_crit = frozenset(
            c.id for f in spec.frameworks for lv in f.levels for c in lv.criteria
        )
        self.done: dict[str, frozenset[str]] = {}
        self.done_crit: set[str] = set()
        self.seen_crit: dict[str, list[PathItem]] = {}

    def check_all(self) -> list[FrameworkDef]:
        out: list[FrameworkDef] = []
        for i, fw in enumerate(self.chk.spec.frameworks):
            if ("frameworks", i) not in self.chk.skipped:
                out.append(self._framework(i, fw))
        return out

    def _framework(self, i: int, fw: model.Framework) -> FrameworkDef:
        chk = self.chk
        base: list[PathItem] = ["frameworks", i]
        fw_dims = (
            tuple(fw.dimensions)
            if fw.dimensions is not None
            else tuple(d.id for d in chk.spec.dimensions)
        )
        for j, d in enumerate(fw.dimensions or []):
            chk.known(d, self.dims, "dimension", [*base, "dimensions", j])
        for j, r in enumerate(fw.references):
            chk.known(r, self.refs, "reference", [*base, "references", j])
        numbers = [lv.level for lv in fw.levels]
        if numbers != sorted(set(numbers)):
            chk.fail(
                "levels must be listed from lowest to highest, each number once",
                [*base, "levels"],
                f"the level numbers here are {', '.join(map(str, numbers))}",
            )
        scope = Scope(
            self.sigs,
            dict(self.done),
            frozenset(self.done_crit),
            self.all_fws,
            self.all_crit,
            where="a level criterion",
        )
        applies = self._applies(fw, base, fw_dims, scope)
        if fw.style == "gated":
            criteria = self._gated_levels(fw, base, fw_dims, scope)
            fw_questions: tuple[str, ...] = self._no_questions(fw, base)
        else:
            criteria = []
            fw_questions = self._scored_questions(fw, i, fw_dims)
            self._bands(fw, base, self._most(fw, fw_questions, fw_dims))
        self.done[fw.id] = frozenset(fw_dims)
        self.done_crit.update(c.id for c in criteria)
        return FrameworkDef(fw, fw_dims, fw_questions, tuple(criteria), applies)

    def _applies(
        self, fw: model.Framework, base: list[PathItem], fw_dims: tuple[str, ...], scope: Scope
    ) -> dict[str, Rule]:
        out: dict[str, Rule] = {}
        for dim, text in fw.applies.items():
            path = [*base, "applies", dim]
            if self.chk.known(dim, fw_dims, "dimension of this framework", path):
                rule = self.chk.rule(text, scope, path)
                if rule is not None:
                    out[dim] = rule
        return out

    def _gated_levels(
        self, fw: model.Framework, base: list[PathItem], fw_dims: tuple[str, ...], scope: Scope
    ) -> list[CriterionDef]:
        chk = self.chk
        criteria: list[CriterionDef] = []
        for j, lv in enumerate(fw.levels):
            lpath: list[PathItem] = [*base, "levels", j]
            if lv.above is not None or lv.at_least is not None:
                chk.fail("gated levels are reached by criteria, not by above/at_least", lpath)
            if j == 0 and lv.criteria:
                chk.fail(
                    "the lowest level is where every team starts; it cannot have criteria",
                    [*lpath, "criteria"],
                    "add a level below it, or move these criteria up one level",
                )
            elif j > 0 and not lv.criteria:
                chk.fail(
                    f"level {lv.level} ({lv.name}) has no criteria, so every team would reach it",
                    lpath,
                    "give it at least one criterion, or remove the level",
                )
            for k, c in enumerate(lv.criteria):
                made = self._criterion(c, lv, fw, [*lpath, "criteria", k], fw_dims, scope)
                if made is not None:
                    criteria.append(made)
        return criteria

    def _criterion(
        self,
        c: model.Criterion,
        lv: model.Level,
        fw: model.Framework,
        cpath: list[PathItem],
        fw_dims: tuple[str, ...],
        scope: Scope,
    ) -> CriterionDef | None:
        chk = self.chk
        if c.id in self.seen_crit:
            chk.duplicate("criterion", c.id, self.seen_crit[c.id], [*cpath, "id"])
            return None
        self.seen_crit[c.id] = [*cpath, "id"]
        if c.dimension is not None:
            chk.known(c.dimension, fw_dims, "dimension of this framework", [*cpath, "dimension"])
        chk.citations(c.sources, self.refs, [*cpath, "sources"])
        rule = chk.rule(c.rule, scope, [*cpath, "rule"])
        applies = None if c.applies is None else chk.rule(c.applies, scope, [*cpath, "applies"])
        if rule is None:
            return None
        if not rule.compiled.refs and not rule.holds(Env({}, {})):
            chk.warn(
                f"level {lv.level} ({lv.name}) can never be reached: "
                f"criterion {c.id!r} never holds",
                [*cpath, "rule"],
            )
        return CriterionDef(c, lv.level, fw.id, rule, applies)

    def _no_questions(self, fw: model.Framework, base: list[PathItem]) -> tuple[str, ...]:
        if fw.questions is not None or fw.weights:
            self.chk.fail("gated frameworks score criteria; questions/weights do not apply", base)
        return ()

    def _scored_questions(
        self, fw: model.Framework, i: int, fw_dims: tuple[str, ...]
    ) -> tuple[str, ...]:
        chk, questions = self.chk, self.questions
        if fw.questions is None:
            chosen = [
                q.id
                for q in questions.values()
                if not q.spec.context and q.spec.dimension in fw_dims and q.scorable
            ]
        else:
            chosen = []
            for j, qid in enumerate(fw.questions):
                path: list[PathItem] = ["frameworks", i, "questions", j]
                if not chk.known(qid, questions, "question", path):
                    continue
                q = questions[qid]
                if not q.scorable:
                    chk.fail(
                        f"question {qid!r} earns no points",
                        path,
                        "give its choices points (a number question: points bands), "
                        "or use yes_no / scale questions",
                    )
                elif q.spec.dimension not in fw_dims:
                    chk.fail(f"question {qid!r} is not in one of this framework's dimensions", path)
                chosen.append(qid)
        if not chosen:
            chk.fail("this framework scores no questions", ["frameworks", i])
        for qid, weight in fw.weights.items():
            wpath: list[PathItem] = ["frameworks", i, "weights", qid]
            if qid not in chosen:
                chk.fail(f"weight for {qid!r}, which this framework does not score", wpath)
            elif not math.isfinite(weight) or weight < 0:
                chk.fail("weights must be finite numbers, zero or more", wpath)
        return tuple(chosen)

    def _most(
        self, fw: model.Framework, chosen: tuple[str, ...], fw_dims: tuple[str, ...]
    ) -> float:
        """The highest score the framework can give (100 for percentages)."""
        if fw.style == "percentage":
            return 100.0
        per_dim: dict[str, float] = {}
        for qid in chosen:
            q = self.questions.get(qid)
            if q is not None and q.spec.dimension in fw_dims:
                weight = fw.weights.get(qid, 1.0)
                per_dim[q.spec.dimension or ""] = (
                    per_dim.get(q.spec.dimension or "", 0.0) + weight * q.max_points
                )
        sums = list(per_dim.values()) or [0.0]
        if fw.aggregate == "min":
            return min(sums)
        if fw.aggregate == "mean":
            return sum(sums) / len(sums)
        return sum(sums)

    def _bands(self, fw: model.Framework, base: list[PathItem], most: float) -> None:
        chk = self.chk
        unit = "%" if fw.style == "percentage" else " points"
        for j, lv in enumerate(fw.levels):
            path: list[PathItem] = [*base, "levels", j]
            if lv.criteria:
                chk.fail(
                    f"{fw.style} levels are reached by thresholds, not criteria",
                    [*path, "criteria"],
                )
            bound = _bound(lv)
            if j == 0:
                if bound is not None:
                    chk.fail(
                        "the lowest level catches every score; it takes no above/at_least", path
                    )
                continue
            if lv.above is not None and lv.at_least is not None:
                chk.fail("give either above or at_least, not both", path)
                continue
            if bound is None:
                chk.fail(
                    "this level needs a threshold: above: N (score > N) or at_least: N (score >= N)",
                    path,
                )
                continue
            key = "above" if lv.above is not None else "at_least"
            if not math.isfinite(bound) or bound < 0:
                chk.fail("thresholds must be finite numbers, zero or more", [*path, key])
                continue
            if bound > most or (lv.above is not None and bound >= most):
                chk.fail(
                    f"level {lv.level} ({lv.name}) can never be reached: it needs a score "
                    f"{key.replace('_', ' ')} {bound:g}, and the most this framework can "
                    f"give is {most:g}{unit}",
                    [*path, key],
                )
            self._rises(fw, j, lv, bound, [*path, key])
            if j == 1 and lv.at_least == 0:
                chk.warn(
                    f"every score reaches level {lv.level}, so level {fw.levels[0].level} "
                    f"({fw.levels[0].name}) can never be the result",
                    [*path, key],
                )

    def _rises(
        self, fw: model.Framework, j: int, lv: model.Level, bound: float, path: list[PathItem]
    ) -> None:
        prev = fw.levels[j - 1]
        prev_bound = _bound(prev)
        if prev_bound is None:
            return
        # "at_least X" then "above X" are two distinct bands (exactly X, and more).
        if bound > prev_bound or (
            bound == prev_bound and prev.at_least is not None and lv.above is not None
        ):
            return
        self.chk.fail(
            f"thresholds must strictly rise from level to level: level {prev.level} "
            f"({prev.name}) would never be the result",
            path,
            "give each level a higher threshold than the one below it",
        )
