"""A dimension that does not apply to a team reads "not applicable" in reports, not "not rated"."""

from __future__ import annotations

from typer.testing import CliRunner

from maturity_cli.cli import app

QUESTIONNAIRE = """
id: app
version: "1"
title: App
dimensions:
  - {id: online, title: Online delivery}
  - {id: batch, title: Batch}
questions:
  - {id: serves_online, text: Online?, type: yes_no, context: true}
  - {id: canary, text: Canary?, type: yes_no, dimension: online}
  - {id: sched, text: Scheduled?, type: yes_no, dimension: batch}
frameworks:
  - id: fw
    title: FW
    style: gated
    applies: {online: serves_online}
    levels:
      - {level: 0, name: Start}
      - level: 1
        name: Good
        criteria:
          - {id: c1, text: Canary releases, rule: canary, dimension: online}
          - {id: c2, text: Scheduled jobs, rule: sched, dimension: batch}
"""


def test_a_dimension_that_does_not_apply_says_so(files) -> None:  # type: ignore[no-untyped-def]
    folder = files(
        {
            "q.yaml": QUESTIONNAIRE,
            "a.yaml": "questionnaire: q.yaml\nsubject: T\nanswers:\n  serves_online: no\n  sched: yes\n",
        }
    )
    md = CliRunner().invoke(app, ["report", str(folder / "a.yaml")]).stdout
    assert "| Online delivery | not applicable | – | – |" in md
    assert "| Batch | 1 Good |" in md
    html = CliRunner().invoke(app, ["report", str(folder / "a.yaml"), "-f", "html"]).stdout
    assert (
        '<th scope="row">Online delivery</th>\n<td><span class="muted">not applicable</span>'
        in html
    )
