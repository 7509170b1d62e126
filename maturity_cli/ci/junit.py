"""JUnit XML for CI systems (Jenkins/Ant schema): one test case per target.

Mapping (documented in ``docs/ci.md``):

* one ``<testsuite>`` per answers file, named after the file;
* ``classname`` is ``SUBJECT/FILE``; ``name`` is the target (e.g. ``gate/dev >= 2``);
* a missed error-level target, a stale assessment or a regression is a ``<failure>``;
* a missed warning-level target passes, with the warning in ``<system-out>``;
* a waived target is ``<skipped>`` whose message gives the reason, owner and expiry;
* a file that could not be read or scored is a suite with one ``<error>`` test case.

Control characters from the answers (which XML 1.0 cannot carry) become U+FFFD.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from maturity_cli.ci.outcome import CheckReport, FileError, Outcome
from maturity_cli.text import xml_text

_FAILURE_TYPES = {"error-stale": "stale", "fail": "target-missed"}


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


def render_junit(report: CheckReport) -> str:
    """The report as a JUnit XML document (UTF-8 text with an XML declaration)."""
    root = ET.Element("testsuites", name="maturity check")
    suites: dict[str, list[Outcome]] = {}
    for o in report.outcomes:
        suites.setdefault(o.source, []).append(o)
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for source, outcomes in suites.items():
        failures = sum(1 for o in outcomes if o.status in _FAILURE_TYPES)
        skipped = sum(1 for o in outcomes if o.status == "waived")
        suite = _suite(root, source, report.today, len(outcomes), failures, 0, skipped)
        totals["tests"] += len(outcomes)
        totals["failures"] += failures
        totals["skipped"] += skipped
        for o in outcomes:
            _case(suite, o, source)
    for source, errors in _by_source(report.errors).items():
        suite = _suite(root, source, report.today, 1, 0, 1, 0)
        case = _element(suite, "testcase", name="read and score", classname=source, time="0")
        text = "\n".join(e.render() for e in errors)
        error = _element(case, "error", message=text.splitlines()[0], type="invalid-file")
        error.text = xml_text(text)
        totals["tests"] += 1
        totals["errors"] += 1
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _element(parent: ET.Element, tag: str, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})


def _suite(
    root: ET.Element, name: str, today: str, tests: int, failures: int, errors: int, skipped: int
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


def _case(suite: ET.Element, o: Outcome, source: str) -> None:
    case = _element(suite, "testcase", name=o.label, classname=f"{o.subject}/{source}", time="0")
    if o.status in _FAILURE_TYPES:
        kind = "regression" if o.kind == "regression" else _FAILURE_TYPES[o.status]
        failure = _element(case, "failure", message=_message(o), type=kind)
        failure.text = xml_text(_message(o))
    elif o.status == "waived":
        _element(case, "skipped", message=_waiver_text(o))
    elif o.status == "warn":
        out = _element(case, "system-out")
        out.text = xml_text(f"warning: {_message(o)}")


def _by_source(errors: list[FileError]) -> dict[str, list[FileError]]:
    out: dict[str, list[FileError]] = {}
    for e in errors:
        out.setdefault(e.source, []).append(e)
    return out
