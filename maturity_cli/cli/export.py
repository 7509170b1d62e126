"""Spreadsheet export: ``--format xlsx`` through the optional ``openpyxl`` (``maturity-cli[xlsx]``).

The workbook is made byte-for-byte reproducible: the document's created and
modified times and the zip entries' times are fixed.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from maturity_cli.errors import Problem, UsageError

Sheet = tuple[str, Sequence[str], Iterable[Sequence[object]]]
_FIXED_TIME = "1980-01-01T00:00:00Z"
_DC_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _reproducible(data: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = _DC_TIMES.sub(rb"\g<1>" + _FIXED_TIME.encode() + rb"\g<2>", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook with one sheet per (title, header, rows); formula-safe cells."""
    try:
        import openpyxl
    except ImportError:
        raise UsageError(
            Problem(
                "--format xlsx needs the optional openpyxl library",
                hint='install it with: pip install "maturity-cli[xlsx]" (or use --format csv)',
            )
        ) from None
    from maturity_cli.history.render import safe_cell

    book = openpyxl.Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(re.sub(r"[\[\]:*?/\\]", "_", title)[:31])
        sheet.append(list(header))
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return _reproducible(buffer.getvalue())


def write_xlsx(output: Path | None, sheets: Sequence[Sheet]) -> None:
    """Write the workbook atomically; a spreadsheet needs a file, not standard output."""
    from maturity_cli.files import Sink

    if output is None:
        raise UsageError(Problem("--format xlsx writes a file", hint="add -o FILE.xlsx"))
    data = xlsx_bytes(sheets)
    with Sink(output) as sink:
        sink.write(data)


def score_csv(
    files: Sequence[Path],
    questionnaire: str | None,
    output: Path | None,
    many: bool,
    compact: bool = False,
) -> int:
    """Write one CSV row per file and framework, and per file and dimension; return failures."""
    from maturity_cli.cli.common import score_reporting, write_output
    from maturity_cli.history.render import results_csv

    scored, failed = score_reporting(files, questionnaire)
    text = results_csv(scored)
    if output is not None:
        write_output(output, text)
    else:
        sys.stdout.write(text)
    return failed


def score_xlsx(
    files: Sequence[Path],
    questionnaire: str | None,
    output: Path | None,
    many: bool,
    compact: bool = False,
) -> int:
    """The rows of :func:`score_csv` as a workbook (``-o`` required); return failures."""
    from maturity_cli.cli.common import score_reporting
    from maturity_cli.history.render import RESULT_COLUMNS, result_rows

    if output is None:
        write_xlsx(output, [])  # explains that a spreadsheet needs -o, before scoring
    scored, failed = score_reporting(files, questionnaire)
    write_xlsx(output, [("scores", RESULT_COLUMNS, result_rows(scored))])
    return failed
