"""Fidelity of the built-in ``mlops`` questionnaire to its published sources.

For every level of both frameworks, a team is written here straight from that
level's published description, and must rate at exactly that level in that
framework. Each answer's note quotes the phrase of the source it rests on, so
this file also documents how we read the sources:

* Microsoft, "Machine Learning operations maturity model" (Azure Architecture
  Center; the current text and the January 2020 text).
* Google Cloud, "MLOps: Continuous delivery and automation pipelines in machine
  learning" (last reviewed 2023-05-18).

Questions a level's description says nothing about are left unanswered: an
unanswered question never meets a criterion, so nothing but the quoted phrases
can lift a team. Both models describe cumulative levels ("the characteristics
of the automated ML pipelines setup plus ...", and Microsoft's tables repeat
each lower level's traits), so a level-N team carries the answers of the levels
below it, each still quoted from its own level.

Only the public entry points are used: ``maturity_cli.load_answers`` and
``maturity_cli.score``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import maturity_cli as mc

Answer = tuple[Any, str]  # (value, the phrase of the source it rests on)

# ------------------------------------------------------------------ Microsoft
MS0: dict[str, Answer] = {
    "app_code_versioned": (
        False,
        "L0: 'Manual builds and deployments'; version control for code first appears at level 1",
    ),
    "app_ci": ("manual", "L0 technology: 'Manual builds and deployments'"),
    "app_release": ("manual", "L0 application integration: 'Manual releases each time'"),
    "model_integration_tests": (
        "manual",
        "L0 technology: 'Manual testing of model and application'",
    ),
    "data_pipeline": ("manual", "L0 model creation: 'Data gathered manually'"),
    "managed_compute": (False, "L0 model creation: 'Compute is likely not managed'"),
    "experiment_tracking": (False, "L0 model creation: 'Experiments aren't predictably tracked'"),
    "training_pipeline": ("manual", "L0 technology: 'Training of model is manual'"),
    "scoring_code": (
        "unversioned",
        "L0 model release: 'Scoring script might be manually created well after experiments, not version controlled'",
    ),
    "model_release": (
        "handoff",
        "L0 model creation: 'single model file manually handed off with inputs/outputs'",
    ),
    "collaboration": (
        "siloed",
        "L0 people: 'siloed, not in regular communications with the larger team'",
    ),
}

MS1: dict[str, Answer] = {
    **MS0,
    "app_code_versioned": (True, "L1 technology (current): 'Version control for code'"),
    "app_ci": (
        "automated",
        "L1 technology: 'Automated builds'; 'Automated tests for application code'",
    ),
    "app_release": ("automated", "L1 application integration: 'Releases automated'"),
    "model_integration_tests": (
        "with_app",
        "L1 application integration: 'Basic integration tests exist for the model' and 'Releases automated'",
    ),
    "data_pipeline": ("automated", "L1 model creation: 'Data pipeline gathers data automatically'"),
    "scoring_code": (
        "versioned",
        "L1 model release: 'Scoring script ... likely version controlled'",
    ),
}

MS2: dict[str, Answer] = {
    **MS1,
    "managed_compute": (True, "L2 model creation: 'Compute managed'"),
    "experiment_tracking": (True, "L2 model creation: 'Experiment results tracked'"),
    "training_code_versioned": (
        True,
        "L2 model creation: 'Both training code and resulting models are version controlled'",
    ),
    "model_versioning": (
        True,
        "L2 model creation: 'Both training code and resulting models are version controlled'; technology: 'Model management'",
    ),
    "training_pipeline": (
        "scripted",
        "L2 people: 'convert experimentation code into repeatable scripts/jobs'; technology: 'Automated model training'",
    ),
    "reproducible_training": ("reliably", "L2 highlights: 'Easy to reproduce model'"),
    "scoring_code": (
        "tested",
        "L2 model release: 'Scoring script is version controlled with tests'",
    ),
    "collaboration": (
        "ds_de",
        "L2 people: 'Data scientists: Working directly with data engineers'",
    ),
    "model_release": (
        "scripted",
        "L2 highlights: 'Releases are manual, but low friction'; model release: 'Manual release'",
    ),
}

MS3: dict[str, Answer] = {
    **MS2,
    "model_release": (
        "cicd",
        "L3 model release: 'Automatic release'; 'Release managed by continuous delivery (CI/CD) pipeline'",
    ),
    "model_integration_tests": (
        "automated",
        "L3 application integration: 'Unit and integration tests for each model release'",
    ),
    "unit_tests": ("automated", "L3 technology: 'Automated tests for all code'"),
    "ab_testing": (
        True,
        "L3 technology: 'Integrated A/B testing of model performance for deployment'",
    ),
    "data_versioning": (
        True,
        "L3 highlights: 'Full traceability from deployment back to original data'",
    ),
    "separate_environments": (
        True,
        "L3 highlights: 'Entire environment managed: train > test > production'",
    ),
    "model_registry": (
        True,
        "L3 technology (current): 'Promote artifacts across workspaces using Azure ML Registries'",
    ),
    "collaboration": (
        "cross_functional",
        "L3 people: 'Software engineers: Working with data engineers to automate model integration into application code'",
    ),
}

MS4: dict[str, Answer] = {
    **MS3,
    "retraining_trigger": (
        "metrics_or_drift",
        "L4 model creation: 'Retraining triggered automatically based on production metrics'; technology (current): 'Trigger automatic retraining from drift or regression signals'",
    ),
    "central_metrics": (True, "L4 technology: 'Verbose, centralized metrics from deployed model'"),
    "model_quality_monitoring": (
        "automated",
        "L4 highlights: 'Full system automated and easily monitored'",
    ),
    "model_validation": (
        "automated",
        "L4 technology (current): 'Policy-based automated model promotion'",
    ),
    "feature_freshness_monitoring": (
        True,
        "L4 technology (current): 'Monitor feature materialization health and freshness'",
    ),
    "engineers_own_prod_metrics": (
        True,
        "L4 people: 'Software engineers: ... Implementing post-deployment metrics gathering'",
    ),
}

# --------------------------------------------------------------------- Google
G0: dict[str, Answer] = {
    "training_pipeline": ("manual", "L0: 'Manual, script-driven, and interactive process'"),
    "data_validation": (
        "manual",
        "L0: 'Every step is manual, including data analysis, data preparation, model training, and validation'",
    ),
    "model_validation": ("manual", "L0: 'Every step is manual, including ... validation'"),
    "model_release": (
        "handoff",
        "L0: 'The data scientists hand over a trained model as an artifact to the engineering team'",
    ),
    "prediction_logging": (
        False,
        "L0: 'The process doesn't track or log the model predictions and actions'",
    ),
    "retraining_frequency": (
        "rarely",
        "L0: 'A new model version is deployed only a couple of times per year'",
    ),
}

G1: dict[str, Answer] = {
    "training_pipeline": ("orchestrated", "L1: 'The steps of the ML experiment are orchestrated'"),
    "retraining_trigger": (
        "new_data",
        "L1: 'The model is automatically trained in production using fresh data based on live pipeline triggers'",
    ),
    "pipeline_same_everywhere": (
        True,
        "L1: 'The pipeline implementation that is used in the development or experiment environment is used in the preproduction and production environment'",
    ),
    "pipeline_components_modular": (
        True,
        "L1: 'the source code for components must be modularized'; 'components should ideally be containerized'",
    ),
    "data_validation": (
        "automated",
        "L1: 'automated data validation and model validation steps are required in the production pipeline'",
    ),
    "model_validation": (
        "automated",
        "L1: 'You make sure that the new model produces better performance than the current model before promoting it to production'",
    ),
    "slice_evaluation": (
        True,
        "L1: 'Making sure that the performance of the model is consistent on various segments of the data'",
    ),
    "model_integration_tests": (
        "automated",
        "L1: 'test your model for deployment, including infrastructure compatibility and consistency with the prediction service API'",
    ),
    "model_release": (
        "cicd",
        "L1: 'The model deployment step, which serves the trained and validated model as a prediction service for online predictions, is automated'",
    ),
    "progressive_release": (
        True,
        "L1: 'a newly deployed model undergoes online model validation'; 'in a canary deployment or an A/B testing setup'",
    ),
    "metadata_store": (
        True,
        "L1: 'Each time you execute the pipeline, the ML metadata store records the following metadata'",
    ),
    "prediction_logging": (
        True,
        "L0 lacks it ('doesn't track or log the model predictions'); L1 retrains 'On model performance degradation'",
    ),
    "pipeline_ci": (
        "manual",
        "L1 challenges: 'you usually manually test the pipeline and its components'",
    ),
    "pipeline_cd": ("manual", "L1 challenges: 'you manually deploy new pipeline implementations'"),
}

G2: dict[str, Answer] = {
    **G1,
    "pipeline_ci": (
        "automated",
        "L2: 'the pipeline and its components are built, tested, and packaged when new code is committed'",
    ),
    "pipeline_integration_test": (True, "L2 CI: 'Testing integration between pipeline components'"),
    "pipeline_cd": (
        "to_staging",
        "L2 CD: 'Automated deployment to a test environment'; 'Manual deployment to a production environment after several successful runs'",
    ),
    "serving_mode": (
        "online",
        "L2 CD: 'Testing the prediction service by calling the service API'",
    ),
    "load_testing": (
        True,
        "L2 CD: 'load testing the service to capture metrics such as queries per second (QPS) and model latency'",
    ),
    "model_registry": (
        True,
        "L2: 'The output of this stage is a trained model that is pushed to the model registry'",
    ),
    "model_quality_monitoring": (
        "automated",
        "L2: 'Monitoring: You collect statistics on the model performance based on live data'",
    ),
    "feature_store": (True, "L2 components: 'Feature store'"),
}

ARCHETYPES = [
    ("microsoft", 0, MS0),
    ("microsoft", 1, MS1),
    ("microsoft", 2, MS2),
    ("microsoft", 3, MS3),
    ("microsoft", 4, MS4),
    ("google", 0, G0),
    ("google", 1, G1),
    ("google", 2, G2),
]


def _score(tmp_path: Path, name: str, answers: dict[str, Answer]) -> Any:
    data = {
        "questionnaire": "mlops",
        "subject": name,
        "answers": {qid: {"value": value, "note": note} for qid, (value, note) in answers.items()},
    }
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return mc.score(mc.load_answers(path))


@pytest.mark.parametrize(
    ("framework", "level", "answers"),
    ARCHETYPES,
    ids=[f"{fw}-{lv}" for fw, lv, _ in ARCHETYPES],
)
def test_published_level_description_rates_at_that_level(
    tmp_path: Path, framework: str, level: int, answers: dict[str, Answer]
) -> None:
    result = _score(tmp_path, f"{framework}-{level}", answers)
    assert not result.warnings
    rated = result.framework(framework)
    unmet = [c.id for c in rated.next_level.unmet] if rated.next_level else []
    assert rated.level == level, (framework, level, rated.level, unmet)
    # Every answer of the file quotes the source (the note is the evidence).
    for qid, (_, note) in answers.items():
        assert "'" in note, qid


def test_frameworks_are_rated_independently(tmp_path: Path) -> None:
    # Google's levels are reachable from Google's text alone: a team written
    # from Google's level-2 description is Google 2 whatever Microsoft says.
    result = _score(tmp_path, "google-2-only", G2)
    assert result.framework("google").level == 2
    assert result.framework("microsoft").level == 0
