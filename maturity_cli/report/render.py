"""Render results as reports: Markdown, self-contained HTML, or JSON.

One result gives a team report, several an organisation report. Templates run
in a Jinja2 sandbox with strict undefined variables; HTML templates always
autoescape, and Markdown templates escape text with the ``md`` filter. The same
input always gives the same bytes: no timestamps, stable ordering.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from markupsafe import Markup, escape

from maturity_cli.errors import InvalidFile, Problem, UsageError
from maturity_cli.load.catalog import templates_dir
from maturity_cli.markdown import http_url, md_escape, md_link
from maturity_cli.report import charts
from maturity_cli.report.organisation import collect, organisation_context, organisation_json
from maturity_cli.report.rollup import Rollup, team_name
from maturity_cli.report.sandbox import BudgetExceeded, BudgetSandbox, FolderLoader
from maturity_cli.report.teams import TeamSummary
from maturity_cli.scoring.result import FrameworkResult, Result, to_builtins, to_json
from maturity_cli.text import plain_text
from maturity_cli.vocabulary import FOLLOW_UP, status_word

Format = Literal["md", "html", "json"]
FORMATS: tuple[Format, ...] = ("md", "html", "json")


def number(value: object, digits: int = 2) -> str:
    """A number without float noise: ``1``, ``2.5``, ``0.33``; ``–`` for none."""
    if value is None:
        return "–"
    if not isinstance(value, (int, float)):
        return str(value)
    text = f"{round(float(value), digits):.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def count(value: object) -> str:
    """A whole number with thousands separated: ``10,000``."""
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def percent(value: object) -> str:
    """A ratio (0 to 1) as a whole percentage; ``–`` for none."""
    if not isinstance(value, (int, float)):
        return "–"
    return f"{round(max(0.0, min(1.0, float(value))) * 100)}%"


def text_bar(value: object, width: int = 10) -> str:
    """A ratio as a bar of block characters (Markdown and plain text)."""
    if not isinstance(value, (int, float)):
        return "·" * width
    filled = round(max(0.0, min(1.0, float(value))) * width)
    return "█" * filled + "░" * (width - filled)


def _environment(template_dir: Path | None, *, charts: bool) -> BudgetSandbox:

    builtin = str(templates_dir())
    loaders: list[Any] = []
    if template_dir is not None:
        if not template_dir.is_dir():
            raise UsageError(Problem("template folder does not exist", file=str(template_dir)))
        loaders.append(FolderLoader(template_dir))
    loaders += [
        PrefixLoader({"builtin": FileSystemLoader(builtin)}, delimiter=":"),
        FileSystemLoader(builtin),
    ]
    env = BudgetSandbox(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml", "svg", "html.j2", "htm.j2"),
            default_for_string=True,
            default=False,
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(
        md=md_escape,
        md_link=md_link,
        link=_html_link,
        num=number,
        count=count,
        pct=percent,
        bar=text_bar,
        status=status_word,
    )
    env.tests["http_url"] = lambda v: http_url(v) is not None
    env.globals["charts_enabled"] = charts
    return env


def _html_link(value: object) -> Any:
    """An ``<a href>`` for an http(s) URL; anything else as escaped text."""

    url = http_url(value)
    if url is None:
        return escape(str(value))
    return Markup('<a href="{0}" rel="noopener noreferrer nofollow">{1}</a>').format(url, url)


def team_context(result: Result, index: int = 0, *, charts: bool = False) -> dict[str, Any]:
    """What a template sees for one team: the result as plain data, plus helpers.

    Everything is worked out from the typed result; templates get plain data
    (the JSON shape of the result) so that custom templates see what JSON users see.
    """
    anchor = f"team-{index + 1}"
    recs = result.recommendations
    data: dict[str, Any] = to_builtins(result)
    data["name"] = team_name(result, index)
    data["anchor"] = anchor
    data["do"] = to_builtins([r for r in recs if r.kind == "do"])
    data["hold_off"] = to_builtins([r for r in recs if r.kind == "hold_off"])
    data["recommendation_titles"] = {r.id: r.title for r in recs}
    data["follow_ups"] = to_builtins([a for a in result.answers if a.status in FOLLOW_UP])
    data["notes"] = to_builtins([a for a in result.answers if a.note or a.evidence])
    for answer in [*data["answers"], *data["follow_ups"], *data["notes"]]:
        answer.setdefault("tags", [])  # JSON leaves out an empty list; templates see it
    titles: dict[str, str] = {}
    for fw, fw_data in zip(result.frameworks, data["frameworks"], strict=True):
        for dim in fw.dimensions:
            titles.setdefault(dim.id, dim.title)
        # JSON leaves out fields that have their default; templates always see them.
        for dim_data in fw_data["dimensions"]:
            dim_data.setdefault("applies", True)
        nxt = fw_data["next_level"] or {}
        for crit in [*fw_data["criteria"], *nxt.get("met", []), *nxt.get("unmet", [])]:
            crit.setdefault("applies", True)
            crit.setdefault("short", [])
        fw_data["charts"] = _framework_charts(fw, f"{anchor}-{fw.id}") if charts else {}
    data["dimension_titles"] = titles
    return data


def _framework_charts(fw: FrameworkResult, uid: str) -> dict[str, Any]:
    levels = [(lv.level, lv.name) for lv in fw.levels] or [(fw.level, fw.level_name)]
    # A dimension the framework does not rate is drawn as not rated, whatever its points.
    axes = [(d.title, d.ratio if d.level is not None else None) for d in fw.dimensions]
    # The chart functions escape every piece of text they draw, so the SVG is safe.
    return {
        "ladder": Markup(
            charts.ladder(
                levels, fw.level, title=f"{fw.title}: level ladder", chart_id=f"{uid}-ladder"
            )
        ),
        "radar": Markup(
            charts.radar(axes, title=f"{fw.title}: dimensions", chart_id=f"{uid}-radar")
        )
        if axes
        else "",
    }


def render_report(
    results: Sequence[Result],
    fmt: Format,
    *,
    template_dir: Path | None = None,
    summary: bool = False,
    trends: dict[str, Any] | None = None,
    disagreement: dict[str, Any] | None = None,
) -> str:
    """The report for one team (one result) or an organisation (several).

    ``trends`` (from :mod:`maturity_cli.report.trends`) adds "Progress over time";
    ``disagreement`` (several respondents' spread) adds "Where your people disagree".
    """
    if not results:
        raise UsageError("there are no results to report on")
    _check_format(fmt, summary)
    if fmt == "json":
        return to_json(results[0]) if len(results) == 1 else organisation_json(results)
    if len(results) > 1 and not summary:
        extra = {"trends": trends, "disagreement": disagreement}
        return render_organisation(results, fmt, template_dir=template_dir, **extra)
    charts = fmt == "html"
    context: dict[str, Any]
    if summary:
        name = "summary.md.j2"
        context = {"kind": "summary", "teams": [team_context(r, i) for i, r in enumerate(results)]}
    else:
        name = f"team.{fmt}.j2"
        context = {"kind": "team", "team": team_context(results[0], charts=charts)}
    return _finish(template_dir, fmt, name, context, trends, disagreement)


def _check_format(fmt: str, summary: bool) -> None:
    if fmt not in FORMATS:
        raise UsageError(f"unknown report format {fmt!r}; choose md, html or json")
    if summary and fmt != "md":
        raise UsageError(
            Problem("the summary form is Markdown only", hint="use --format md with --summary")
        )


def render_organisation(
    teams: Iterable[Result | TeamSummary] | Rollup,
    fmt: Literal["md", "html"],
    *,
    template_dir: Path | None = None,
    trends: dict[str, Any] | None = None,
    disagreement: dict[str, Any] | None = None,
) -> str:
    """The organisation report (Markdown or HTML) over teams, taken in one pass.

    ``teams`` may be any iterable (results or their summaries, as they are
    scored): each is reduced to a row of the roll-up and then dropped.
    """
    _check_format(fmt, False)
    rollup = teams if isinstance(teams, Rollup) else collect(teams)
    if not rollup.total:
        raise UsageError("there are no results to report on")
    context = organisation_context(rollup, charts=fmt == "html")
    return _finish(template_dir, fmt, f"org.{fmt}.j2", context, trends, disagreement)


def _finish(
    template_dir: Path | None,
    fmt: str,
    name: str,
    context: dict[str, Any],
    trends: dict[str, Any] | None,
    disagreement: dict[str, Any] | None,
) -> str:
    if trends:
        context["trends"] = trends
    if disagreement:
        context["disagreement"] = disagreement
    # No control sequence from the data reaches a terminal that shows the report.
    env = _environment(template_dir, charts=fmt == "html")
    text = plain_text(_render(env, name, context))
    if fmt == "md":
        text = re.sub(r"[ \t]+\n", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"


def _render(env: BudgetSandbox, name: str, context: dict[str, Any]) -> str:

    try:
        return env.render_bounded(name, context)
    except (BudgetExceeded, RecursionError) as exc:
        file, line = _template_frame(exc)
        what = (
            "templates include or call themselves too deeply"
            if isinstance(exc, RecursionError)
            else str(exc)
        )
        raise InvalidFile(
            Problem(
                f"template error: {what}",
                file=file or name,
                line=line,
                hint="custom templates have a time and size budget and must not recurse",
            )
        ) from None
    except TemplateSyntaxError as exc:
        raise InvalidFile(
            Problem(
                f"template syntax error: {exc.message}",
                file=exc.filename or exc.name or name,
                line=exc.lineno,
            )
        ) from None
    except TemplateNotFound as exc:
        raise InvalidFile(
            Problem(f"template not found: {exc.name}", file=name, hint="check --template-dir")
        ) from None
    except TemplateError as exc:
        file, line = _template_frame(exc)
        raise InvalidFile(Problem(f"template error: {exc}", file=file or name, line=line)) from None


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line in a rendering error's traceback."""
    file: str | None = None
    line: int | None = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or filename == "<template>":
            file, line = filename, tb.tb_lineno
        tb = tb.tb_next
    return file, line
