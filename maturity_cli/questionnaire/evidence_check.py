"""Check a questionnaire's ``evidence:`` section: signals, globs, patterns and proposals.

Kept apart from :mod:`maturity_cli.questionnaire.checker`, which calls :func:`check_evidence`
with itself so the problems land in the same list, with file, line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from maturity_cli.load.reader import PathItem
from maturity_cli.questionnaire import spec as model
from maturity_cli.questionnaire.definitions import CHOICE_TYPES, QuestionDef
from maturity_cli.questionnaire.evidence_defs import (
    DEFAULT_DOWNWEIGHT,
    EvidenceDef,
    ProposalDef,
    SignalDef,
)
from maturity_cli.rules.rule import Rule
from maturity_cli.rules.types import QuestionSig, Scope


class QuestionnaireChecker(Protocol):
    """What this check needs of the questionnaire checker that calls it."""

    spec: model.QuestionnaireFile
    patterns_checked: bool

    def fail(
        self, message: str, path: Sequence[PathItem], hint: str | None = None, **kw: Any
    ) -> None: ...

    def known(
        self, value: str, options: Iterable[str], what: str, path: Sequence[PathItem]
    ) -> bool: ...

    def rule(
        self, text: str, scope: Scope, path: Sequence[PathItem], names: str = "question"
    ) -> Rule | None: ...


PRIMITIVES = ("file", "dependency", "text", "key", "count", "ratio")


def check_evidence(
    chk: QuestionnaireChecker, questions: dict[str, QuestionDef]
) -> EvidenceDef | None:
    """Check the evidence section (if any), recording problems on ``chk``."""
    section = chk.spec.evidence
    if section is None:
        return None
    signals = _signals(chk, section.signals)
    sigs = {s.id: QuestionSig(s.id, "number" if s.numeric else "yes_no") for s in signals.values()}
    proposals: list[ProposalDef] = []
    for i, p in enumerate(section.proposals):
        path: list[PathItem] = ["evidence", "proposals", i]
        if not chk.known(p.question, questions, "question", [*path, "question"]):
            continue
        value = _answer(chk, questions[p.question], p.answer, [*path, "answer"])
        rule = chk.rule(p.when, Scope(sigs, where="a proposal"), [*path, "when"], "signal")
        if rule is not None and value is not None:
            proposals.append(ProposalDef(p, value, rule, i))
    downweight = section.downweight
    for j, glob in enumerate(downweight or []):
        _glob(chk, glob, ["evidence", "downweight", j])
    return EvidenceDef(
        tuple(signals.values()),
        tuple(proposals),
        tuple(downweight) if downweight is not None else DEFAULT_DOWNWEIGHT,
    )


def _signals(chk: QuestionnaireChecker, specs: list[model.Signal]) -> dict[str, SignalDef]:
    out: dict[str, SignalDef] = {}
    seen: set[str] = set()
    for i, s in enumerate(specs):
        path: list[PathItem] = ["evidence", "signals", i]
        if s.id in seen:
            chk.fail(f"duplicate signal id {s.id!r}", [*path, "id"])
            continue
        seen.add(s.id)
        given = [name for name in PRIMITIVES if getattr(s, name) is not None]
        if len(given) != 1:
            chk.fail(
                "a signal needs exactly one of: " + ", ".join(PRIMITIVES)
                if not given
                else f"a signal takes one detection, this one has {' and '.join(given)}",
                path,
                "split it into several signals and combine them in a proposal's 'when'",
            )
        kind = given[0] if given else "file"
        if given:
            _primitive(chk, s, kind, path, out)
        for j, glob in enumerate(s.exclude):
            _glob(chk, glob, [*path, "exclude", j])
        out[s.id] = SignalDef(s, kind, kind in ("count", "ratio"))
    return out


def _primitive(
    chk: QuestionnaireChecker,
    s: model.Signal,
    kind: str,
    path: list[PathItem],
    earlier: dict[str, SignalDef],
) -> None:
    if kind == "file":
        _globs(chk, s.file, [*path, "file"])
    elif kind == "text" and s.text is not None:
        _globs(chk, s.text.files, [*path, "text", "files"])
        _pattern(chk, s.text, [*path, "text", "pattern"])
    elif kind == "key" and s.key is not None:
        _globs(chk, s.key.files, [*path, "key", "files"])
        if any(not part for part in s.key.path.split(".")):
            chk.fail("a key path is names separated by single dots", [*path, "key", "path"])
    elif kind == "count":
        files = s.count.files if isinstance(s.count, model.CountSignal) else s.count
        _globs(chk, files, [*path, "count"])
    elif kind == "ratio" and s.ratio is not None:
        if len(s.ratio) != 2:
            chk.fail("a ratio names two signals: [numerator, denominator]", [*path, "ratio"])
        numeric = [k for k, d in earlier.items() if d.numeric]
        for j, ref in enumerate(s.ratio):
            chk.known(ref, numeric, "count or ratio signal defined earlier", [*path, "ratio", j])


def _globs(chk: QuestionnaireChecker, globs: model.Globs | None, path: list[PathItem]) -> None:
    if isinstance(globs, str):
        _glob(chk, globs, path)
        return
    if not globs:
        chk.fail("give at least one file pattern", path)
    for j, glob in enumerate(globs or []):
        _glob(chk, glob, [*path, j])


def _glob(chk: QuestionnaireChecker, glob: str, path: list[PathItem]) -> None:
    if not glob.strip():
        chk.fail("a file pattern cannot be empty", path)
    elif glob.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", glob):
        chk.fail("file patterns are relative to the scanned folder", path, "drop the leading '/'")
    elif ".." in glob.split("/"):
        chk.fail("file patterns cannot leave the scanned folder ('..')", path)


def _answer(chk: QuestionnaireChecker, q: QuestionDef, value: Any, path: list[PathItem]) -> Any:
    """The proposed answer as an answers file holds it, or None (reported) if invalid."""
    problem = None
    if q.type == "yes_no":
        if not isinstance(value, bool):
            problem = "a yes/no question takes yes or no"
    elif q.type == "multiple_choice":
        items = value if isinstance(value, list) else None
        if items is None or any(v not in q.values for v in items):
            problem = f"expected a list of these choices: {', '.join(map(str, q.values))}"
    elif q.type in CHOICE_TYPES:
        if isinstance(value, bool) or value not in q.values:
            problem = f"expected one of: {', '.join(map(str, q.values))}"
    elif q.type == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problem = "a number question takes a number"
        elif (q.spec.min is not None and value < q.spec.min) or (
            q.spec.max is not None and value > q.spec.max
        ):
            problem = "the number is outside the question's min/max"
    elif not isinstance(value, str):
        problem = "a text question takes text"
    if problem is None:
        return value
    chk.fail(f"invalid proposed answer for {q.id!r}: {problem}", path)
    return None


def _pattern(chk: QuestionnaireChecker, text: model.TextSignal, path: list[PathItem]) -> None:
    """A text signal's regular expression must compile (unless it did for this very text)."""
    if chk.patterns_checked:
        return
    try:
        re.compile(text.pattern, re.IGNORECASE if text.ignore_case else 0)
    except re.error as exc:
        chk.fail(
            f"invalid pattern: {exc.msg}",
            path,
            "this is a Python regular expression; escape . ( ) [ ] with a backslash",
            offset=exc.pos,
        )
