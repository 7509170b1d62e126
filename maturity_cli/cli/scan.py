"""The ``maturity scan`` command: propose answers from a repository's files."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from maturity_cli.cli.common import QuestionnaireOpt, command
from maturity_cli.cli.formats import ScanFormat, unhandled

if TYPE_CHECKING:
    from maturity_cli.evidence.scan import ScanResult
    from maturity_cli.questionnaire.definitions import Questionnaire
    from maturity_cli.scoring.claims import EvidenceCheck
    from maturity_cli.scoring.result import Result


def register(app: typer.Typer) -> None:
    """Add the ``scan`` command to the application."""

    @app.command("scan")
    @command
    def scan(
        path: Annotated[Path, typer.Argument(help="Repository folder to read.")],
        questionnaire: QuestionnaireOpt = None,
        fmt: Annotated[
            ScanFormat, typer.Option("--format", "-f", help="Output format.")
        ] = ScanFormat.table,
        output: Annotated[
            Path | None,
            typer.Option("--output", "-o", help="Write to this file instead of stdout."),
        ] = None,
    ) -> None:
        """Reads files only: nothing in the repository is executed and nothing goes
        over the network.
        """
        from maturity_cli.evidence.render import to_markdown, to_text
        from maturity_cli.files import write_atomic
        from maturity_cli.scoring.result import to_json

        result = run_scan(path, questionnaire)
        match fmt:
            case ScanFormat.json:
                text = to_json(result)
            case ScanFormat.md:
                text = to_markdown(result)
            case ScanFormat.table:
                text = to_text(result)
            case _:
                unhandled(fmt)
        if output is not None:
            _refuse_inside(output, path)
            write_atomic(output, text)
        else:
            sys.stdout.write(text)


def run_scan(path: Path, questionnaire: str | Questionnaire | None) -> ScanResult:
    """Scan ``path`` with a questionnaire (a loaded one, an id or path, or the default)."""
    import maturity_cli.cli.console as console
    from maturity_cli.errors import Problem, UsageError
    from maturity_cli.evidence.scan import scan_repository
    from maturity_cli.questionnaire.loader import default_questionnaire, load_questionnaire

    q = (
        questionnaire
        if not isinstance(questionnaire, (str, type(None)))
        else load_questionnaire(questionnaire or default_questionnaire())
    )
    if q.evidence is None:
        raise UsageError(
            Problem(
                f"questionnaire {q.id!r} has no evidence section",
                hint="see docs/evidence.md to add one, or pick another with -q",
            )
        )
    result = scan_repository(path, q, str(path))
    if result.notes:
        console.info(f"{len(result.notes)} file(s) skipped or partly read (listed in the output)")
    return result


def scan_proposals(path: Path, q: Questionnaire) -> dict[str, tuple[object, str]]:
    """``maturity assess --scan``: each proposed answer, and the note that says why."""
    from maturity_cli.evidence.prefill import proposal_note

    result = run_scan(path, q)
    return {p.question: (p.answer, proposal_note(p)) for p in result.proposals}


def prefill_answers(template: str, path: Path, questionnaire: str) -> str:
    """``maturity init --scan``: the answers template with the scan's proposals filled in."""
    import maturity_cli.cli.console as console
    from maturity_cli.evidence.prefill import prefill
    from maturity_cli.questionnaire.loader import load_questionnaire

    result = run_scan(path, questionnaire)
    console.info(
        f"Pre-filled {len(result.proposals)} answer(s) proposed by scanning {path}; "
        "each carries a note with its evidence: check them."
    )
    return prefill(template, result, load_questionnaire(questionnaire))


def _refuse_inside(output: Path, path: Path) -> None:
    """Never write over a file of the scanned repository, nor over a non-regular file."""
    from maturity_cli.errors import Problem, UsageError

    target = output.resolve()
    if target.exists() and not target.is_file():
        raise UsageError(
            Problem(
                "refusing to replace something that is not a regular file",
                file=str(output),
                hint="leave out -o to print to standard output",
            )
        )
    if target.exists() and target.is_relative_to(path.resolve()):
        raise UsageError(
            Problem(
                "refusing to replace a file of the scanned folder",
                file=str(output),
                hint="write the scan somewhere else",
            )
        )


EvidenceOpt = Annotated[
    Path | None,
    typer.Option(
        "--scan",
        "--evidence",
        metavar="PATH",
        help="Set the answers against the files of this repository folder, "
        "or against a saved scan (maturity scan --format json).",
        show_default=False,
    ),
]
ProposeScanOpt = Annotated[
    Path | None,
    typer.Option(
        "--scan",
        metavar="PATH",
        help="Propose the answers found by scanning this repository folder (maturity scan).",
        show_default=False,
    ),
]


def evidence_checks(
    results: list[Result], source: Path | None, questionnaire: str | None
) -> list[EvidenceCheck] | None:
    """Each result set against a scan of ``source`` (a folder, or a saved scan file).

    None when no source is given. A folder is scanned once per questionnaire.
    """
    if source is None:
        return None
    evidence = Evidence(source, questionnaire)
    return [evidence.check(result)[0] for result in results]


