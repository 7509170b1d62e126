"""The built-in evidence: a realistic ML repository gets the right answers, with file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from evidence.helpers import write_tree
from typer.testing import CliRunner

from maturity_cli.cli.app import app
from maturity_cli.evidence.scan import ScanResult, scan_repository
from maturity_cli.questionnaire.loader import load_questionnaire

REALISTIC = {
    ".gitignore": "data/raw.csv\nmlruns/\n",
    "requirements.txt": """
        pandas==2.1.0
        scikit-learn==1.3.2
        mlflow==2.9.2
        dvc[s3]==3.30.0
        """,
    "params.yaml": "train:\n  n_estimators: 200\n",
    "dvc.yaml": """
        stages:
          prepare:
            cmd: python src/prepare.py
            deps: [data/raw.csv, src/prepare.py]
            outs: [data/prepared]
          train:
            cmd: python src/train.py
            deps: [data/prepared, src/train.py]
            params: [train.n_estimators]
            outs: [model.pkl]
        """,
    "data/raw.csv.dvc": "outs:\n- md5: 0d1e2f\n  path: raw.csv\n",
    ".dvc/config": """
        [core]
            remote = storage
        ['remote "storage"']
            url = s3://fraud-ml/dvc
        """,
    "src/prepare.py": "import pandas as pd\n",
    "src/train.py": """
        import mlflow
        from sklearn.ensemble import RandomForestClassifier

        def main():
            with mlflow.start_run():
                mlflow.log_params({"n_estimators": 200})
                model = RandomForestClassifier().fit(X, y)
                mlflow.sklearn.log_model(model, "model", registered_model_name="fraud")
        """,
    "tests/test_features.py": "def test_scaling():\n    assert True\n",
    "tests/test_train.py": "def test_fit():\n    assert True\n",
    ".github/workflows/ci.yml": """
        name: ci
        on: [push, pull_request]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: pip install -r requirements.txt
              - run: pytest -q
        """,
    ".github/workflows/train.yml": """
        name: retrain
        on:
          schedule:
            - cron: "0 4 * * 1"
          workflow_dispatch:
        jobs:
          train:
            runs-on: ubuntu-latest
            steps:
              - run: dvc pull
              - run: dvc repro
        """,
    "Dockerfile": """
        FROM python:3.11-slim
        COPY requirements.txt .
        RUN pip install -r requirements.txt
        COPY src/ src/
        CMD ["python", "src/serve.py"]
        """,
}


def _scan(root: Path, questionnaire: str = "mlops") -> ScanResult:
    return scan_repository(root, load_questionnaire(questionnaire), "repo")


def _answers(result: ScanResult) -> dict[str, tuple[object, str]]:
    return {p.question: (p.answer, p.confidence) for p in result.proposals}


def _evidence(result: ScanResult, question: str) -> list[str]:
    proposal = result.proposal(question)
    assert proposal is not None, question
    return [
        f"{e.path}:{e.line}" if e.line else (e.path or e.text) for e in proposal.evidence if e.found
    ]


def test_the_builtin_evidence_is_broad() -> None:
    q = load_questionnaire("mlops")
    assert q.evidence is not None
    assert len(q.evidence.signals) >= 30
    assert len({p.question for p in q.evidence.proposals}) >= 25
    assert load_questionnaire("ml-test-score").evidence is not None


def test_a_realistic_ml_repository_gets_the_right_answers(tmp_path: Path) -> None:
    result = _scan(write_tree(tmp_path, REALISTIC))
    answers = _answers(result)
    assert answers["experiment_tracking"] == (True, "high")
    assert answers["data_versioning"] == (True, "high")
    assert answers["environment_as_code"] == (True, "high")
    assert answers["reproducible_training"] == ("reliably", "medium")
    assert answers["training_pipeline"] == ("orchestrated", "medium")
    assert answers["retraining_trigger"] == ("scheduled", "high")
    assert answers["unit_tests"] == ("automated", "high")
    assert answers["model_registry"] == (True, "high")
    assert answers["pipeline_ci"] == ("automated", "medium")
    assert answers["model_versioning"] == (True, "medium")
    assert _evidence(result, "experiment_tracking") == ["src/train.py:5", "src/train.py:6"]
    assert _evidence(result, "data_versioning") == ["data/raw.csv.dvc", ".dvc/config:3"]
    assert _evidence(result, "retraining_trigger") == [
        ".github/workflows/train.yml:4",
        ".github/workflows/train.yml:11",
    ]
    assert _evidence(result, "unit_tests")[:2] == [
        "test_files = 2 (e.g. tests/test_features.py, tests/test_train.py)",
        ".github/workflows/ci.yml:9",
    ]
    assert _evidence(result, "model_registry") == ["src/train.py:8"]
    assert _evidence(result, "environment_as_code") == [
        "requirements.txt:1",
        "requirements.txt:2",
        "requirements.txt:3",
        "requirements.txt:4",
        "Dockerfile",
    ]
    assert _evidence(result, "training_pipeline") == ["dvc.yaml"]


def test_the_same_repository_on_the_ml_test_score(tmp_path: Path) -> None:
    answers = _answers(_scan(write_tree(tmp_path, REALISTIC), "ml-test-score"))
    assert answers["infra_2_model_unit_tests"] == ("automated", "medium")
    assert answers["infra_3_pipeline_integration"] == ("automated", "medium")
    assert answers["data_7_feature_code_tests"] == ("automated", "medium")


def test_scan_from_the_command_line_gives_file_and_line(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "repo", REALISTIC)
    result = CliRunner().invoke(app, ["scan", str(root), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    tracking = next(p for p in data["proposals"] if p["question"] == "experiment_tracking")
    assert tracking["evidence"][0]["text"] == "with mlflow.start_run():"


def test_a_notebooks_only_repository_is_manual(tmp_path: Path) -> None:
    nb = '{"cells": [{"source": ["!pip install mlflow\\n", "import mlflow"]}]}\n'
    root = write_tree(tmp_path, {"explore.ipynb": nb, "model_v2.ipynb": nb, "final.ipynb": nb})
    answers = _answers(_scan(root))
    assert answers["training_pipeline"] == ("manual", "medium")
    assert answers["reproducible_training"] == ("rarely", "low")
    assert answers["experiment_tracking"] == (True, "medium")  # the !pip install cell
    assert answers["unit_tests"] == ("none", "medium")


def test_committed_model_binaries_contradict_versioned_models(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {"train.py": "import joblib\n", "models/model.joblib": b"\x00" * (2 * 1024 * 1024)},
    )
    result = _scan(root)
    assert _answers(result)["model_versioning"] == (False, "medium")
    assert _evidence(result, "model_versioning") == [
        "model_binaries = 1 (e.g. models/model.joblib)"
    ]


@pytest.mark.parametrize(
    "workflow",
    [
        "jobs:\n  test:\n    if: false\n    steps:\n      - run: pytest\n",
        "jobs:\n  test:\n    if: ${{ false }}\n    steps:\n      - run: pytest\n",
    ],
)
def test_a_disabled_workflow_does_not_count_as_automated_tests(
    tmp_path: Path, workflow: str
) -> None:
    root = write_tree(tmp_path, {"test_a.py": "", ".github/workflows/ci.yml": workflow})
    assert _answers(_scan(root))["unit_tests"] == ("manual", "medium")


def test_an_empty_repository_proposes_only_weak_noes(tmp_path: Path) -> None:
    result = _scan(write_tree(tmp_path, {"README.md": "hello\n"}))
    assert {p.confidence for p in result.proposals} == {"low"}
    assert _answers(result)["experiment_tracking"] == (False, "low")
