"""Dependencies are read from every kind of manifest, with the line that declares them."""

from __future__ import annotations

import textwrap

import pytest

from maturity_cli.evidence.deps import ManifestError, parse_manifest


def _deps(path: str, text: str) -> list[tuple[str, int | None]]:
    return [(d.name, d.line) for d in parse_manifest(path, textwrap.dedent(text).lstrip())]


def test_requirements_skip_comments_options_and_keep_lines() -> None:
    text = """
        # tracking
        -r base.txt
        --index-url https://example.org/simple
        MLflow[extras]>=2.0 ; python_version > "3.8"  # pinned later
        scikit_learn==1.4
        torch @ https://example.org/torch.whl
        """
    assert _deps("svc/requirements-dev.txt", text) == [
        ("mlflow", 4),
        ("scikit-learn", 5),
        ("torch", 6),
    ]


def test_pyproject_reads_pep621_optional_groups_poetry_and_dependency_groups() -> None:
    text = """
        [project]
        name = "x"
        dependencies = ["pandas>=2"]
        [project.optional-dependencies]
        track = ["wandb"]
        [dependency-groups]
        test = ["pytest", {include-group = "track"}]
        [tool.poetry.dependencies]
        python = "^3.10"
        evidently = "*"
        [tool.poetry.group.ops.dependencies]
        great-expectations = "^1"
        """
    assert _deps("pyproject.toml", text) == [
        ("pandas", 3),
        ("wandb", 5),
        ("pytest", 7),
        ("evidently", 10),
        ("great-expectations", 12),
    ]


def test_setup_py_literals_are_read_without_running_it() -> None:
    text = """
        import os
        from setuptools import setup
        os.system("touch /tmp/pwned")  # never executed
        BASE = ["numpy", "mlflow>=2"]
        setup(
            name="x",
            install_requires=BASE,
            extras_require={"mon": ["evidently"]},
        )
        """
    assert _deps("setup.py", text) == [("numpy", 4), ("mlflow", 4), ("evidently", 8)]


def test_setup_cfg_install_requires_and_extras() -> None:
    text = """
        [options]
        install_requires =
            dvc[s3]>=3
            pandas
        [options.extras_require]
        mon = whylogs
        """
    assert _deps("setup.cfg", text) == [("dvc", 3), ("pandas", 4), ("whylogs", 6)]


def test_conda_environment_with_pip_section() -> None:
    text = """
        name: train
        dependencies:
          - python=3.11
          - conda-forge::scikit-learn=1.4
          - pip:
              - mlflow==2.9
        """
    assert _deps("env/environment.yml", text) == [
        ("python", 3),
        ("scikit-learn", 4),
        ("mlflow", 6),
    ]


def test_pipfile_and_lock_files() -> None:
    assert _deps("Pipfile", '[packages]\nmlflow = "*"\n[dev-packages]\npytest = "*"\n') == [
        ("mlflow", 2),
        ("pytest", 4),
    ]
    assert _deps("poetry.lock", '[[package]]\nname = "feast"\nversion = "0.3"\n') == [("feast", 2)]
    lock = '{"_meta": {}, "default": {"kfp": {}}, "develop": {"pytest": {}}}'
    assert _deps("Pipfile.lock", lock) == [("kfp", 1), ("pytest", 1)]


def test_notebook_pip_cells_count_as_declared() -> None:
    text = """
        {"cells": [{"cell_type": "code", "source": [
          "%pip install -q mlflow wandb==0.16\\n",
          "!pip3 install --upgrade evidently"
        ]}]}
        """
    assert _deps("nb/explore.ipynb", text) == [("mlflow", 2), ("wandb", 2), ("evidently", 3)]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("pyproject.toml", "[project\n"),
        ("setup.py", "setup(install_requires=[\n"),
        ("environment.yml", "dependencies: [a\n"),
        ("Pipfile.lock", "{not json"),
        ("setup.cfg", "no section header\n"),
    ],
)
def test_a_broken_manifest_is_a_note_not_a_crash(path: str, text: str) -> None:
    with pytest.raises(ManifestError):
        parse_manifest(path, text)
