"""Rich renderables for the terminal: tables of questionnaires, questions and results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from maturity_cli.text import plain_text, safe_text

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from maturity_cli.questionnaire.loader import Questionnaire
    from maturity_cli.scoring.result import FrameworkResult, Result


def _bar(ratio: float | None, width: int = 10) -> str:
    if ratio is None:
        return "·" * width
    filled = round(max(0.0, min(1.0, ratio)) * width)
    return "█" * filled + "░" * (width - filled)


def questionnaires_table(items: Sequence[Questionnaire]) -> RenderableType:
    """The built-in questionnaires and their frameworks."""
    from rich.table import Table

    table = Table(title="Built-in questionnaires", title_justify="left", expand=False)
    table.add_column("ID", style="bold", no_wrap=True)
    table.add_column("Title")
    table.add_column("Questions", justify="right")
    table.add_column("Frameworks (levels)")
    for q in items:
        fws = "\n".join(
            f"{fw.id}: {fw.levels[0].level}–{fw.levels[-1].level}" for fw in q.frameworks
        )
        table.add_row(
            safe_text(q.id),
            safe_text(f"{q.title}\nversion {q.version}"),
            str(len(q.questions)),
            safe_text(fws),
        )
    return table


def _answer_kinds(q: Any) -> str:
    return str(q.allowed_answers)


def questions_view(q: Questionnaire) -> RenderableType:
    """The questions of a questionnaire, grouped by dimension, readable at 80 columns."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = [
        Text(
            plain_text(f"{q.title} ({q.id} {q.version}): {len(q.questions)} questions"),
            style="bold",
        )
    ]
    groups: dict[str | None, list[Any]] = {}
    for question in q.questions:
        key = None if question.spec.context else question.spec.dimension
        groups.setdefault(key, []).append(question)
    order = [None, *q.dimension_titles] if None in groups else list(q.dimension_titles)
    number = 0
    for key in order:
        if key not in groups:
            continue
        title = safe_text(q.dimension_titles[key]) if key else "Context (not scored)"
        table = Table(
            title=title,
            title_justify="left",
            title_style="bold",
            expand=True,
            box=box.SIMPLE_HEAD,
            show_lines=True,
            pad_edge=False,
        )
        table.add_column("#", justify="right", no_wrap=True, width=3)
        table.add_column("Question", ratio=3)
        table.add_column("Answers", ratio=2)
        for question in groups[key]:
            number += 1
            text = Text()
            text.append(plain_text(question.id), style="cyan")
            text.append("\n" + plain_text(question.spec.text))
            if question.spec.when:
                text.append(plain_text(f"\nonly when: {question.spec.when}"), style="dim")
            table.add_row(str(number), text, safe_text(_answer_kinds(question)))
        parts += [Text(""), table]
    return Group(*parts)


def _level_line(fw: FrameworkResult) -> str:
    if fw.style == "gated":
        return f"level {fw.level} of {fw.max_level}: {fw.level_name}"
    unit = "%" if fw.style == "percentage" else ""
    return f"level {fw.level} of {fw.max_level}: {fw.level_name} (score {fw.score:g}{unit})"


Line = tuple[str, "str | None"]


def _wrapped(text: str, width: int, style: str | None = None, mark: str = "") -> list[Line]:
    """``text`` wrapped to ``width``; with ``mark``, as a bullet with a hanging indent."""
    import textwrap

    if not mark:
        return [(piece, style) for piece in textwrap.wrap(text, width=width)]
    indent = f"  {mark} "
    pieces = textwrap.wrap(
        text, width=width, initial_indent=indent, subsequent_indent=" " * len(indent)
    )
    return [(piece, style) for piece in pieces]


def _framework_lines(result: Result, fw: FrameworkResult, width: int) -> list[Line]:
    out: list[Line] = [("", None), *_wrapped(f"{fw.title}: {_level_line(fw)}", width, "bold")]
    name_width = min(max((len(d.title) for d in fw.dimensions), default=9), width - 29)
    out.append((f"{'Dimension':<{name_width}}  Level  {'':10}  {'Score':>7}", "dim"))
    for dim in fw.dimensions:
        title = dim.title if len(dim.title) <= name_width else dim.title[: name_width - 1] + "…"
        level = "–" if dim.level is None else str(dim.level)
        score = "" if dim.score is None else f"{dim.score:g}/{dim.max_score:g}"
        if not dim.applies:
            score = "not applicable"
        ratio = dim.ratio if dim.level is not None else None  # not rated: no bar
        row = f"{title:<{name_width}}  {level:>5}  {_bar(ratio)}  {score:>7}"
        out.append((row.rstrip(), None))
    return out + _next_level_lines(result, fw, width)


