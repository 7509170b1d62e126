"""GitHub Actions output: workflow-command annotations and a job-summary Markdown table.

Escaping follows GitHub's runner: in messages ``%``, ``\\r`` and ``\\n`` become
``%25``, ``%0D`` and ``%0A``; in properties ``:`` and ``,`` also become ``%3A``
and ``%2C``.
"""

from __future__ import annotations

from maturity_cli.ci.gate import CheckReport, Outcome
from maturity_cli.markdown import md_escape


def escape_data(text: str) -> str:
    """Escape a workflow-command message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow-command property value (``title=``, ``file=``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **properties: str) -> str:
    """One workflow command line, e.g. ``::error title=T,file=F::message``."""
    props = ",".join(f"{k}={escape_property(v)}" for k, v in properties.items())
    return f"::{kind}{' ' + props if props else ''}::{escape_data(message)}"


def _text(o: Outcome) -> str:
    text = f"{o.subject}: {o.label}: required {o.required}, actual {o.actual}"
    return f"{text}. To do: {o.advice}" if o.advice else text


def workflow_commands(report: CheckReport) -> list[str]:
    """``::error`` for failures, ``::warning`` for warnings and expired waivers."""
    lines: list[str] = []
    for o in report.outcomes:
        if o.status in ("fail", "error-stale"):
            lines.append(command("error", _text(o), title=f"maturity: {o.label}", file=o.source))
        elif o.status == "warn":
            lines.append(command("warning", _text(o), title=f"maturity: {o.label}", file=o.source))
    for w in report.expired_waivers:
        lines.append(
            command(
                "warning",
                f"waiver for {w.target} expired on {w.expires} ({w.reason}"
                + (f", owner {w.owner})" if w.owner else ")"),
                title=f"maturity: expired waiver {w.target}",
            )
        )
    return lines


_ICONS = {
    "pass": "✅ pass",
    "fail": "❌ fail",
    "warn": "⚠️ warn",
    "waived": "⏭️ waived",
    "error-stale": "❌ stale",
}


def summary_markdown(report: CheckReport) -> str:
    """A GFM job summary: verdict line and one table row per outcome."""
    verdict = "❌ failed" if report.failed else "✅ passed"
    counts = ", ".join(
        f"{report.count(s)} {s}"
        for s in ("pass", "fail", "warn", "waived", "error-stale")
        if report.count(s)
    )
    lines = [
        f"## Maturity check {verdict}",
        "",
        f"{counts or 'no targets'} (checked on {report.today})",
        "",
        "| File | Target | Required | Actual | Status | To do |",
        "| --- | --- | --- | --- | --- | --- |",
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
    return "\n".join(lines) + "\n"
