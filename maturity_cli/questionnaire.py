"""Load a questionnaire file, check every cross-reference, and compile its rules once."""

from __future__ import annotations

import difflib
import graphlib
import re
from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import msgspec

from maturity_cli import model
from maturity_cli.catalog import builtin_questionnaires, looks_like_path
from maturity_cli.errors import InvalidFile, Problem, ProblemList
from maturity_cli.expressions import KEYWORDS, ExpressionError
from maturity_cli.rules import QuestionSig, Rule, Scope, compile_rule
from maturity_cli.yamlio import Locator, PathItem, describe_path, parse_document, read_text

RESERVED_VALUES = frozenset({"unknown", "not_applicable"})
CHOICE_TYPES = frozenset({"single_choice", "multiple_choice", "scale"})
IMPACT = {"low": 1, "medium": 2, "high": 3}


class Choice(msgspec.Struct, frozen=True, dict=True):
    """An allowed answer, with its label and (optional) points."""

    value: Any
    label: str
    help: str = ""
    points: float | None = None


class QuestionDef(msgspec.Struct, frozen=True, dict=True):
    """A checked question with its ``when`` rule compiled."""

    spec: model.Question
    choices: tuple[Choice, ...]
    when: Rule | None
    index: int

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def type(self) -> str:
        return self.spec.type

    @cached_property
    def title(self) -> str:
        """A short name for tables; the question text when no title is given."""
        return self.spec.title or self.spec.text

    @cached_property
    def values(self) -> tuple[Any, ...]:
        return tuple(c.value for c in self.choices)

    @cached_property
    def accepted(self) -> dict[tuple[Any, Any], Any]:
        """Plain answers accepted as they are, keyed by (type, value): a fast path."""
        if self.type == "yes_no":
            return {(bool, True): True, (bool, False): False}
        if self.type in ("single_choice", "scale"):
            return {(type(v), v): v for v in self.values}
        return {}

    @cached_property
    def _labels(self) -> dict[Any, str]:
        return {c.value: c.label for c in self.choices}

    def label(self, value: Any) -> str:
        """Human wording of an answer value."""
        if self.type == "yes_no":
            return "Yes" if value else "No"
        if self.type == "multiple_choice":
            labels = [self.label_of_choice(v) for v in value]
            return ", ".join(labels) if labels else "None of these"
        if self.type in CHOICE_TYPES:
            return self.label_of_choice(value)
        if self.type == "number":
            shown = f"{value:g}" if isinstance(value, float) else str(value)
            return f"{shown} {self.spec.unit}".rstrip()
        return str(value)

    def label_of_choice(self, value: Any) -> str:
        return self._labels.get(value, str(value))

    @property
    def scorable(self) -> bool:
        """Whether the question can earn points in points/percentage frameworks."""
        if self.type == "yes_no" or self.type == "scale":
            return True
        return self.type in CHOICE_TYPES and any(c.points is not None for c in self.choices)

    def points(self, value: Any) -> float:
        """Points earned by an answer value."""
        if self.type == "yes_no":
            return 1.0 if value else 0.0
        if self.type == "multiple_choice":
            return sum(
                self._choice_points(i) for i, c in enumerate(self.choices) if c.value in value
            )
        for i, c in enumerate(self.choices):
            if c.value == value:
                return self._choice_points(i)
        return 0.0

    def _choice_points(self, i: int) -> float:
        choice = self.choices[i]
        if choice.points is not None:
            return choice.points
        if self.type == "scale" and all(c.points is None for c in self.choices):
            return i / (len(self.choices) - 1) if len(self.choices) > 1 else 0.0
        return 0.0

    @cached_property
    def max_points(self) -> float:
        """The most points an answer can earn."""
        if self.type == "yes_no":
            return 1.0
        pts = [self._choice_points(i) for i in range(len(self.choices))]
        if self.type == "multiple_choice":
            return sum(p for p in pts if p > 0)
        return max(pts, default=0.0)


class CriterionDef(msgspec.Struct, frozen=True, dict=True):
    """A compiled level criterion."""

    spec: model.Criterion
    level: int
    framework: str
    rule: Rule

    @property
    def id(self) -> str:
        return self.spec.id


