"""Central policies: extends, locked targets, waiver governance."""

from __future__ import annotations

import json
from pathlib import Path

from test_gate import run, work  # noqa: F401 - fixture

BASE = """\
require_owner: true
max_waiver_days: 90
max_age_days: 60
max_age_locked: true
targets:
  - framework: gate
    min_level: 1
    locked: true
  - framework: gate
    dimension: dev
    min_level: 2
"""


def _org(folder: Path) -> None:
    (folder / "org").mkdir()
    (folder / "org" / "base.yml").write_text(BASE)


def test_team_policy_extends_the_base(work: Path) -> None:  # noqa: F811
    _org(work)
    (work / "team.yml").write_text(
        "extends: org/base.yml\ntargets:\n  - framework: gate\n    dimension: dev\n"
        "    min_level: 1\n"
    )
    result = run("check", "a.yaml", "-p", "team.yml", "--today", "2026-12-01", "-f", "json")
    assert result.exit_code == 0, result.output
    got = {o["target"]: o for o in json.loads(result.stdout)["outcomes"]}
    # the team lowered the unlocked dev target, and the locked ones still apply
    assert set(got) == {"max_age", "gate", "gate/dev"}
    assert got["gate/dev"]["required"] == "1 (Tracked)"
    assert run("validate", "team.yml", "-q", "quick.yaml").exit_code == 0


def test_locked_targets_cannot_be_lowered_or_waived(work: Path) -> None:  # noqa: F811
    _org(work)
    (work / "team.yml").write_text(
        "extends: [org/base.yml]\ntargets:\n  - framework: gate\n    min_level: 0\n"
        "waivers:\n  - target: gate\n    reason: later\n    owner: me\n    expires: 2026-12-31\n"
    )
    result = run("check", "a.yaml", "-p", "team.yml", "--today", "2026-12-01")
    assert result.exit_code == 2
    assert "team.yml:3:5: cannot lower target gate >= 1: it is locked by the central policy" in (
        result.stderr
    )
    assert "org/base.yml:6:5" in result.stderr
    assert "team.yml:6:13: cannot waive gate" in result.stderr
    # nor by flags
    (work / "ok.yml").write_text("extends: org/base.yml\n")
    lowered = run("check", "a.yaml", "-p", "ok.yml", "--min-level", "gate=0")
    assert lowered.exit_code == 2 and "locked by the central policy" in lowered.stderr
    older = run("check", "a.yaml", "-p", "ok.yml", "--max-age", "999")
    assert older.exit_code == 2 and "assessed within 60 days" in older.stderr
    raised = run(
        "check", "a.yaml", "-p", "ok.yml", "--min-level", "gate=2", "--today", "2026-12-01"
    )
    assert raised.exit_code == 1  # raising a locked target is fine
    warn = run(
        "check", "a.yaml", "-p", "ok.yml", "--warn-only", "--today", "2027-06-01", "-f", "json"
    )
    assert warn.exit_code == 1  # the locked max_age stays an error under --warn-only
    statuses = {o["target"]: o["status"] for o in json.loads(warn.stdout)["outcomes"]}
    assert statuses["max_age"] == "error-stale" and statuses["gate/dev"] == "warn"


def test_waiver_governance(work: Path) -> None:  # noqa: F811
    _org(work)
    (work / "team.yml").write_text(
        "extends: org/base.yml\nwaivers:\n"
        "  - target: gate/dev\n    reason: no owner, too long\n    expires: 2027-12-31\n"
        "  - target: gate/dev\n    reason: fine\n    owner: jane\n    expires: 2027-01-15\n"
    )
    result = run("check", "a.yaml", "-p", "team.yml", "--today", "2026-12-01")
    assert result.exit_code == 2
    err = result.stderr
    assert "team.yml:3:13: waiver for gate/dev: it needs an 'owner' (require_owner)" in err
    assert "expires 395 days from 2026-12-01, more than max_waiver_days (90)" in err
    assert "team.yml:6:" not in err


def test_extends_cycle_is_an_error(work: Path) -> None:  # noqa: F811
    (work / "x.yml").write_text("extends: y.yml\n")
    (work / "y.yml").write_text("extends: x.yml\n")
    result = run("check", "a.yaml", "-p", "x.yml", "--min-level", "gate=1")
    assert result.exit_code == 2 and "goes round in a circle" in result.stderr
    missing = run("check", "a.yaml", "-p", "z.yml")
    assert missing.exit_code == 2
