"""``maturity check`` as it streams: each file's outcomes go to every output at once.

No output holds the report: the table keeps a line per file, JSON, JUnit, SARIF
and the GitHub outputs spool their items to temporary files
(:mod:`maturity_cli.ci.spool`), and everything is written once every file is
checked, in the order the command always wrote it. With ``--scan``/``--evidence``
each result is set against the scan as it comes, and only its findings are kept.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import typer

from maturity_cli.ci.outcome import FAILING
from maturity_cli.cli.common import EXIT_BAD_INPUT, EXIT_TARGETS_MISSED
from maturity_cli.cli.formats import TableOrJson, unhandled

if TYPE_CHECKING:
    from maturity_cli.ci.check_json import JsonWriter
    from maturity_cli.ci.claims import Findings
    from maturity_cli.ci.gate import CheckEnd, Outcome
    from maturity_cli.ci.github import Annotations, JobSummary
    from maturity_cli.ci.junit import JunitWriter
    from maturity_cli.ci.policy import Policy
    from maturity_cli.ci.sarif import SarifWriter
    from maturity_cli.cli.check_output import Summary
    from maturity_cli.cli.scan import Severity
    from maturity_cli.scoring.result import Result

_NAMED = 10
"""The last line names at most this many misses: thousands would bury it."""


class _Writer(Protocol):
    def add(self, o: Outcome, /) -> None: ...

    def close(self) -> None: ...


class Verdict:
    """The error-level misses: how many, and the first few by name."""

    def __init__(self) -> None:
        self.count = 0
        self.names: list[str] = []

    def add(self, o: Outcome) -> None:
        if o.status in FAILING:
            self.count += 1
            if len(self.names) < _NAMED:
                self.names.append(f"{o.label} ({o.source})")

    def close(self) -> None:
        pass


class Outputs:
    """Every output the command line asked for, fed one outcome at a time."""

    def __init__(
        self, fmt: TableOrJson, details: bool, junit: bool, sarif: bool, evidence: bool
    ) -> None:
        from maturity_cli.ci.check_json import JsonWriter
        from maturity_cli.ci.github import Annotations, JobSummary
        from maturity_cli.ci.junit import JunitWriter
        from maturity_cli.ci.locate import Locations, repository_root
        from maturity_cli.ci.sarif import SarifWriter
        from maturity_cli.cli.check_output import Summary

        github = os.environ.get("GITHUB_ACTIONS") == "true"
        where = Locations(repository_root()) if sarif or github else None
        self.verdict = Verdict()
        self.table: Summary | None = None
        self.json: JsonWriter | None = None
        match fmt:
            case TableOrJson.table:
                self.table = Summary(details)
            case TableOrJson.json:
                self.json = JsonWriter(evidence=evidence)
            case _:
                unhandled(fmt)
        self.junit: JunitWriter | None = JunitWriter() if junit else None
        self.sarif: SarifWriter | None = SarifWriter(where) if sarif and where else None
        self.annotations: Annotations | None = Annotations(where) if github and where else None
        summary = github and bool(os.environ.get("GITHUB_STEP_SUMMARY"))
        self.job: JobSummary | None = JobSummary() if summary else None
        found = [
            self.verdict,
            self.table,
            self.json,
            self.junit,
            self.sarif,
            self.annotations,
            self.job,
        ]
        self.writers: list[_Writer] = [w for w in found if w is not None]

    def add(self, outcomes: list[Outcome]) -> None:
        for o in outcomes:
            for w in self.writers:
                w.add(o)

    def close(self) -> None:
        for w in self.writers:
            w.close()


class CheckEvidence:
    """Each result set against the scan as it comes; its findings and claims kept."""

    def __init__(
        self, source: Path, questionnaire: str | None, policy: Policy, flag: Severity | None
    ) -> None:
        from maturity_cli.ci.claims import FindingList
        from maturity_cli.ci.spool import Spool
        from maturity_cli.cli.scan import Evidence

        self.evidence = Evidence(source, questionnaire)
        self.found = FindingList(policy, flag.value if flag is not None else None)
        self.json: JsonWriter | None = None
        self.markdown = Spool() if os.environ.get("GITHUB_STEP_SUMMARY") else None

    def add(self, result: Result) -> None:
        from maturity_cli.report.claims import claims_markdown

        check, q = self.evidence.check(result)
        self.found.add(check, result, q)
        if self.json is not None:
            self.json.add_evidence(check)
        if self.markdown is not None:
            self.markdown.write(claims_markdown(check).encode("utf-8"))

    def close(self) -> None:
        if self.markdown is not None:
            self.markdown.close()


def emit(
    end: CheckEnd,
    out: Outputs,
    junit: Path | None,
    sarif: Path | None,
    evidence: CheckEvidence | None,
) -> Findings | None:
    """Write the reports, the table or JSON, warnings, GitHub outputs; return the findings."""
    import maturity_cli.cli.console as console
    from maturity_cli.cli.check_output import TextOut, fit

    found = evidence.found.found() if evidence is not None else None
    _write_reports(end, out, junit, sarif, found)
    if out.table is not None:
        out.table.show(end)
    elif out.json is not None:
        out.json.finish(end, TextOut(sys.stdout, json=True))
    for e in end.errors:
        console.error(fit(e.render(), sys.stderr))
    for w in end.expired_waivers:
        console.warning(
            fit(f"waiver for {w.target} expired on {w.expires}: {w.reason}", sys.stderr)
        )
    for text in end.warnings:
        console.warning(fit(text, sys.stderr))
    if out.annotations is not None:
        stream = sys.stdout if out.table is not None else sys.stderr
        out.annotations.finish(end, TextOut(stream))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if out.job is not None and summary:
        with Path(summary).open("a", encoding="utf-8") as fh:
            out.job.finish(end, TextOut(fh))
    if evidence is not None and found is not None:
        _report_evidence(found, evidence)
    return found


def _report_evidence(found: Findings, evidence: CheckEvidence) -> None:
    """Print each finding (and GitHub annotations and the claims in the job summary)."""
    import maturity_cli.cli.console as console
    from maturity_cli.ci.github import command

    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for f in found.items:
        (console.error if found.errors else console.warning)(f.text)
        if github:
            props = {"title": "maturity: claim not backed by the repository"}
            if f.file is not None:
                props["file"] = os.path.normpath(f.file)
            if f.line is not None:
                props["line"] = str(f.line)
            line = command("error" if found.errors else "warning", f.text, **props)
            sys.stdout.write(line + "\n")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and found.items and evidence.markdown is not None:
        from maturity_cli.cli.check_output import TextOut

        with Path(summary).open("a", encoding="utf-8") as fh:
            evidence.markdown.copy(TextOut(fh))
    if found.items:
        kind = "error" if found.errors else "warning"
        console.info(f"{len(found.items)} claim(s) the repository's files do not back ({kind}s)")


def _write_reports(
    end: CheckEnd, out: Outputs, junit: Path | None, sarif: Path | None, found: Findings | None
) -> None:
    from maturity_cli.ci.claims import junit_suite
    from maturity_cli.files import Sink

    if junit is not None and out.junit is not None:
        junit.parent.mkdir(parents=True, exist_ok=True)  # CI report folders
        with Sink(junit) as sink:
            out.junit.finish(end, sink, junit_suite(found) if found else [])
    if sarif is not None and out.sarif is not None:
        sarif.parent.mkdir(parents=True, exist_ok=True)
        with Sink(sarif) as sink:
            out.sarif.finish(end, sink)


def finish(end: CheckEnd, verdict: Verdict) -> None:
    """The last line says what went wrong, then the exit code: 2 bad files, 1 missed targets."""
    import maturity_cli.cli.console as console
    from maturity_cli.cli.check_output import fit

    if verdict.count:
        names = ", ".join(verdict.names)
        more = verdict.count - len(verdict.names)
        names += f" and {more} more" if more > 0 else ""
        console.error(fit(f"{verdict.count} error-level target(s) missed: {names}", sys.stderr))
    if end.errors:
        bad = sorted({e.source for e in end.errors})
        console.error(fit(f"{len(bad)} file(s) could not be checked: {_some(bad)}", sys.stderr))
        raise typer.Exit(EXIT_BAD_INPUT)
    if verdict.count:
        raise typer.Exit(EXIT_TARGETS_MISSED)


def _some(listed: list[str]) -> str:
    more = len(listed) - _NAMED
    return ", ".join(listed[:_NAMED]) + (f" and {more} more" if more > 0 else "")
