"""The built wheel carries the questionnaires and templates and works from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("maturity_cli-*.whl")
    return found


def test_wheel_contains_package_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        f"maturity_cli/_data/questionnaires/{p.name}"
        for p in (ROOT / "questionnaires").glob("*.yaml")
    }
    templates = {
        f"maturity_cli/_data/report_templates/{p.name}"
        for p in (ROOT / "report_templates").iterdir()
        if p.is_file()
    }
    assert shipped and shipped <= names
    assert templates <= names
    assert "maturity_cli/py.typed" in names
    assert not any("__pycache__" in n or n.startswith("tests/") for n in names)


def test_installed_wheel_runs_from_any_directory(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    # Dependencies come from the environment running the tests (so the test runs
    # offline): its site-packages is appended to the new environment's path. Its
    # own .pth files (such as an editable install of this project) are not run.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "_test_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    clean_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(bindir / "maturity"), *args],
            cwd=elsewhere,
            env=clean_env,
            capture_output=True,
            text=True,
        )

    where = subprocess.run(
        [str(python), "-c", "import maturity_cli.load.catalog as c; print(c.questionnaires_dir())"],
        cwd=elsewhere,
        env=clean_env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(env_dir)), where
    listing = run("list", "--format", "json")
    assert listing.returncode == 0, listing.stderr
    assert "mlops" in listing.stdout
    assert run("init", "-o", "answers.yaml", "--subject", "Wheel test").returncode == 0
    assert run("validate", "answers.yaml").returncode == 0
    scored = run("score", "answers.yaml")
    assert scored.returncode == 0, scored.stderr
    assert "Wheel test" in scored.stdout
