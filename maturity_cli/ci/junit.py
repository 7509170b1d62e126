"""JUnit XML for CI systems (Jenkins/Ant schema): one test case per target.

Mapping (documented in ``docs/ci.md``):

* one ``<testsuite>`` per answers file, named after the file;
* ``classname`` is ``SUBJECT/FILE``; ``name`` is the target (e.g. ``gate/dev >= 2``);
* a missed error-level target, a stale assessment or a regression is a ``<failure>``;
* a missed warning-level target passes, with the warning in ``<system-out>``;
* a waived target is ``<skipped>`` whose message gives the reason, owner and expiry.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from maturity_cli.ci.gate import CheckReport, Outcome

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
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for source, outcomes in suites.items():
        failures = sum(1 for o in outcomes if o.status in _FAILURE_TYPES)
        skipped = sum(1 for o in outcomes if o.status == "waived")
        suite = ET.SubElement(
            root,
            "testsuite",
            name=source,
            tests=str(len(outcomes)),
            failures=str(failures),
            errors="0",
            skipped=str(skipped),
            time="0",
            timestamp=f"{report.today}T00:00:00",
        )
        totals["tests"] += len(outcomes)
        totals["failures"] += failures
        totals["skipped"] += skipped
        for o in outcomes:
            case = ET.SubElement(
                suite, "testcase", name=o.label, classname=f"{o.subject}/{source}", time="0"
            )
            if o.status in _FAILURE_TYPES:
                kind = "regression" if o.kind == "regression" else _FAILURE_TYPES[o.status]
                failure = ET.SubElement(case, "failure", message=_message(o), type=kind)
                failure.text = _message(o)
            elif o.status == "waived":
                ET.SubElement(case, "skipped", message=_waiver_text(o))
            elif o.status == "warn":
                out = ET.SubElement(case, "system-out")
                out.text = f"warning: {_message(o)}"
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", "0")
    root.set("skipped", str(totals["skipped"]))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