class Evidence:
    """Results set against a scan one at a time (``check --scan`` streams them)."""

    def __init__(self, source: Path, questionnaire: str | None) -> None:
        from maturity_cli.errors import Problem, UsageError

        if not source.exists():
            raise UsageError(
                Problem("not found: expected a repository folder or a saved scan", file=str(source))
            )
        self.source, self.questionnaire = source, questionnaire
        self.saved = None if source.is_dir() else _load_evidence(source)
        self.scans: dict[str, ScanResult] = {}

    def check(self, result: Result) -> tuple[EvidenceCheck, Questionnaire]:
        """``result``'s claims against the scan, and the questionnaire it was scored with."""
        from maturity_cli.errors import Problem, UsageError
        from maturity_cli.scoring.claims import check_claims

        q = _questionnaire_of(result, self.questionnaire)
        saved = self.saved
        if saved is not None and saved.questionnaire != q.id:
            raise UsageError(
                Problem(
                    f"the saved scan was made with {saved.questionnaire!r}, "
                    f"the answers use {q.id!r}",
                    file=str(self.source),
                    hint=f"scan again with: maturity scan PATH -q {q.id} --format json",
                )
            )
        if saved is None and q.id not in self.scans:
            self.scans[q.id] = run_scan(self.source, q)
        return check_claims(result, saved or self.scans[q.id], q), q


def _questionnaire_of(result: Result, questionnaire: str | None) -> Questionnaire:
    """The questionnaire a result was scored with: -q, its answers file's, or a built-in."""
    from maturity_cli.answers.loader import load_answers
    from maturity_cli.questionnaire.loader import load_questionnaire

    if questionnaire is not None:
        return load_questionnaire(questionnaire)
    source = Path(result.source)
    if source.suffix != ".json" and source.is_file():
        return load_answers(source).questionnaire
    return load_questionnaire(result.questionnaire.id)


def _load_evidence(path: Path) -> ScanResult:
    import msgspec

    from maturity_cli.errors import InvalidFile, Problem
    from maturity_cli.evidence.scan import load_scan
    from maturity_cli.load.reader import parse_document, read_text

    try:
        return load_scan(parse_document(read_text(path), str(path)))
    except msgspec.ValidationError as exc:
        raise InvalidFile(
            Problem(
                f"not a saved scan: {exc}",
                file=str(path),
                hint="write one with: maturity scan PATH --format json -o FILE",
            )
        ) from None


def score_with_evidence(
    files: list[Path],
    questionnaire: str | None,
    fmt: str,
    output: Path | None,
    many: bool,
    source: Path,
) -> int:
    """``maturity score --scan/--evidence``: results with their claims; returns failures."""
    import msgspec

    import maturity_cli.cli.views as views
    from maturity_cli.cli.common import score_reporting
    from maturity_cli.files import write_atomic
    from maturity_cli.report.claims import claims_text
    from maturity_cli.scoring.result import to_json

    results, failed = score_reporting(files, questionnaire)
    checks = evidence_checks(results, source, questionnaire) or []
    if fmt == "table":
        text = "\n".join(
            views.plain(views.result_lines(r, width=100)) + "\n" + claims_text(c)
            for r, c in zip(results, checks, strict=True)
        )
    else:
        records = [
            {**msgspec.to_builtins(r), "evidence": msgspec.to_builtins(c)}
            for r, c in zip(results, checks, strict=True)
        ]
        if fmt == "jsonl":
            text = "".join(to_json(rec, indent=0) for rec in records)
        else:
            text = to_json(records if many else records[0]) if records else ""
    if output is not None:
        write_atomic(output, text)
    else:
        sys.stdout.write(text)
    return failed


def add_evidence(
    text: str,
    fmt: str,
    results: list[Result],
    questionnaire: str | None,
    source: Path | None,
) -> str:
    """``maturity report --scan/--evidence``: the report with a claims-and-evidence part."""
    import json

    import msgspec

    from maturity_cli.report.claims import claims_html, claims_markdown, insert_html
    from maturity_cli.scoring.result import to_json

    checks = evidence_checks(results, source, questionnaire)
    if checks is None:
        return text
    if fmt == "md":
        return text + "".join(claims_markdown(c) for c in checks)
    if fmt == "html":
        return insert_html(text, "".join(claims_html(c) for c in checks))
    data = json.loads(text)
    found = [msgspec.to_builtins(c) for c in checks]
    if isinstance(data, dict):
        data["evidence"] = found[0] if len(found) == 1 else found
    return to_json(data)


class Severity(str, Enum):
    error = "error"
    warning = "warning"


ContradictionsOpt = Annotated[
    Severity | None,
    typer.Option(
        "--contradictions",
        help="With --scan or --evidence: whether a contradicted answer fails the check "
        "[default: the policy's evidence rules, else error].",
        show_default=False,
    ),
]
