"""GitHub Actions output: workflow-command annotations and a job-summary Markdown table.

Escaping follows GitHub's runner: in messages ``%``, ``\\r`` and ``\\n`` become
``%25``, ``%0D`` and ``%0A``; in properties ``:`` and ``,`` also become ``%3A``
and ``%2C``. Control characters from the answers are left out.

GitHub shows only a few annotations of each kind per step, so failures are grouped:
at most one annotation per answers file and target kind (framework, dimension,
criterion, max_age, regression), listing every target of the group, located at
the first answer that bears on it (file, line, col relative to the repository).
Both are written as outcomes arrive (:class:`Annotations`, :class:`JobSummary`).
"""

from __future__ import annotations

import io

from maturity_cli.ci.locate import Locations
from maturity_cli.ci.outcome import FAILING, CheckEnd, FileError, Outcome
from maturity_cli.ci.spool import Groups, Output, Spool
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


_LEVEL = {"fail": "error", "error-stale": "error", "warn": "warning"}


class Annotations:
    """Workflow commands written as outcomes arrive; one per file and target kind missed.

    A group's words wait in a temporary file, led by what its first outcome
    says (its label, where it points, its subject); in memory a group keeps only
    its count and where its bytes are.
    """

    def __init__(self, where: Locations | None = None) -> None:
        self.where = where or Locations(None)
        self.groups: Groups[tuple[str, str, str]] = Groups(1)

    def add(self, o: Outcome) -> None:
        """One outcome: a failure or warning joins its group."""
        level = _LEVEL.get(o.status)
        if level is None:
            return
        key = (level, o.source, o.kind)
        if key in self.groups.index:
            data = escape_data("\n" + _text(o))
        else:  # no NUL comes out of escape_data/escape_property: it separates the parts
            spot = self.where.outcome(o)
            props = _props(spot.file, spot.line, spot.column)
            title = escape_property(f"maturity: {o.label}")
            lead = [title, ",".join(f"{k}={escape_property(v)}" for k, v in props.items())]
            data = "\0".join([*lead, escape_data(f"{o.subject}: " + _text(o))])
        self.groups.add(key, data.encode("utf-8"), 1)

    def finish(self, end: CheckEnd, out: Output) -> None:
        """Write the lines: unreadable files, groups, expired waivers, warnings."""
        bad: dict[str, list[FileError]] = {}
        for e in end.errors:
            bad.setdefault(e.source, []).append(e)
        for source, errors in bad.items():
            line = command(
                "error",
                "\n".join(e.message + (f" (hint: {e.hint})" if e.hint else "") for e in errors),
                title="maturity: cannot check this file",
                **_props(self.where.relative(source), errors[0].line, errors[0].column),
            )
            out.write(line.encode("utf-8") + b"\n")
        for key, (count,) in self.groups.items():
            level, _, kind = key
            text = io.BytesIO()
            self.groups.copy(key, text)
            title, props, message = text.getvalue().decode("utf-8").split("\0", 2)
            if count > 1:
                title = escape_property(f"maturity: {count} {kind} targets missed")
            line = f"::{level} title={title},{props}::{message}\n"
            out.write(line.encode("utf-8"))
        lines = [
            command(
                "warning",
                f"waiver for {w.target} expired on {w.expires} ({w.reason}"
                + (f", owner {w.owner})" if w.owner else ")"),
                title=f"maturity: expired waiver {w.target}",
            )
            for w in end.expired_waivers
        ]
        lines += [command("warning", text, title="maturity") for text in end.warnings]
        out.write("".join(line + "\n" for line in lines).encode("utf-8"))

    def close(self) -> None:
        self.groups.close()


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


class JobSummary:
    """The GFM job summary written as outcomes arrive: verdict and counts, then a row each."""

    def __init__(self) -> None:
        self.rows = Spool()
        self.counts = dict.fromkeys(_ICONS, 0)

    def add(self, o: Outcome) -> None:
        """One outcome: a table row."""
        self.counts[o.status] += 1
        todo = o.waiver.reason if o.status == "waived" and o.waiver else o.advice
        row = (
            f"| {md_escape(o.source)} | {md_escape(o.label)} | {md_escape(o.required)} | "
            f"{md_escape(o.actual)} | {_ICONS[o.status]} | {md_escape(todo)} |\n"
        )
        self.rows.write(row.encode("utf-8"))

    def finish(self, end: CheckEnd, out: Output) -> None:
        """Write the summary."""
        failed = any(self.counts[s] for s in FAILING)
        verdict = "❌ failed" if failed or end.errors else "✅ passed"
        counts = ", ".join(f"{n} {s}" for s, n in self.counts.items() if n)
        if end.errors:
            counts += f"{', ' if counts else ''}{len(end.errors)} file error(s)"
        lines = [
            f"## Maturity check {verdict}",
            "",
            f"{counts or 'no targets'} (checked on {end.today})",
            "",
            "| File | Target | Required | Actual | Status | To do |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| {md_escape(e.source)} | (whole file) | readable answers | "
            f"{md_escape(e.render())} | ❌ error | fix the file |"
            for e in end.errors
        ]
        out.write("".join(line + "\n" for line in lines).encode("utf-8"))
        self.rows.copy(out)
        lines = []
        if end.expired_waivers:
            lines += ["", "**Expired waivers**", ""]
            lines += [
                f"- {md_escape(w.target)}: expired {w.expires} ({md_escape(w.reason)})"
                for w in end.expired_waivers
            ]
        if end.warnings:
            lines += ["", "**Warnings**", ""]
            lines += [f"- {md_escape(text)}" for text in end.warnings]
        out.write("".join(line + "\n" for line in lines).encode("utf-8"))

    def close(self) -> None:
        self.rows.close()