class FrameworkDef(msgspec.Struct, frozen=True, dict=True):
    """A checked framework: its levels, criteria and the questions it scores."""

    spec: model.Framework
    dimensions: tuple[str, ...]
    questions: tuple[str, ...]
    criteria: tuple[CriterionDef, ...]

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def levels(self) -> list[model.Level]:
        return self.spec.levels


class RecommendationDef(msgspec.Struct, frozen=True, dict=True):
    """A compiled recommendation."""

    spec: model.Recommendation
    when: Rule | None
    index: int

    @property
    def id(self) -> str:
        return self.spec.id

    @cached_property
    def rank(self) -> tuple[float, int, int]:
        """The fixed part of the priority order: impact for effort, impact, file order."""
        impact, effort = IMPACT[self.spec.impact], IMPACT[self.spec.effort]
        return (-impact / effort, -impact, self.index)


class Questionnaire(msgspec.Struct, frozen=True, dict=True):
    """A loaded, fully checked questionnaire, ready to score answers."""

    spec: model.QuestionnaireFile
    path: Path | None
    questions: tuple[QuestionDef, ...]
    frameworks: tuple[FrameworkDef, ...]
    recommendations: tuple[RecommendationDef, ...]
    question_map: dict[str, QuestionDef]
    dimension_titles: dict[str, str]

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def version(self) -> str:
        return self.spec.version

    @cached_property
    def reference_titles(self) -> dict[str, str]:
        """Reference ids mapped to their titles, for citations."""
        return {r.id: r.title for r in self.spec.references}

    @property
    def title(self) -> str:
        return self.spec.title


def resolve_questionnaire(ref: str, base: Path | None = None) -> Path:
    """Turn a built-in id or a path (relative to ``base``) into a file path."""
    if looks_like_path(ref):
        path = Path(ref)
        if not path.is_absolute() and base is not None:
            path = base / path
        return path
    builtins = builtin_questionnaires()
    if ref in builtins:
        return builtins[ref]
    match = difflib.get_close_matches(ref, list(builtins), n=1)
    hint = f"did you mean {match[0]!r}?" if match else None
    raise InvalidFile(
        Problem(
            f"no built-in questionnaire {ref!r}",
            hint=hint or f"built-in: {', '.join(builtins) or 'none'}; or give a path to a file",
        )
    )


def default_questionnaire() -> str:
    """The built-in questionnaire marked ``default: true`` (else the first by id)."""
    builtins = builtin_questionnaires()
    if not builtins:
        raise InvalidFile(Problem("no built-in questionnaires are installed", hint="use -q PATH"))
    for ref, path in builtins.items():
        if load_questionnaire(path).spec.default:
            return ref
    return next(iter(builtins))


_CACHE: dict[Path, Questionnaire] = {}


def load_questionnaire(ref: str | Path, base: Path | None = None) -> Questionnaire:
    """Load a questionnaire by built-in id or path; each file is compiled once per process."""
    path = ref if isinstance(ref, Path) else resolve_questionnaire(ref, base)
    key = path.resolve()
    cached = _CACHE.get(key)
    if cached is None:
        cached = parse_questionnaire(read_text(path), str(path), path)
        _CACHE[key] = cached
    return cached


def parse_questionnaire(text: str, filename: str, path: Path | None = None) -> Questionnaire:
    """Validate questionnaire text and compile it."""
    from maturity_cli import cache

    locator = Locator(text, filename)
    spec = cache.load(text)
    if spec is not None:
        return _Checker(spec, locator, path).build()
    data = parse_document(text, filename)
    spec = convert(data, model.QuestionnaireFile, locator, "questionnaire")
    compiled = _Checker(spec, locator, path).build()
    cache.store(text, spec)
    return compiled


_MSGSPEC_PATH = re.compile(r"\$((?:\.[^.\[`]+|\[\d+\])*)`?$")


