"""docs/reports.md: the template context reference, generated and checked against the real one.

The reference between the markers in docs/reports.md is what :func:`reference`
writes: the result records come from the typed result (``maturity_cli.scoring.result``),
the additions of the report from :data:`EXTRA`. The test renders every example
answers file and recipe, captures the contexts the renderer really passes to its
templates, and checks every variable in them against the reference: nothing
undocumented, nothing of another type, nothing documented missing. Run with
``UPDATE_DOCS=1`` to rewrite the reference.
"""

from __future__ import annotations

import enum
import os
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from maturity_cli.answers.loader import load_answers
from maturity_cli.report import render
from maturity_cli.scoring import result as result_types
from maturity_cli.scoring.engine import score

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "reports.md"
START, END = "<!-- context reference: start -->", "<!-- context reference: end -->"

#: What each template gets, by the first part of its name.
TOP = {
    "team": {"kind": '"team"', "team": "Team"},
    "org": {
        "kind": '"organisation"',
        "teams": "list[OrgTeam]",
        "groups": "list[OrgGroup]",
        "rollup": "Rollup",
        "heatmaps": "map[markup]",
        "per_team": "bool",
        "limits": "map[int]",
    },
    "summary": {"kind": '"summary"', "teams": "list[Team]"},
}

#: Records the report adds to the typed result (``Team`` extends ``Result``).
EXTRA: dict[str, dict[str, str]] = {
    "Team": {
        "name": "str",
        "anchor": "str",
        "do": "list[AppliedRecommendation]",
        "hold_off": "list[AppliedRecommendation]",
        "recommendation_titles": "map[str]",
        "follow_ups": "list[Answer]",
        "notes": "list[Answer]",
        "dimension_titles": "map[str]",
    },
    "FrameworkResult": {"charts": "map[markup]"},
    "OrgTeam": {
        "index": "int",
        "name": "str",
        "anchor": "str",
        "subject": "str",
        "source": "str",
        "group": "str",
        "folder": "str",
        "assessor": "str",
        "assessed_on": "str | null",
        "completeness": "Completeness",
        "frameworks": "list[OrgTeamFramework]",
        "do": "list[OrgAdvice]",
        "hold_off": "list[OrgAdvice]",
        "follow_ups": "list[OrgFollowUp]",
    },
    "OrgTeamFramework": {
        "id": "str",
        "key": "str",
        "title": "str",
        "level": "int",
        "level_name": "str",
        "next_level": "OrgNextLevel | null",
    },
    "OrgNextLevel": {
        "level": "int",
        "name": "str",
        "requirement": "str",
        "unmet": "list[OrgGap]",
    },
    "OrgGap": {"id": "str", "text": "str"},
    "OrgAdvice": {"id": "str", "title": "str"},
    "OrgFollowUp": {"title": "str"},
    "OrgGroup": {
        "name": "str",
        "label": "str",
        "anchor": "str",
        "teams": "int",
        "members": "list[OrgTeam]",
        "frameworks": "list[RollupGroupFramework]",
    },
    "Rollup": {
        "teams": "int",
        "team_names": "list[str]",
        "questionnaires": "list[RollupQuestionnaire]",
        "frameworks": "list[RollupFramework]",
        "groups": "list[RollupGroup]",
        "shared_gaps": "list[SharedGap]",
        "top_recommendations": "list[TopRecommendation]",
        "hold_offs": "list[RollupHoldOff]",
    },
    "RollupQuestionnaire": {"id": "str", "title": "str", "version": "str", "teams": "int"},
    "RollupFramework": {
        "key": "str",
        "questionnaire": "str",
        "id": "str",
        "title": "str",
        "style": "str",
        "min_level": "int",
        "max_level": "int",
        "mean_level": "number",
        "teams": "int",
        "levels": "list[RollupLevel]",
        "dimensions": "list[RollupDimension]",
        "rows": "list[RollupRow]",
    },
    "RollupLevel": {
        "level": "int",
        "name": "str",
        "meaning": "str",
        "teams": "int",
        "share": "number",
    },
    "RollupDimension": {"id": "str", "title": "str"},
    "RollupGroup": {
        "name": "str",
        "anchor": "str",
        "teams": "int",
        "members": "list[int]",
        "frameworks": "list[RollupGroupFramework]",
    },
    "RollupGroupFramework": {
        "key": "str",
        "title": "str",
        "teams": "int",
        "mean_level": "number | null",
        "levels": "list[RollupGroupLevel]",
        "dimensions": "list[RollupGroupDimension]",
    },
    "RollupGroupLevel": {"level": "int", "name": "str", "teams": "int", "share": "number"},
    "RollupGroupDimension": {
        "id": "str",
        "title": "str",
        "mean_level": "number | null",
        "mean_share": "number | null",
    },
    "RollupRow": {
        "team": "str",
        "index": "int",
        "level": "int",
        "level_name": "str",
        "cells": "list[int | null]",
        "shares": "list[number | null]",
        "group": "str",
    },
    "SharedGap": {
        "id": "str",
        "text": "str",
        "framework": "str",
        "framework_title": "str",
        "level": "int",
        "dimension": "str | null",
        "sources": "list[str]",
        "teams": "int",
        "rated": "int",
        "share": "number",
    },
    "RollupHoldOff": {
        "id": "str",
        "title": "str",
        "why": "str",
        "given_to": "list[RollupHoldOffTeam]",
        "teams": "int",
    },
    "RollupHoldOffTeam": {"team": "str", "index": "int", "reason": "str"},
    "TopRecommendation": {
        "id": "str",
        "title": "str",
        "why": "str",
        "actions": "list[str]",
        "impact": "str",
        "effort": "str",
        "dimension": "str | null",
        "topic": "str",
        "addresses": "list[str]",
        "sources": "list[str]",
        "teams": "int",
        "share": "number",
        "mean_priority": "number",
    },
}


