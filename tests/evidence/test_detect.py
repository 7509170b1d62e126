"""Detection primitives over a repository: files, folders, dependencies, text, keys, counts."""

from __future__ import annotations

from pathlib import Path

from evidence.helpers import questionnaire, write_tree

from maturity_cli.evidence.detect import SignalResult, clean, detect
from maturity_cli.evidence.walk import list_files
from maturity_cli.questionnaire.evidence_defs import DEFAULT_DOWNWEIGHT


def _detect(root: Path, signals: str) -> dict[str, SignalResult]:
    q = questionnaire("signals:\n" + signals)
    assert q.evidence is not None
    return detect(list_files(root, DEFAULT_DOWNWEIGHT), q.evidence.signals)


def _where(result: SignalResult) -> list[str]:
    return [f"{h.path}:{h.line}" if h.line else h.path for h in result.hits]


def test_file_and_folder_globs(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "dvc.yaml": "stages: {}\n",
            "svc/Dockerfile.train": "FROM python\n",
            ".zen/config.yaml": "a: 1\n",
            "infra/main.tf": "",
        },
    )
    found = _detect(
        tmp_path,
        """
  - {id: dvc, file: "**/dvc.yaml"}
  - {id: docker, file: "Dockerfile*"}
  - {id: zen, file: ".zen/"}
  - {id: tf, file: "*.{tf,bicep}"}
  - {id: helm, file: "Chart.yaml"}
""",
    )
    assert _where(found["dvc"]) == ["dvc.yaml"]
    assert _where(found["docker"]) == ["svc/Dockerfile.train"]
    assert _where(found["zen"]) == [".zen/"]
    assert _where(found["tf"]) == ["infra/main.tf"]
    assert found["helm"].value is False and found["helm"].hits == ()


def test_text_patterns_give_file_line_and_the_line(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "train.py": "import mlflow\n\nmlflow.autolog()\nMLFLOW.LOG_PARAM(1)\n",
            "notes.md": "mlflow.autolog() is mentioned here\n",
            "evil.py": "x = '\x1b[31mred\x1b[0m mlflow.autolog()'\n",
        },
    )
    found = _detect(
        tmp_path,
        """
  - {id: calls, text: {pattern: 'mlflow\\.(autolog|log_\\w+)\\(', files: "*.py", ignore_case: true}}
""",
    )
    hits = found["calls"].hits
    assert [(h.path, h.line, h.text) for h in hits] == [
        ("evil.py", 1, "x = '?[31mred?[0m mlflow.autolog()'"),
        ("train.py", 3, "mlflow.autolog()"),
        ("train.py", 4, "MLFLOW.LOG_PARAM(1)"),
    ]


def test_dependencies_from_any_manifest_and_exclusions(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "a/requirements.txt": "mlflow\n",
            "b/pyproject.toml": '[project]\nname="b"\ndependencies=["wandb"]\n',
            "legacy/requirements.txt": "neptune-client\n",
        },
    )
    found = _detect(
        tmp_path,
        """
  - {id: tracking, dependency: [mlflow, WandB, neptune_client], exclude: ["legacy/"]}
  - {id: feast, dependency: feast}
""",
    )
    assert _where(found["tracking"]) == ["a/requirements.txt:1", "b/pyproject.toml:3"]
    assert found["feast"].value is False


def test_keys_in_yaml_json_and_toml_including_the_on_pitfall(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".github/workflows/train.yml": """
                name: train
                on:
                  schedule:
                    - cron: "0 3 * * 1"
                jobs:
                  train:
                    steps:
                      - run: python train.py
                """,
            "package.json": '{\n  "scripts": {\n    "test": "jest"\n  }\n}\n',
            "pyproject.toml": "[tool.ruff]\nline-length = 100\n",
        },
    )
    found = _detect(
        tmp_path,
        """
  - {id: cron, key: {path: on.schedule, files: ".github/workflows/*.yml"}}
  - {id: steps, key: {path: "jobs.*.steps.*.run", files: ".github/workflows/*.yml"}}
  - {id: scripts, key: {path: scripts.test, files: "*.json"}}
  - {id: ruff, key: {path: tool.ruff, files: "pyproject.toml"}}
  - {id: absent, key: {path: on.push, files: ".github/workflows/*.yml"}}
""",
    )
    assert [(h.path, h.line, h.text) for h in found["cron"].hits] == [
        (".github/workflows/train.yml", 3, "schedule:")
    ]
    assert _where(found["steps"]) == [".github/workflows/train.yml:8"]
    assert _where(found["scripts"]) == ["package.json:3"]
    assert _where(found["ruff"]) == ["pyproject.toml:1"]
    assert found["absent"].value is False


def test_counts_and_ratios_leave_out_example_folders(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "nb/a.ipynb": "{}",
            "nb/b.ipynb": "{}",
            "examples/c.ipynb": "{}",
            "src/model.py": "",
            "models/big.pkl": b"\x00" * 2048,
            "models/small.pkl": b"\x00" * 10,
        },
    )
    found = _detect(
        tmp_path,
        """
  - {id: notebooks, count: "*.ipynb"}
  - {id: modules, count: "*.py"}
  - {id: share, ratio: [notebooks, modules]}
  - {id: none_py, count: "*.pyx"}
  - {id: odd, ratio: [notebooks, none_py]}
  - {id: binaries, count: {files: ["*.pkl", "*.h5"], min_bytes: 1024}}
""",
    )
    assert found["notebooks"].value == 2
    assert found["share"].value == 2.0
    assert found["odd"].value is None  # nothing to divide by: unknown, so no rule holds on it
    assert found["binaries"].value == 1 and _where(found["binaries"]) == ["models/big.pkl"]


def test_hits_in_examples_templates_and_vendored_code_are_weak(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "examples/demo/requirements.txt": "mlflow\n",
            "{{cookiecutter.slug}}/dvc.yaml": "",
            "third_party/lib/dvc.yaml": "",
        },
    )
    found = _detect(
        tmp_path,
        """
  - {id: mlflow, dependency: mlflow}
  - {id: dvc, file: dvc.yaml}
""",
    )
    assert all(h.weak for r in found.values() for h in r.hits)
    assert found["dvc"].found == 2


def test_clean_bounds_and_defangs_lines() -> None:
    assert clean("a\x07b\u202ec") == "a?b?c"
    assert len(clean("x" * 1000)) == 160


def test_test_data_folders_are_weak_too(tmp_path: Path) -> None:
    write_tree(tmp_path, {"tests/fixtures/repo/dvc.yaml": "", "dvc.yaml": ""})
    found = _detect(tmp_path, "  - {id: dvc, file: dvc.yaml}\n")
    assert [(h.path, h.weak) for h in found["dvc"].hits] == [
        ("dvc.yaml", False),
        ("tests/fixtures/repo/dvc.yaml", True),
    ]