def convert(data: Any, kind: type[Any], locator: Locator, what: str) -> Any:
    """Validate plain data against a model, translating errors into located problems."""
    article = "an" if what[0] in "aeiou" else "a"
    if not isinstance(data, dict):
        got = "nothing" if data is None else type(data).__name__
        raise InvalidFile(
            locator.problem(
                f"expected {article} {what} (a mapping of keys to values), found {got}",
                [],
                hint=f"see docs/questionnaire-format.md for the {what} format",
            )
        )
    from maturity_cli.validate import detect_kind

    found = detect_kind(data)
    expected = {"questionnaire": "questionnaire", "answers file": "answers"}.get(what)
    if expected and found and found != expected:
        shown = {"answers": "an answers file", "policy": "a CI policy"}.get(found, f"a {found}")
        hints = {
            "questionnaire": f"score answers files; write one with: maturity init -q {locator.filename}",
            "answers": "give a questionnaire (a built-in id or a questionnaire file)",
            "policy": "policies go to maturity check --policy FILE",
        }
        raise InvalidFile(
            locator.problem(
                f"this is {shown}, not {article} {what}",
                [],
                hint=hints[found],
            )
        )
    try:
        return msgspec.convert(data, kind, strict=True)
    except msgspec.ValidationError as exc:
        raise InvalidFile(_translate(str(exc), locator)) from None


_ALLOWED = {
    "type": "yes_no, single_choice, multiple_choice, scale, number, text",
    "style": "gated, points, percentage",
    "aggregate": "total, min, mean",
    "kind": "do, hold_off",
    "impact": "low, medium, high",
    "effort": "low, medium, high",
    "severity": "error, warning",
}


def _translate(message: str, locator: Locator) -> Problem:
    text, _, where = message.rpartition(" - at `")
    if not text:
        text, where = message, "$"
    path: list[PathItem] = []
    for part in re.findall(r"\.([^.\[`]+)|\[(\d+)\]", where.rstrip("`")[1:]):
        path.append(part[0] if part[0] else int(part[1]))
    hint = None
    key = False
    unknown = re.match(r"Object contains unknown field `(.+)`", text)
    missing = re.match(r"Object missing required field `(.+)`", text)
    if unknown:
        path.append(unknown.group(1))
        key = True
        text = f"unknown key {unknown.group(1)!r}"
        hint = "check the spelling against the format documentation"
    elif missing:
        text = f"missing required key {missing.group(1)!r}"
    elif "Expected `str`" in text and ("got `float`" in text or "got `int`" in text):
        hint = "put the value in quotes"
    elif "Expected `str`" in text and "got `bool`" in text:
        hint = "yes/no/true/false/on/off are read as true or false: put the value in quotes"
    elif text.startswith("Invalid enum value") and path and str(path[-1]) in _ALLOWED:
        text = f"{text.replace('Invalid enum value', 'invalid value')}"
        hint = f"expected one of: {_ALLOWED[str(path[-1])]}"
    elif "does not match" in text:
        hint = "ids use letters, digits, '_', '.' and '-'"
    where_text = describe_path(path)
    text = text.replace("Expected", "expected")
    return locator.problem(f"{where_text}: {text}", path, key=key, hint=hint)


class _Checker:
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
        sigs = {q.id: QuestionSig(q.id, q.type, q.values) for q in questions}
        frameworks = self._frameworks(dims, refs, {q.id: q for q in questions}, sigs)
        recs = self._recommendations(dims, refs, frameworks, sigs)
        self.problems.raise_if_any()
        return Questionnaire(
            spec=spec,
            path=self.path,
            questions=tuple(questions),
            frameworks=tuple(frameworks),
            recommendations=tuple(recs),
            question_map={q.id: q for q in questions},
            dimension_titles={d.id: d.title for d in spec.dimensions},
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
                scope = Scope(earlier, allow_results=False, where="a question's 'when'")
                when = self.rule(q.when, scope, ["questions", i, "when"])
                if when is None and q.id not in earlier:
                    pass
            out.append(QuestionDef(q, choices, when, i))
            earlier[q.id] = QuestionSig(q.id, q.type, tuple(c.value for c in choices))
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
