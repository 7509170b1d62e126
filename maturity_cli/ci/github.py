"""GitHub Actions output: workflow-command annotations and a job-summary Markdown table.

Escaping follows GitHub's runner: in messages ``%``, ``\\r`` and ``\\n`` become
``%25``, ``%0D`` and ``%0A``; in properties ``:`` and ``,`` also become ``%3A``
and ``%2C``. Control characters from the answers become U+FFFD.

GitHub shows only a few annotations of each kind per step, so failures are grouped:
at most one annotation per answers file and target kind (framework, dimension,
criterion, max_age, regression), listing every target of the group, located at
the first answer that bears on it (file, line, col relative to the repository).
"""

from __future__ import annotations

from maturity_cli.ci.locate import Locations
from maturity_cli.ci.outcome import CheckReport, FileError, Outcome
from maturity_cli.markdown import md_escape
from maturity_cli.text import xml_text


def escape_data(text: str) -> str:
    """Escape a workflow-command message."""
    return xml_text(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow-command property value (``title=``, ``file=``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **properties: str) -> str:
    """One workflow command line, e.g. ``::error title=T,file=F::message``."""
    props = ",".join(f"{k}={escape_property(v)}" for k, v in properties.items())
    return f"::{kind}{' ' + props if props else ''}::{escape_data(message)}"


def _text(o: Outcome) -> str:
    text = f"{o.label}: required {o.required}, actual {o.actual}"
    return f"{text}. To do: {o.advice}" if o.advice else text


def workflow_commands(report: CheckReport, where: Locations | None = None) -> list[str]:
    """``::error`` for failures and bad files, ``::warning`` for warnings and expired waivers."""
    where = where or Locations(None)
    bad: dict[str, list[FileError]] = {}
    for e in report.errors:
        bad.setdefault(e.source, []).append(e)
    lines = [
        command(
            "error",
            "\n".join(e.message + (f" (hint: {e.hint})" if e.hint else "") for e in errors),
            title="maturity: cannot check this file",
            **_props(where.relative(source), errors[0].line, errors[0].column),
        )
        for source, errors in bad.items()
    ]
    groups: dict[tuple[str, str, str], list[Outcome]] = {}
    for o in report.outcomes:
        level = {"fail": "error", "error-stale": "error", "warn": "warning"}.get(o.status)
        if level is not None:
            groups.setdefault((level, o.source, o.kind), []).append(o)
    for (level, _, kind), outcomes in groups.items():
        spot = where.outcome(outcomes[0])
        title = (
            f"maturity: {outcomes[0].label}"
            if len(outcomes) == 1
            else f"maturity: {len(outcomes)} {kind} targets missed"
        )
        message = f"{outcomes[0].subject}: " + "\n".join(_text(o) for o in outcomes)
        lines.append(
            command(level, message, title=title, **_props(spot.file, spot.line, spot.column))
        )
    for w in report.expired_waivers:
        lines.append(
            command(
                "warning",
                f"waiver for {w.target} expired on {w.expires} ({w.reason}"
                + (f", owner {w.owner})" if w.owner else ")"),
                title=f"maturity: expired waiver {w.target}",
            )
        )
    lines += [command("warning", text, title="maturity") for text in report.warnings]
    return lines


def _props(file: str, line: int | None, column: int | None) -> dict[str, str]:
    props = {"file": file}
    if line is not None:
        props["line"] = str(line)
        if column is not None:
            props["col"] = str(column)
    return props


_ICONS = {
    "pass": "✅ pass",
    "fail": "❌ fail",
    "warn": "⚠️ warn",
    "waived": "⏭️ waived",
    "error-stale": "❌ stale",
}


def summary_markdown(report: CheckReport) -> str:
    """A GFM job summary: verdict line and one table row per outcome."""
    verdict = "❌ failed" if report.failed or report.errors else "✅ passed"
    counts = ", ".join(
        f"{report.count(s)} {s}"
        for s in ("pass", "fail", "warn", "waived", "error-stale")
        if report.count(s)
    )
    if report.errors:
        counts += f"{', ' if counts else ''}{len(report.errors)} file error(s)"
    lines = [
        f"## Maturity check {verdict}",
        "",
        f"{counts or 'no targets'} (checked on {report.today})",
        "",
        "| File | Target | Required | Actual | Status | To do |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| {md_escape(e.source)} | (whole file) | readable answers | "
        f"{md_escape(e.render())} | ❌ error | fix the file |"
        for e in report.errors
    ]
    for o in report.outcomes:
        lines.append(
            f"| {md_escape(o.source)} | {md_escape(o.label)} | {md_escape(o.required)} | "
            f"{md_escape(o.actual)} | {_ICONS[o.status]} | "
            f"{md_escape(o.waiver.reason if o.status == 'waived' and o.waiver else o.advice)} |"
        )
    if report.expired_waivers:
        lines += ["", "**Expired waivers**", ""]
        lines += [
            f"- {md_escape(w.target)}: expired {w.expires} ({md_escape(w.reason)})"
            for w in report.expired_waivers
        ]
    if report.warnings:
        lines += ["", "**Warnings**", ""]
        lines += [f"- {md_escape(text)}" for text in report.warnings]
    return "\n".join(lines) + "\n"
