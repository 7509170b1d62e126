"""The console script's entry point: the collector is paused only while starting up."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import functools, gc, json, sys
import maturity_cli.cli.simple as simple

seen = []
usual = gc.get_threshold()[0]
real = simple.list_questionnaires

@functools.wraps(real)
def spy(*args, **kwargs):
    seen.append(gc.isenabled())
    return real(*args, **kwargs)

simple.list_questionnaires = spy
sys.argv = ["maturity", "list", "--format", "json"]
from maturity_cli.__main__ import main
try:
    main()
except SystemExit as done:
    code = done.code
gc.collect()
after = {"enabled": gc.isenabled(), "usual threshold": gc.get_threshold()[0] == usual}
sys.stderr.write("PROBE" + json.dumps({"during": seen, "after": after, "code": code}))
"""


def test_the_collector_runs_while_a_command_runs_and_output_is_complete() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=False
    )
    probe = json.loads(proc.stderr.rpartition("PROBE")[2])
    # the usual threshold is back after the first collection: long batches collect as usual
    assert probe == {
        "during": [True],
        "after": {"enabled": True, "usual threshold": True},
        "code": 0,
    }
    assert any(item["id"] == "mlops" for item in json.loads(proc.stdout))


def test_python_dash_m_runs_the_command_line() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "maturity_cli", "nope"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert "No such command 'nope'" in proc.stderr
