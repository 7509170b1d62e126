"""JUnit XML for CI systems (Jenkins/Ant schema): one test case per target.

Mapping (documented in ``docs/ci.md``):

* one ``<testsuite>`` per answers file, named after the file;
* ``classname`` is ``SUBJECT/FILE``; ``name`` is the target (e.g. ``gate/dev >= 2``);
* a missed error-level target, a stale assessment or a regression is a ``<failure>``;
* a missed warning-level target passes, with the warning in ``<system-out>``;
* a waived target is ``<skipped>`` whose message gives the reason, owner and expiry;
* a file that could not be read or scored is a suite with one ``<error>`` test case.

Control characters from the answers (which XML 1.0 cannot carry) are left out.
The document is written as outcomes arrive (:class:`JunitWriter`): test cases
wait in a temporary file until the totals that open the document are known.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence

from maturity_cli.ci.outcome import CheckEnd, FileError, Outcome
from maturity_cli.ci.spool import Groups, Output
from maturity_cli.text import xml_text

_FAILURE_TYPES = {"error-stale": "stale", "fail": "target-missed"}
_BATCH = 256
_CUT = "\0"  # between serialised cases: xml_text leaves no NUL in any text or attribute


def _message(o: Outcome) -> str:
    text = f"{o.label}: required {o.required}, actual {o.actual}"
    return f"{text}. {o.advice}" if o.advice else text


def _waiver_text(o: Outcome) -> str:
    w = o.waiver
    if w is None:
        return "waived"
    parts = [f"waived: {w.reason}"]
    if w.owner:
        parts.append(f"owner {w.owner}")
    if w.expires:
        parts.append(f"until {w.expires}")
    return "; ".join(parts)


class JunitWriter:
    """JUnit XML written as outcomes arrive: test cases spooled per file, totals at the end.

    A file's suite gathers its outcomes wherever they come in the stream (a
    file of JSON Lines may hold a team that an earlier file held too).
    """

    def __init__(self) -> None:
        self.suites: Groups[str] = Groups(3)  # tests, failures, skipped
        self._cases: list[ET.Element] = []
        self._counts: list[tuple[str, int, int]] = []

    def add(self, o: Outcome) -> None:
        """One outcome: a test case in its file's suite."""
        case = _case(o, o.source)
        ET.indent(case, level=2)
        case.tail = _CUT
        self._cases.append(case)
        self._counts.append((o.source, int(o.status in _FAILURE_TYPES), int(o.status == "waived")))
        if len(self._cases) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        """Serialise the cases waiting, in one call (ElementTree's set-up costs more than a case)."""
        if not self._cases:
            return
        batch = ET.Element("batch")
        batch.extend(self._cases)
        text = ET.tostring(batch, encoding="unicode")[len("<batch>") : -len("</batch>")]
        for (source, failed, waived), case in zip(self._counts, text.split(_CUT), strict=False):
            self.suites.add(source, ("\n    " + case).encode("utf-8"), 1, failed, waived)
        self._cases, self._counts = [], []

    def finish(self, end: CheckEnd, out: Output, extra: Sequence[ET.Element] = ()) -> None:
        """Write the document: a suite per file, one per unreadable file, then ``extra``."""
        self._flush()
        tail = [
            _error_suite(source, errors, end.today) for source, errors in _by_source(end.errors)
        ]
        tail += extra
        totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for _, (tests, failures, skipped) in self.suites.items():
            totals["tests"] += tests
            totals["failures"] += failures
            totals["skipped"] += skipped
        for suite in tail:
            for key in totals:
                totals[key] += int(suite.get(key, "0"))
        root = ET.Element("testsuites", name="maturity check")
        for key, value in totals.items():
            root.set(key, str(value))
        out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        if not self.suites.index and not tail:
            out.write(ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n")
            return
        out.write(_open_tag(root))
        for source, (tests, failures, skipped) in self.suites.items():
            suite = _suite(None, source, end.today, tests, failures, 0, skipped)
            out.write(b"\n  " + _open_tag(suite))
            self.suites.copy(source, out)
            out.write(b"\n  </testsuite>")
        for suite in tail:
            ET.indent(suite, level=1)
            out.write(b"\n  " + ET.tostring(suite, encoding="unicode").encode("utf-8"))
        out.write(b"\n</testsuites>\n")

    def close(self) -> None:
        self.suites.close()


def _open_tag(element: ET.Element) -> bytes:
    text = ET.tostring(element, encoding="unicode", short_empty_elements=False)
    return text[: -len(f"</{element.tag}>")].encode("utf-8")


def _error_suite(source: str, errors: list[FileError], today: str) -> ET.Element:
    suite = _suite(None, source, today, 1, 0, 1, 0)
    case = _element(suite, "testcase", name="read and score", classname=source, time="0")
    text = "\n".join(e.render() for e in errors)
    error = _element(case, "error", message=text.splitlines()[0], type="invalid-file")
    error.text = xml_text(text)
    return suite


def _element(parent: ET.Element | None, tag: str, **attrs: str) -> ET.Element:
    clean = {k: xml_text(v) for k, v in attrs.items()}
    return ET.Element(tag, clean) if parent is None else ET.SubElement(parent, tag, clean)


def _suite(
    root: ET.Element | None,
    name: str,
    today: str,
    tests: int,
    failures: int,
    errors: int,
    skipped: int,
) -> ET.Element:
    return _element(
        root,
        "testsuite",
        name=name,
        tests=str(tests),
        failures=str(failures),
        errors=str(errors),
        skipped=str(skipped),
        time="0",
        timestamp=f"{today}T00:00:00",
    )


def _case(o: Outcome, source: str) -> ET.Element:
    case = _element(None, "testcase", name=o.label, classname=f"{o.subject}/{source}", time="0")
    if o.status in _FAILURE_TYPES:
        kind = "regression" if o.kind == "regression" else _FAILURE_TYPES[o.status]
        failure = _element(case, "failure", message=_message(o), type=kind)
        failure.text = xml_text(_message(o))
    elif o.status == "waived":
        _element(case, "skipped", message=_waiver_text(o))
    elif o.status == "warn":
        out = _element(case, "system-out")
        out.text = xml_text(f"warning: {_message(o)}")
    return case


def _by_source(errors: list[FileError]) -> Iterable[tuple[str, list[FileError]]]:
    out: dict[str, list[FileError]] = {}
    for e in errors:
        out.setdefault(e.source, []).append(e)
    return out.items()
