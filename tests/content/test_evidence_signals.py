"""Every built-in signal: found in a small repository that has it, absent from one that does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from evidence.helpers import write_tree

from maturity_cli.evidence.detect import detect
from maturity_cli.evidence.walk import list_files
from maturity_cli.questionnaire.loader import load_questionnaire

WORKFLOW = ".github/workflows/ci.yaml"
PRESENT: dict[str, dict[str, str | bytes]] = {
    "tracking_library": {"requirements.txt": "wandb==0.16\n"},
    "tracking_calls": {"train.py": "mlflow.autolog()\n"},
    "mlproject": {"MLproject": "name: x\n"},
    "params_file": {"params.yaml": "lr: 0.1\n"},
    "dvc_pipeline": {"dvc.yaml": "stages: {}\n"},
    "dvc_tracked_data": {"data/raw.csv.dvc": "outs: []\n"},
    "dvc_remote": {".dvc/config": "[core]\n    remote = s3\n['remote \"s3\"']\n    url = s3://b\n"},
    "data_version_library": {
        "pyproject.toml": '[project]\nname="x"\ndependencies=["lakefs-sdk"]\n'
    },
    "model_binaries": {"models/m.onnx": b"\0" * 1048576},
    "data_validation_library": {"requirements.txt": "pandera\n"},
    "data_validation_calls": {"checks.py": "import great_expectations as gx\n"},
    "gx_config": {"gx/great_expectations.yml": "config_version: 3\n"},
    "orchestrator_library": {
        "setup.py": "from setuptools import setup\nsetup(install_requires=['kfp'])\n"
    },
    "pipeline_code": {"pipe.py": "from kfp import dsl\n@dsl.pipeline(name='p')\ndef p(): ...\n"},
    "pipeline_files": {"flows/prefect.yaml": "name: x\n"},
    "train_script": {"src/train_model.py": ""},
    "code_schedule": {"dag.py": "dag = DAG('x', schedule_interval='@daily')\n"},
    "ci_config": {".gitlab-ci.yml": "test:\n  script: make lint\n"},
    "ci_files": {"azure-pipelines.yml": "steps: []\n"},
    "ci_runs_tests": {WORKFLOW: "jobs:\n  t:\n    steps:\n      - run: python -m pytest\n"},
    "ci_runs_training": {"Jenkinsfile": "sh 'python3 -m src.train'\n"},
    "ci_schedule": {WORKFLOW: "on:\n  schedule:\n    - cron: '0 1 * * *'\n"},
    "ci_disabled": {WORKFLOW: "jobs:\n  a:\n    if: false\n"},
    "ci_deploys": {".gitlab-ci.yml": "deploy:\n  script: helm upgrade --install m ./chart\n"},
    "ci_model_report": {WORKFLOW: "steps:\n  - run: cml comment create report.md\n"},
    "registry_calls": {"register.py": "mlflow.register_model(uri, 'fraud')\n"},
    "mlmodel": {"model/MLmodel": "flavors: {}\n"},
    "serving_config": {"bentofile.yaml": "service: svc:Svc\n"},
    "serving_manifest": {
        "k8s/isvc.yaml": "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\n"
    },
    "canary": {"k8s/isvc.yaml": "spec:\n  predictor:\n    canaryTrafficPercent: 10\n"},
    "dockerfile": {"docker/Dockerfile.serve": "FROM python:3.11\n"},
    "pinned_base_image": {"Dockerfile": "FROM python@sha256:abc123\n"},
    "lockfile": {"uv.lock": "version = 1\n"},
    "pinned_requirements": {"requirements-prod.txt": "scikit-learn==1.4.0\n"},
    "infrastructure_as_code": {"infra/main.bicep": "param x string\n"},
    "environment_folders": {"deploy/staging/values.yaml": "a: 1\n"},
    "managed_compute_library": {"environment.yml": "dependencies:\n  - pip:\n    - azure-ai-ml\n"},
    "test_files": {"tests/test_x.py": ""},
    "modules": {"a.py": ""},
    "notebooks": {"a.ipynb": "{}"},
    "notebook_share": {"a.ipynb": "{}", "b.py": ""},
    "tuning": {"requirements.txt": "optuna\n", "tune.py": "study = optuna.create_study()\n"},
    "tuning_calls": {"tune.py": "search = GridSearchCV(model, grid)\n"},
    "baseline_code": {"eval.py": "from sklearn.dummy import DummyClassifier\n"},
    "load_test": {"locustfile.py": ""},
    "drift_library": {"Pipfile": '[packages]\nnannyml = "*"\n'},
    "drift_code": {"monitor.py": "report = Report(metrics=[DataDriftPreset()])\n"},
    "service_metrics": {"requirements.txt": "prometheus-client\n"},
    "feature_store_config": {"feature_repo/feature_store.yaml": "project: x\n"},
    "feature_store_library": {"requirements.txt": "feast\n"},
    "model_card": {"docs/MODEL_CARD.md": "# Card\n"},
    "codeowners": {".github/CODEOWNERS": "* @team\n"},
    "fairness_library": {"requirements.txt": "fairlearn\n"},
    "from_template": {".cruft.json": "{}"},
    "explainability_library": {"requirements.txt": "shap\n"},
    "dependency_updates": {".github/dependabot.yml": "version: 2\n"},
    "nan_checks": {"train.py": "assert not np.isnan(loss)\n"},
}


def _cases() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for ref in ("mlops", "ml-test-score"):
        evidence = load_questionnaire(ref).evidence
        assert evidence is not None
        out += [(ref, s.id) for s in evidence.signals]
    return out


CASES = _cases()


@pytest.mark.parametrize(("ref", "signal"), CASES)
def test_builtin_signal_present_and_absent(tmp_path: Path, ref: str, signal: str) -> None:
    assert signal in PRESENT, f"add a repository that has {signal!r} to PRESENT"
    q = load_questionnaire(ref)
    assert q.evidence is not None
    present = write_tree(tmp_path / "has", PRESENT[signal])
    absent = write_tree(tmp_path / "lacks", {"README.md": "Nothing to see.\n"})
    found = detect(list_files(present, q.evidence.downweight), q.evidence.signals)[signal]
    assert found.value not in (None, False, 0), found
    empty = detect(list_files(absent, q.evidence.downweight), q.evidence.signals)[signal]
    assert empty.value in (None, False, 0), empty
