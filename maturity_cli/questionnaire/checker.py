"""Check a questionnaire's cross-references and compile its rules, collecting every problem."""

from __future__ import annotations

import difflib
import graphlib
import math
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

from maturity_cli.errors import ProblemList
from maturity_cli.load.reader import Locator, PathItem
from maturity_cli.questionnaire import spec as model
from maturity_cli.questionnaire.definitions import (
    CHOICE_TYPES,
    RESERVED_VALUES,
    Choice,
    FrameworkDef,
    QuestionDef,
    Questionnaire,
    RecommendationDef,
)
from maturity_cli.questionnaire.evidence_check import check_evidence
from maturity_cli.questionnaire.frameworks import FrameworkChecker
from maturity_cli.rules.rule import Rule, compile_rule
from maturity_cli.rules.syntax import KEYWORDS, ExpressionError
from maturity_cli.rules.types import QuestionSig, Scope


class QuestionnaireChecker:
    """Checks cross-references and compiles rules, collecting every problem."""

    def __init__(
        self,
        spec: model.QuestionnaireFile,
        locator: Locator,
        path: Path | None,
        *,
        patterns_checked: bool = False,
    ) -> None:
        self.spec = spec
        self.loc = locator
        self.path = path
        #: The evidence patterns already compiled when this exact text was checked
        #: (a verified cache entry): they are not compiled again just to be checked.
        self.patterns_checked = patterns_checked
        self.problems = ProblemList()
        #: (list name, index) of repeated items, left out after the duplicate is reported.
        self.skipped: set[tuple[str, int]] = set()
        self.warnings: list[str] = []

    def warn(self, message: str, path: Sequence[PathItem]) -> None:
        problem = self.loc.problem(message, path)
        where = f"line {problem.line}: " if problem.line is not None else ""
        self.warnings.append(where + message)

    def fail(
        self, message: str, path: Sequence[PathItem], hint: str | None = None, **kw: Any
    ) -> None:
        self.problems.add(self.loc.problem(message, path, hint=hint, **kw))

    def unique(self, items: Iterable[Any], prefix: str, what: str) -> set[str]:
        """The ids of ``items``; a repeated id is reported once, naming both places,
        and the repeat is then left out of every other check (no follow-on errors)."""
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                self.duplicate(what, item.id, [prefix, seen[item.id], "id"], [prefix, i, "id"])
                self.skipped.add((prefix, i))
            else:
                seen[item.id] = i
        return set(seen)

    def duplicate(
        self, what: str, ident: str, first: Sequence[PathItem], again: Sequence[PathItem]
    ) -> None:
        line = self.loc.problem("", first).line
        where = f" (first defined on line {line})" if line is not None else ""
        self.fail(
            f"duplicate {what} id {ident!r}{where}",
            again,
            "ids must be unique: rename or remove one of them",
        )

    def known(
        self, value: str, options: Iterable[str], what: str, path: Sequence[PathItem]
    ) -> bool:
        if not isinstance(options, Collection):
            options = list(options)
        if value in options:  # a set or dict, usually: no copy on the common path
            return True
        match = difflib.get_close_matches(value, list(options), n=1)
        self.fail(
            f"unknown {what} {value!r}",
            path,
            f"did you mean {match[0]!r}?" if match else f"known: {', '.join(options) or 'none'}",
        )
        return False

    def rule(
        self, text: str, scope: Scope, path: Sequence[PathItem], names: str = "question"
    ) -> Rule | None:
        """The compiled rule, or ``None`` with a located problem (``names``: what ids name)."""
        try:
            return compile_rule(text, scope)
        except ExpressionError as exc:
            message = exc.message.replace("unknown question", f"unknown {names}")
            caret = f"    {text}\n    {' ' * exc.offset}^"
            self.fail(message, path, exc.hint, offset=exc.offset, excerpt=caret)
            return None

    def build(self) -> Questionnaire:
        spec = self.spec
        dims = self.unique(spec.dimensions, "dimensions", "dimension")
        refs = self.unique(spec.references, "references", "reference")
        self.unique(spec.questions, "questions", "question")
        questions = self._questions(dims)
        sigs = {
            q.id: QuestionSig(q.id, q.type, q.values, q.spec.dimension, tuple(q.spec.tags))
            for q in questions
        }
        by_id = {q.id: q for q in questions}
        frameworks = FrameworkChecker(self, dims, refs, by_id, sigs).check_all()
        recs = self._recommendations(dims, refs, frameworks, sigs)
        evidence = check_evidence(self, by_id)
        self.problems.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
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
            warnings=tuple(self.warnings),
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
            if c.points is not None and (not math.isfinite(c.points) or c.points < 0):
                self.fail("points must be finite numbers, zero or more", [*path, j, "points"])
            if any(o.value == c.value for o in out):
                self.fail(f"duplicate choice value {c.value!r}", [*path, j])
            out.append(c)
        return tuple(out)

    def _number_points(self, q: model.Question, i: int) -> None:
        if q.points is None:
            return
        path: list[PathItem] = ["questions", i, "points"]
        if q.type != "number":
            self.fail(
                "points bands are for number questions",
                path,
                "give choices their own points instead",
            )
            return
        for j, band in enumerate(q.points):
            if band.below is not None and band.at_least is not None:
                self.fail("give a band either below or at_least, not both", [*path, j])
            if not math.isfinite(band.points) or band.points < 0:
                self.fail("points must be finite numbers, zero or more", [*path, j, "points"])
            if band.below is None and band.at_least is None and j != len(q.points) - 1:
                self.fail(
                    "a band with neither below nor at_least catches every answer; "
                    "only the last band may do that",
                    [*path, j],
                )

    def _questions(self, dims: set[str]) -> list[QuestionDef]:
        out: list[QuestionDef] = []
        earlier: dict[str, QuestionSig] = {}
        for i, q in enumerate(self.spec.questions):
            if ("questions", i) in self.skipped:
                continue
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
            self._number_points(q, i)
            for j, tag in enumerate(q.tags):
                if tag in dims:
                    self.fail(
                        f"tag {tag!r} is also a dimension id",
                        ["questions", i, "tags", j],
                        "rules name a group of questions by dimension or tag: keep them apart",
                    )
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
            earlier[q.id] = QuestionSig(
                q.id, q.type, tuple(c.value for c in choices), q.dimension, tuple(q.tags)
            )
        return out

    def citations(
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
            if ("recommendations", i) in self.skipped:
                continue
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
            self.citations(r.sources, refs, [*base, "sources"])
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
