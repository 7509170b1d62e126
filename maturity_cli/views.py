"""Rich renderables for the terminal: tables of questionnaires, questions and results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import RenderableType

    from maturity_cli.questionnaire import Questionnaire
    from maturity_cli.result import FrameworkResult, Result


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
        table.add_row(q.id, f"{q.title}\nversion {q.version}", str(len(q.questions)), fws)
    return table


def _answer_kinds(q: Any) -> str:
    if q.type == "yes_no":
        text = "yes / no"
    elif q.type == "number":
        kind = "whole number" if q.spec.integer else "number"
        text = f"{kind} of {q.spec.unit}" if q.spec.unit else kind
    elif q.type == "text":
        text = "free text"
    else:
        sep = " < " if q.type == "scale" else " / "
        text = sep.join(str(v) for v in q.values)
        if q.type == "multiple_choice":
            text = "any of: " + text
    extras = [x for x, on in (("don't know", q.spec.allow_unknown), ("n/a", q.spec.allow_na)) if on]
    if extras:
        text += f"\nor {', '.join(extras)}"
    return text


def questions_view(q: Questionnaire) -> RenderableType:
    """The questions of a questionnaire, grouped by dimension, readable at 80 columns."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = [
        Text(f"{q.title} ({q.id} {q.version}): {len(q.questions)} questions", style="bold")
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
        title = q.dimension_titles[key] if key else "Context (not scored)"
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
            text.append(question.id, style="cyan")
            text.append("\n" + question.spec.text)
            if question.spec.when:
                text.append(f"\nonly when: {question.spec.when}", style="dim")
            table.add_row(str(number), text, _answer_kinds(question))
        parts += [Text(""), table]
    return Group(*parts)


def _level_line(fw: FrameworkResult) -> str:
    if fw.style == "gated":
        return f"level {fw.level} of {fw.max_level}: {fw.level_name}"
    unit = "%" if fw.style == "percentage" else ""
    return f"level {fw.level} of {fw.max_level}: {fw.level_name} (score {fw.score:g}{unit})"


def result_view(result: Result, *, top: int = 5) -> RenderableType:
    """A one-screen summary of one scored answers file."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    subject = result.subject or "(unnamed)"
    head = Text()
    head.append(subject, style="bold")
    head.append(f"  ·  {result.questionnaire.title} {result.questionnaire.version}")
    if result.assessed_on:
        head.append(f"  ·  assessed {result.assessed_on}")
    parts: list[Any] = [head]
    for fw in result.frameworks:
        parts.append(Text(""))
        line = Text()
        line.append(f"{fw.title}: ", style="bold")
        line.append(_level_line(fw))
        parts.append(line)
        table = Table(show_header=True, box=None, pad_edge=False, padding=(0, 2, 0, 0))
        table.add_column("Dimension")
        table.add_column("Level", justify="right")
        table.add_column("", no_wrap=True)
        table.add_column("Score", justify="right", no_wrap=True)
        for dim in fw.dimensions:
            level = "–" if dim.level is None else str(dim.level)
            score = "" if dim.score is None else f"{dim.score:g}/{dim.max_score:g}"
            table.add_row(dim.title, level, _bar(dim.ratio), score)
        parts.append(table)
        nxt = fw.next_level
        if nxt is not None and (nxt.unmet or nxt.requirement):
            parts.append(Text(f"To reach level {nxt.level} ({nxt.name}):", style="bold"))
            if nxt.requirement:
                parts.append(Text(f"  • {nxt.requirement}"))
            for crit in nxt.unmet:
                parts.append(Text(f"  • {crit.text}"))
    todo = [r for r in result.recommendations if r.kind == "do"][:top]
    hold = [r for r in result.recommendations if r.kind == "hold_off"]
    if todo:
        parts += [Text(""), Text("Next steps", style="bold")]
        for r in todo:
            parts.append(Text(f"  {r.priority}. {r.title}  [impact {r.impact}, effort {r.effort}]"))
    if hold:
        parts += [Text(""), Text("Hold off for now", style="bold")]
        for r in hold:
            parts.append(Text(f"  • {r.title}"))
    done = result.completeness
    parts += [
        Text(""),
        Text(
            f"{done.answered} of {done.total} answered · {done.unknown} don't know · "
            f"{done.not_applicable} not applicable · {done.unanswered} unanswered · "
            f"{done.not_asked} not asked",
            style="dim",
        ),
    ]
    return Group(*parts)


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
        table.add_column(fw_id, justify="right")
    for name, result in rows:
        levels = {fw.id: f"{fw.level} {fw.level_name}" for fw in result.frameworks}
        table.add_row(name, result.subject or "(unnamed)", *(levels.get(i, "–") for i in ids))
    return table