def _next_level_lines(result: Result, fw: FrameworkResult, width: int) -> list[Line]:
    nxt, out = fw.next_level, []
    if nxt is not None and nxt.unmet:
        n = len(nxt.unmet)
        things = "1 thing stands" if n == 1 else f"{n} things stand"
        out += _wrapped(f"{things} between you and level {nxt.level} ({nxt.name}):", width, "bold")
        for crit in nxt.unmet:
            short = f" (short: {'; '.join(crit.short)})" if crit.short else ""
            out += _wrapped(crit.text + short, width, mark="•")
        if nxt.unlocked_by:
            start = next(r.title for r in result.recommendations if r.id == nxt.unlocked_by)
            out += _wrapped(f"Start with: {start}", width, mark="→")
    elif nxt is not None and nxt.summary:
        out += _wrapped(nxt.summary, width, "bold")
    return out


def _advice_lines(result: Result, top: int, width: int) -> list[Line]:
    """The first next steps, then the hold-off advice: its own heading, colour and reason."""
    todo = [r for r in result.recommendations if r.kind == "do"][:top]
    hold = [r for r in result.recommendations if r.kind == "hold_off"]
    out: list[Line] = []
    if todo:
        out += [("", None), ("Next steps", "bold")]
        for r in todo:
            tags = [f"impact {r.impact}", f"effort {r.effort}"]
            tags += [f"unlocks {u.framework_title} level {u.level}" for u in r.unlocks]
            out += _wrapped(f"{r.title}  [{', '.join(tags)}]", width, mark=f"{r.priority}.")
    if hold:
        out += [("", None), ("Not yet: hold off for now", "bold magenta")]
        for r in hold:
            reason = r.reason.removeprefix("Applies because: ")
            out += _wrapped(f"{r.title}: {reason}", width, "magenta", mark="⏸")
    return out


def result_lines(result: Result, *, top: int = 5, width: int = 80) -> list[Line]:
    """A one-screen summary of one scored answers file as (text, style) lines.

    Plain lines (no table layout): they render fast, wrap with hanging indents at
    any width, and print without rich when the output is not a terminal.
    """
    width = max(40, width)
    subject = result.subject or result.source.replace("\\", "/").rsplit("/", 1)[-1]
    head = f"{subject}  ·  {result.questionnaire.title} {result.questionnaire.version}"
    if result.assessed_on:
        head += f"  ·  assessed {result.assessed_on}"
    out = _wrapped(head, width, "bold")
    for fw in result.frameworks:
        out += _framework_lines(result, fw, width)
    out += _advice_lines(result, top, width)
    done = result.completeness
    summary = (
        f"{done.answered} of {done.total} answered · {done.unknown} don't know · "
        f"{done.not_applicable} not applicable · {done.unanswered} unanswered · "
        f"{done.not_asked} not asked"
    )
    done_lines = [*out, ("", None), *_wrapped(summary, width, "dim")]
    return [(plain_text(text), style) for text, style in done_lines]


def plain(lines: Sequence[Line]) -> str:
    """Lines as plain text, for pipes and files."""
    return "".join(text + "\n" for text, _ in lines)


def result_view(result: Result, *, top: int = 5, width: int = 80) -> Text:
    """The summary of :func:`result_lines` as styled rich text for a terminal."""
    from rich.text import Text

    out = Text()
    for i, (text, style) in enumerate(result_lines(result, top=top, width=width)):
        if i:
            out.append("\n")
        out.append(text, style=style)
    return out


def batch_table(rows: Sequence[tuple[str, Result]]) -> RenderableType:
    """One row per scored file, one column per framework."""
    from rich.table import Table

    table = Table(expand=False)
    table.add_column("File", overflow="fold")
    table.add_column("Subject")
    ids: list[str] = []
    for _, result in rows:
        for fw in result.frameworks:
            if fw.id not in ids:
                ids.append(fw.id)
    for fw_id in ids:
        table.add_column(safe_text(fw_id), justify="right")
    for name, result in rows:
        levels = {fw.id: f"{fw.level} {fw.level_name}" for fw in result.frameworks}
        cells = [name, result.subject or "(unnamed)", *(levels.get(i, "–") for i in ids)]
        table.add_row(*(safe_text(cell) for cell in cells))
    return table