def _words(tp: Any) -> str:
    """A result field's type in the reference's words."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_words(a) for a in typing.get_args(tp))
    if origin is list:
        return f"list[{_words(typing.get_args(tp)[0])}]"
    if origin is typing.Literal:
        return " | ".join(f'"{a}"' for a in typing.get_args(tp))
    if tp is type(None):
        return "null"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return " | ".join(f'"{m.value}"' for m in tp)
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return tp.__name__
    return {bool: "bool", int: "int", float: "number", str: "str"}.get(tp, "any")


def records() -> dict[str, dict[str, str]]:
    """Every record a template can meet, field by field."""
    out: dict[str, dict[str, str]] = {}
    todo: list[type[msgspec.Struct]] = [result_types.Result]
    while todo:
        cls = todo.pop(0)
        name = "Team" if cls is result_types.Result else cls.__name__
        if name in out:
            continue
        out[name] = {}
        for field, tp in typing.get_type_hints(cls).items():
            out[name][field] = _words(tp)
            stack = [tp]
            while stack:
                t = stack.pop()
                stack.extend(typing.get_args(t))
                if isinstance(t, type) and issubclass(t, msgspec.Struct):
                    todo.append(t)
    for name, fields in EXTRA.items():
        out.setdefault(name, {}).update(fields)
    return out


def _cell(ty: str) -> str:
    return ty.replace("|", "\\|")  # a bare | would end the table cell


def reference() -> str:
    """The Markdown reference of every template variable and its type."""
    lines = ["| template | variables |", "|---|---|"]
    for kind, names in TOP.items():
        shown = ", ".join(f"`{k}`: {_cell(v)}" for k, v in names.items())
        lines.append(f"| `{kind}.*` | {shown} |")
    for name, fields in records().items():
        lines += ["", f"**{name}**", "", "| field | type |", "|---|---|"]
        lines += [f"| `{f}` | {_cell(ty)} |" for f, ty in fields.items()]
    return "\n".join(lines) + "\n"


def _contexts() -> Iterator[tuple[str, dict[str, Any]]]:
    files = sorted((ROOT / "examples").glob("*.yaml"))
    files += sorted((ROOT / "docs" / "recipes").glob("*.answers.yaml"))
    results = [score(load_answers(path)) for path in files]
    seen: list[tuple[str, dict[str, Any]]] = []
    real = render._render

    def capture(env: Any, name: str, context: dict[str, Any]) -> str:
        seen.append((name, context))
        return real(env, name, context)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(render, "_render", capture)
        for one in results:
            for fmt in ("md", "html"):
                render.render_report([one], fmt)  # type: ignore[arg-type]
        for fmt in ("md", "html"):
            render.render_report(results, fmt)  # type: ignore[arg-type]
        render.render_report(results, "md", summary=True)
    yield from seen


def _split(ty: str) -> list[str]:
    depth, parts, cur = 0, [], ""
    for ch in ty:
        depth += ch == "["
        depth -= ch == "]"
        if ch == "|" and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return [*parts, cur.strip()]


def _fits(value: Any, ty: str, path: str, recs: dict[str, dict[str, str]], used: set[str]) -> str:
    """'' if ``value`` is of type ``ty``, else why not."""
    why = []
    for option in _split(ty):
        problem = _fits_one(value, option, path, recs, used)
        if not problem:
            return ""
        why.append(problem)
    return min(why, key=len)


def _fits_one(
    value: Any, ty: str, path: str, recs: dict[str, dict[str, str]], used: set[str]
) -> str:
    simple = {
        "str": isinstance(value, str) and not isinstance(value, Markup),
        "markup": isinstance(value, Markup),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "null": value is None,
        "any": True,
    }
    if ty in simple:
        return "" if simple[ty] else f"{path}: {value!r} is not {ty}"
    if ty.startswith('"'):
        return "" if value == ty.strip('"') else f"{path}: {value!r} is not {ty}"
    if ty.startswith(("list[", "map[")):
        inner = ty[ty.index("[") + 1 : -1]
        if ty.startswith("list[") and isinstance(value, list):
            items = enumerate(value)
        elif ty.startswith("map[") and isinstance(value, dict):
            items = value.items()  # type: ignore[assignment]
        else:
            return f"{path}: not a {ty}"
        for key, item in items:
            problem = _fits(item, inner, f"{path}[{key}]", recs, used)
            if problem:
                return problem
        return ""
    fields = recs[ty]
    if not isinstance(value, dict):
        return f"{path}: not a {ty} mapping"
    used.add(ty)
    for key in value:
        if key not in fields:
            return f"{path}.{key}: in the context but not in the reference ({ty})"
    for key, field_ty in fields.items():
        if key not in value:
            return f"{path}.{key}: in the reference but not in the context"
        problem = _fits(value[key], field_ty, f"{path}.{key}", recs, used)
        if problem:
            return problem
    return ""


def test_the_real_context_matches_the_reference() -> None:
    recs = records()
    used: set[str] = set()
    kinds = set()
    for name, context in _contexts():
        kind = name.split(".")[0]
        kinds.add(kind)
        assert set(context) == set(TOP[kind]), name
        for key, ty in TOP[kind].items():
            assert not _fits(context[key], ty, f"{name}: {key}", recs, used)
    assert kinds == set(TOP)
    assert used == set(recs) - {"Result"}, "documented records no template received"


def test_the_reference_in_the_docs_is_up_to_date() -> None:
    text = DOC.read_text(encoding="utf-8")
    before, _, rest = text.partition(START + "\n")
    documented, _, after = rest.partition(END)
    generated = reference()
    if os.environ.get("UPDATE_DOCS") and START in text:
        DOC.write_text(before + START + "\n" + generated + END + after, encoding="utf-8")
        documented = generated
    assert START in text and END in text
    assert documented == generated, "run: UPDATE_DOCS=1 pytest tests/test_docs_reports.py"


def test_jinja_settings_and_filters_are_documented() -> None:
    env = render._environment(None, charts=False)
    plain = SandboxedEnvironment()
    text = DOC.read_text(encoding="utf-8")
    for name in set(env.filters) - set(plain.filters):
        assert f"`{name}`" in text, name
    for name in set(env.tests) - set(plain.tests):
        assert f"`is {name}`" in text, name
    for name in env.globals.keys() - plain.globals.keys():
        assert f"`{name}`" in text, name
    for setting in ("trim_blocks", "lstrip_blocks", "keep_trailing_newline", "StrictUndefined"):
        assert f"`{setting}`" in text, setting
    assert env.trim_blocks and env.lstrip_blocks and env.keep_trailing_newline
