"""Check a questionnaire's cross-references and compile its rules, collecting every problem."""

from __future__ import annotations

import difflib
import graphlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from maturity_cli.errors import ProblemList
from maturity_cli.load.reader import Locator, PathItem
from maturity_cli.questionnaire import spec as model
from maturity_cli.questionnaire.definitions import (
    CHOICE_TYPES,
    RESERVED_VALUES,
    Choice,
    CriterionDef,
    FrameworkDef,
    QuestionDef,
    Questionnaire,
    RecommendationDef,
)
from maturity_cli.questionnaire.evidence_check import check_evidence
from maturity_cli.rules.rule import Rule, compile_rule
from maturity_cli.rules.syntax import KEYWORDS, ExpressionError
from maturity_cli.rules.types import QuestionSig, Scope


class QuestionnaireChecker:
    """Checks cross-references and compiles rules, collecting every problem."""

    def __init__(self, spec: model.QuestionnaireFile, locator: Locator, path: Path | None) -> None:
        self.spec = spec
        self.loc = locator
        self.path = path
        self.problems = ProblemList()

    def fail(
        self, message: str, path: Sequence[PathItem], hint: str | None = None, **kw: Any
    ) -> None:
        self.problems.add(self.loc.problem(message, path, hint=hint, **kw))

    def unique(self, items: Iterable[Any], prefix: str, what: str) -> set[str]:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                self.fail(f"duplicate {what} id {item.id!r}", [prefix, i, "id"])
            seen.add(item.id)
        return seen

    def known(
        self, value: str, options: Iterable[str], what: str, path: Sequence[PathItem]
    ) -> bool:
        options = list(options)
        if value in options:
            return True
        match = difflib.get_close_matches(value, options, n=1)
        self.fail(
            f"unknown {what} {value!r}",
            path,
            f"did you mean {match[0]!r}?" if match else f"known: {', '.join(options) or 'none'}",
        )
        return False

    def rule(self, text: str, scope: Scope, path: Sequence[PathItem]) -> Rule | None:
        try:
            return compile_rule(text, scope)
        except ExpressionError as exc:
            caret = f"    {text}\n    {' ' * exc.offset}^"
            self.fail(exc.message, path, exc.hint, offset=exc.offset, excerpt=caret)
            return None

    def build(self) -> Questionnaire:
        spec = self.spec
        dims = self.unique(spec.dimensions, "dimensions", "dimension")
        refs = self.unique(spec.references, "references", "reference")
        self.unique(spec.questions, "questions", "question")
        questions = self._questions(dims)
        sigs = {q.id: QuestionSig(q.id, q.type, q.values, q.spec.dimension) for q in questions}
        frameworks = self._frameworks(dims, refs, {q.id: q for q in questions}, sigs)
        recs = self._recommendations(dims, refs, frameworks, sigs)
        evidence = check_evidence(self, {q.id: q for q in questions})
        self.problems.raise_if_any()
        return Questionnaire(
            spec=spec,
            path=self.path,
            questions=tuple(questions),
            frameworks=tuple(frameworks),
            recommendations=tuple(recs),
            question_map={q.id: q for q in questions},
            dimension_titles={d.id: d.title for d in spec.dimensions},
            evidence=evidence,
        )

    def _choices(self, q: model.Question, i: int) -> tuple[Choice, ...]:
        path: list[PathItem] = ["questions", i, "choices"]
        if q.type not in CHOICE_TYPES:
            if q.choices:
                self.fail(f"a {q.type} question takes no choices", path)
            return ()
        minimum = 1 if q.type == "multiple_choice" else 2
        if len(q.choices) < minimum:
            self.fail(f"a {q.type} question needs at least {minimum} choices", path)
        out: list[Choice] = []
        for j, raw in enumerate(q.choices):
            c = (
                Choice(raw, raw)
                if isinstance(raw, str)
                else Choice(raw.value, raw.label or str(raw.value), raw.help, raw.points)
            )
            if isinstance(c.value, str) and c.value in RESERVED_VALUES:
                self.fail(
                    f'{c.value!r} is reserved for "don\'t know" / "not applicable"',
                    [*path, j],
                    "use allow_unknown / allow_na instead of a choice",
                )
            if any(o.value == c.value for o in out):
                self.fail(f"duplicate choice value {c.value!r}", [*path, j])
            out.append(c)
        return tuple(out)

    def _questions(self, dims: set[str]) -> list[QuestionDef]:
        out: list[QuestionDef] = []
        earlier: dict[str, QuestionSig] = {}
        for i, q in enumerate(self.spec.questions):
            if q.id in KEYWORDS:
                self.fail(
                    f"{q.id!r} is a rule keyword and cannot be a question id",
                    ["questions", i, "id"],
                )
            if q.dimension is not None:
                self.known(q.dimension, dims, "dimension", ["questions", i, "dimension"])
            elif not q.context:
                self.fail(
                    f"question {q.id!r} has no dimension",
                    ["questions", i],
                    "give it a dimension, or mark it `context: true` if it only steers advice",
                )
            if q.type != "number" and (q.min is not None or q.max is not None or q.integer):
                self.fail("min, max and integer apply only to number questions", ["questions", i])
            if q.min is not None and q.max is not None and q.min > q.max:
                self.fail("min is larger than max", ["questions", i, "min"])
            choices = self._choices(q, i)
            when = None
            if q.when is not None:
                later = frozenset(x.id for x in self.spec.questions[i:])
                scope = Scope(
                    earlier,
                    later_questions=later,
                    allow_results=False,
                    where="a question's 'when'",
                )
                when = self.rule(q.when, scope, ["questions", i, "when"])
            out.append(QuestionDef(q, choices, when, i))
            earlier[q.id] = QuestionSig(q.id, q.type, tuple(c.value for c in choices), q.dimension)
        return out

    def _frameworks(
        self,
        dims: set[str],
        refs: set[str],
        questions: dict[str, QuestionDef],
        sigs: dict[str, QuestionSig],
    ) -> list[FrameworkDef]:
        self.unique(self.spec.frameworks, "frameworks", "framework")
        all_fws = frozenset(f.id for f in self.spec.frameworks)
        all_crit = frozenset(
            c.id for f in self.spec.frameworks for lv in f.levels for c in lv.criteria
        )
        done: dict[str, frozenset[str]] = {}
        done_crit: set[str] = set()
        seen_crit: set[str] = set()
        out: list[FrameworkDef] = []
        for i, fw in enumerate(self.spec.frameworks):
            base: list[PathItem] = ["frameworks", i]
            fw_dims = (
                tuple(fw.dimensions)
                if fw.dimensions is not None
                else tuple(d.id for d in self.spec.dimensions)
            )
            for j, d in enumerate(fw.dimensions or []):
                self.known(d, dims, "dimension", [*base, "dimensions", j])
            for j, r in enumerate(fw.references):
                self.known(r, refs, "reference", [*base, "references", j])
            numbers = [lv.level for lv in fw.levels]
            if numbers != sorted(set(numbers)):
                self.fail(
                    "levels must be listed from lowest to highest, each number once",
                    [*base, "levels"],
                )
            scope = Scope(
                sigs, dict(done), frozenset(done_crit), all_fws, all_crit, where="a level criterion"
            )
            criteria: list[CriterionDef] = []
            for j, lv in enumerate(fw.levels):
                lpath: list[PathItem] = [*base, "levels", j]
                if fw.style == "gated":
                    if lv.above is not None or lv.at_least is not None:
                        self.fail(
                            "gated levels are reached by criteria, not by above/at_least", lpath
                        )
                    if j == 0 and lv.criteria:
                        self.fail(
                            "the lowest level is where every team starts; it cannot have criteria",
                            [*lpath, "criteria"],
                            "add a level below it, or move these criteria up one level",
                        )
                else:
                    self._band(fw, j, lv, lpath)
                for k, c in enumerate(lv.criteria):
                    cpath: list[PathItem] = [*lpath, "criteria", k]
                    if c.id in seen_crit:
                        self.fail(f"duplicate criterion id {c.id!r}", [*cpath, "id"])
                    seen_crit.add(c.id)
                    if c.dimension is not None:
                        self.known(
                            c.dimension,
                            fw_dims,
                            "dimension of this framework",
                            [*cpath, "dimension"],
                        )
                    self._citations(c.sources, refs, [*cpath, "sources"])
                    rule = self.rule(c.rule, scope, [*cpath, "rule"])
                    if rule is not None:
                        criteria.append(CriterionDef(c, lv.level, fw.id, rule))
            fw_questions = self._framework_questions(fw, i, fw_dims, questions)
            out.append(FrameworkDef(fw, fw_dims, fw_questions, tuple(criteria)))
            done[fw.id] = frozenset(fw_dims)
            done_crit.update(c.id for c in criteria)
        return out

    def _band(self, fw: model.Framework, j: int, lv: model.Level, path: list[PathItem]) -> None:
        if lv.criteria:
            self.fail(
                f"{fw.style} levels are reached by thresholds, not criteria", [*path, "criteria"]
            )
        bound = lv.above if lv.above is not None else lv.at_least
        if j == 0:
            if bound is not None:
                self.fail("the lowest level catches every score; it takes no above/at_least", path)
            return
        if lv.above is not None and lv.at_least is not None:
            self.fail("give either above or at_least, not both", path)
        elif bound is None:
            self.fail(
                "this level needs a threshold: above: N (score > N) or at_least: N (score >= N)",
                path,
            )
            return
        if bound is None:
            return
        prev = fw.levels[j - 1]
        prev_bound = prev.above if prev.above is not None else prev.at_least
        if prev_bound is not None and bound < prev_bound:
            self.fail("thresholds must rise from level to level", path)

    def _framework_questions(
        self,
        fw: model.Framework,
        i: int,
        fw_dims: tuple[str, ...],
        questions: dict[str, QuestionDef],
    ) -> tuple[str, ...]:
        if fw.style == "gated":
            if fw.questions is not None or fw.weights:
                self.fail(
                    "gated frameworks score criteria; questions/weights do not apply",
                    ["frameworks", i],
                )
            return ()
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
                if not self.known(qid, questions, "question", path):
                    continue
                q = questions[qid]
                if not q.scorable:
                    self.fail(
                        f"question {qid!r} earns no points",
                        path,
                        "give its choices points, or use yes_no / scale questions",
                    )
                elif q.spec.dimension not in fw_dims:
                    self.fail(
                        f"question {qid!r} is not in one of this framework's dimensions", path
                    )
                chosen.append(qid)
        if not chosen:
            self.fail("this framework scores no questions", ["frameworks", i])
        for qid, weight in fw.weights.items():
            if qid not in chosen:
                self.fail(
                    f"weight for {qid!r}, which this framework does not score",
                    ["frameworks", i, "weights", qid],
                    key=True,
                )
            elif weight < 0:
                self.fail("weights cannot be negative", ["frameworks", i, "weights", qid])
        return tuple(chosen)

    def _citations(
        self, sources: list[model.Citation], refs: set[str], path: list[PathItem]
    ) -> None:
        for j, cite in enumerate(sources):
            self.known(cite.ref, refs, "reference", [*path, j, "ref"])

    def _recommendations(
        self,
        dims: set[str],
        refs: set[str],
        frameworks: list[FrameworkDef],
        sigs: dict[str, QuestionSig],
    ) -> list[RecommendationDef]:
        recs = self.spec.recommendations
        ids = self.unique(recs, "recommendations", "recommendation")
        crit = frozenset(c.id for f in frameworks for c in f.criteria)
        scope = Scope(
            sigs,
            {f.id: frozenset(f.dimensions) for f in frameworks},
            crit,
            where="a recommendation",
        )
        graph: dict[str, list[str]] = {}
        out: list[RecommendationDef] = []
        for i, r in enumerate(recs):
            base: list[PathItem] = ["recommendations", i]
            if r.dimension is not None:
                self.known(r.dimension, dims, "dimension", [*base, "dimension"])
            for j, p in enumerate(r.prerequisites):
                if p == r.id:
                    self.fail(
                        "a recommendation cannot be its own prerequisite",
                        [*base, "prerequisites", j],
                    )
                self.known(p, ids, "recommendation", [*base, "prerequisites", j])
            for j, c in enumerate(r.addresses):
                self.known(c, crit, "criterion", [*base, "addresses", j])
            self._citations(r.sources, refs, [*base, "sources"])
            graph[r.id] = [p for p in r.prerequisites if p in ids and p != r.id]
            when = self.rule(r.when, scope, [*base, "when"]) if r.when is not None else None
            out.append(RecommendationDef(r, when, i))
        try:
            graphlib.TopologicalSorter(graph).prepare()
        except graphlib.CycleError as exc:
            cycle = exc.args[1]
            index = next(i for i, r in enumerate(recs) if r.id == cycle[0])
            self.fail(
                "prerequisites form a cycle: " + " -> ".join(cycle),
                ["recommendations", index, "prerequisites"],
                "one of these must not require the other",
            )
        return out
