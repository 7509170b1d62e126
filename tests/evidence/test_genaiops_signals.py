"""The genaiops evidence: an LLM application's repository gets the right answers, with file:line."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from evidence.helpers import write_tree
from typer.testing import CliRunner

from maturity_cli.cli.app import app
from maturity_cli.evidence.detect import detect
from maturity_cli.evidence.walk import list_files
from maturity_cli.questionnaire.loader import load_questionnaire

GIT = shutil.which("git")
EVAL_CI = ".github/workflows/eval.yml"
CI = ".github/workflows/ci.yml"

RAG_ASSISTANT: dict[str, str | bytes] = {
    ".gitignore": ".env\n.promptfoo/\n",
    "pyproject.toml": """
        [project]
        name = "support-assistant"
        version = "0.3.0"
        dependencies = [
            "openai>=1.40",
            "qdrant-client>=1.9",
            "langfuse>=2.50",
            "fastapi",
        ]

        [project.optional-dependencies]
        eval = ["ragas>=0.1"]
        """,
    "prompts/answer.txt": """
        You are the support assistant for Acme routers.
        Answer only from the passages below. If they do not contain the answer, say so.

        Passages:
        {{ context }}

        Question: {{ question }}
        """,
    "prompts/condense.txt": "Rewrite the follow-up as a standalone question: {{ question }}\n",
    "app/settings.py": """
        CHAT_MODEL = "gpt-4o-2024-08-06"
        EMBEDDING_MODEL = "text-embedding-3-small"
        COLLECTION = "router-manuals"
        """,
    "app/rag.py": """
        from langfuse import observe
        from langfuse.openai import openai
        from qdrant_client import QdrantClient

        from app.settings import CHAT_MODEL, COLLECTION

        client = QdrantClient(url="http://qdrant:6333")


        @observe()
        def answer(question: str) -> str:
            vector = embed(question)
            hits = client.query_points(COLLECTION, query=vector, limit=5).points
            context = "\\n\\n".join(hit.payload["text"] for hit in hits)
            prompt = render("answer", context=context, question=question)
            reply = openai.chat.completions.create(model=CHAT_MODEL, messages=prompt)
            return reply.choices[0].message.content
        """,
    "scripts/ingest.py": """
        from langchain_text_splitters import RecursiveCharacterTextSplitter
        from qdrant_client import QdrantClient

        splitter = RecursiveCharacterTextSplitter(chunk_size=800, chunk_overlap=100)


        def main() -> None:
            chunks = splitter.split_documents(load_manuals())
            QdrantClient().upsert(collection_name="router-manuals", points=embed_all(chunks))
        """,
    "promptfooconfig.yaml": """
        description: Support assistant answers
        prompts:
          - file://prompts/answer.txt
        providers:
          - openai:chat:gpt-4o-2024-08-06
        defaultTest:
          assert:
            - type: context-faithfulness
              threshold: 0.8
            - type: llm-rubric
              value: Answers only from the manuals and admits when it does not know
        tests: file://evals/golden.csv
        """,
    "evals/golden.csv": (
        "question,context,__expected\n"
        "How do I reset the router?,Hold reset for 10 s,contains:reset\n"
    ),
    "tests/test_rag.py": "def test_prompt_renders():\n    assert True\n",
    CI: """
        name: ci
        on: [push, pull_request]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: pip install -e .
              - run: pytest -q
        """,
    EVAL_CI: """
        name: eval
        on:
          pull_request:
            paths: [prompts/**, promptfooconfig.yaml, app/**]
        jobs:
          eval:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: npx promptfoo@latest eval -c promptfooconfig.yaml --fail-on-error
        """,
}


def _git(root: Path, *args: str) -> None:
    assert GIT is not None
    subprocess.run([GIT, "-C", str(root), *args], check=True, capture_output=True)


def _scan_json(root: Path) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["scan", str(root), "-q", "genaiops", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _proposals(data: dict[str, Any]) -> dict[str, tuple[object, str]]:
    return {p["question"]: (p["answer"], p["confidence"]) for p in data["proposals"]}


def _where(data: dict[str, Any], question: str) -> list[str]:
    proposal = next(p for p in data["proposals"] if p["question"] == question)
    return [
        f"{e['path']}:{e['line']}" if "line" in e else e.get("path", e.get("text"))
        for e in proposal["evidence"]
        if e["found"]
    ]


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_a_rag_assistant_under_git_gets_the_right_answers(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "assistant", RAG_ASSISTANT)
    _git(root, "init", "-q")
    _git(root, "add", ".")
    data = _scan_json(root)
    assert data["listed_by"] == "git"
    assert _proposals(data) == {
        "uses_rag": (True, "high"),
        "prompt_versioning": ("in_vcs", "medium"),
        "prompt_design": ("structured", "medium"),
        "index_pipeline": ("scripted", "medium"),
        "eval_dataset": ("curated_set", "medium"),
        "eval_metrics": ("quality_metrics", "medium"),
        "eval_gate": (True, "medium"),
        "content_safety": ("none", "low"),
        "tracing": (True, "high"),
        "monitoring": ("dashboards", "low"),
    }
    assert _where(data, "uses_rag") == ["app/rag.py:13", "pyproject.toml:5"]
    assert _where(data, "prompt_versioning") == ["prompts/"]
    assert _where(data, "prompt_design") == [
        "prompts/answer.txt:5",
        "prompts/answer.txt:7",
        "prompts/condense.txt:1",
    ]
    assert _where(data, "index_pipeline") == ["scripts/ingest.py:4", "scripts/ingest.py:9"]
    assert _where(data, "eval_dataset") == ["promptfooconfig.yaml:12"]
    assert _where(data, "eval_gate")[0] == f"{EVAL_CI}:10"
    assert _where(data, "tracing") == ["app/rag.py:2", "app/rag.py:10"]
    metrics = next(p for p in data["proposals"] if p["question"] == "eval_metrics")
    assert [e["text"] for e in metrics["evidence"] if e["signal"] == "quality_metrics"] == [
        "- type: context-faithfulness",
        "- type: llm-rubric",
    ]
    undetermined = {u["question"] for u in data["undetermined"]}
    # tracing records usage, but nothing shows a budget or an alert: no cost answer
    assert {"llm_judge", "cost_tracking", "gateway", "regulated", "llm_apps"} <= undetermined


def test_the_same_assistant_grows_up(tmp_path: Path) -> None:
    """Scheduled indexing, a gateway with budgets, guardrails, a deploy: the answers follow."""
    tree = dict(RAG_ASSISTANT)
    tree[CI] = str(tree[CI]) + "      - run: az containerapp up --name assistant --source .\n"
    tree[".github/workflows/ingest.yml"] = """
        on:
          schedule:
            - cron: "0 3 * * *"
        jobs:
          ingest:
            runs-on: ubuntu-latest
            steps:
              - run: python -m scripts.ingest
        """
    tree["gateway/litellm.yaml"] = """
        model_list:
          - model_name: chat
            litellm_params:
              model: azure/gpt-4o-2024-08-06
        general_settings:
          max_budget: 500
          budget_duration: 30d
        """
    tree["guardrails/config.yml"] = """
        models:
          - type: main
            engine: openai
            model: gpt-4o-mini-2024-07-18
        rails:
          input:
            flows: [self check input]
        """
    answers = _proposals(_scan_json(write_tree(tmp_path, tree)))
    assert answers["index_pipeline"] == ("automated", "medium")
    assert answers["gateway"] == (True, "medium")
    assert answers["cost_tracking"] == ("per_app", "medium")
    assert answers["content_safety"] == ("filters", "medium")
    assert answers["prompt_versioning"] == ("released_together", "medium")
    assert answers["deployment_process"] == ("ci_cd", "medium")


def test_a_plain_repository_proposes_nothing(tmp_path: Path) -> None:
    """A web service with tests, CI, a deploy, alerts and an evaluate script: no LLM, no answer."""
    root = write_tree(
        tmp_path,
        {
            "requirements.txt": "flask==3.0.0\nsqlalchemy==2.0.25\nscikit-learn==1.4.0\n",
            "app.py": "from flask import Flask\napp = Flask(__name__)\n",
            "evals/holdout.csv": "x,y\n1,2\n",
            "scripts/evaluate_model.py": "from sklearn.metrics import ndcg_score\n",
            "tests/test_app.py": "def test_ok():\n    assert True\n",
            "Dockerfile": "FROM python:3.12-slim\n",
            "monitoring/rules.yml": "groups:\n  - rules:\n      - alert: HighErrorRate\n",
            CI: """
                on: [push]
                jobs:
                  t:
                    steps:
                      - run: pytest
                      - run: python scripts/evaluate_model.py
                      - run: python scripts/build_index.py
                      - run: docker push registry/app
                """,
        },
    )
    data = _scan_json(root)
    assert data["proposals"] == []
    assert len(data["undetermined"]) == len(load_questionnaire("genaiops").questions)


def test_an_llm_app_with_nothing_around_it_gets_only_weak_noes(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "requirements.txt": "anthropic\n",
            "bot.py": "import anthropic\nclient = anthropic.Anthropic()\n",
        },
    )
    data = _scan_json(root)
    assert _proposals(data) == {
        "eval_dataset": ("none", "low"),
        "eval_metrics": ("none", "low"),
        "llm_judge": (False, "low"),
        "eval_gate": (False, "low"),
        "content_safety": ("none", "low"),
        "tracing": (False, "low"),
    }
    assert _where(data, "tracing") == ["requirements.txt:1"]


def test_indexing_only_in_notebooks_is_manual(tmp_path: Path) -> None:
    nb = '{"cells": [{"source": ["vectordb = Chroma.from_documents(chunks, embeddings)"]}]}\n'
    tree: dict[str, str | bytes] = {"requirements.txt": "langchain\nchromadb\n", "index.ipynb": nb}
    answers = _proposals(_scan_json(write_tree(tmp_path, tree)))
    assert answers["index_pipeline"] == ("manual", "medium")
    assert answers["uses_rag"] == (True, "medium")


def test_inline_test_cases_are_only_a_few_examples(tmp_path: Path) -> None:
    config = """
        prompts: ["Summarise: {{text}}"]
        providers: [openai:gpt-4o-mini-2024-07-18, anthropic:messages:claude-3-5-haiku-20241022]
        tests:
          - vars: {text: The router restarts nightly.}
            assert:
              - type: contains
                value: router
        """
    answers = _proposals(_scan_json(write_tree(tmp_path, {"promptfooconfig.yaml": config})))
    assert answers["eval_dataset"] == ("few_examples", "low")
    assert answers["eval_metrics"] == ("basic", "low")
    assert answers["model_selection"] == ("compared", "medium")
    assert "eval_gate" not in answers  # no CI, and no model library: nothing to say


def test_a_disabled_eval_workflow_is_no_gate(tmp_path: Path) -> None:
    workflow = "jobs:\n  eval:\n    if: false\n    steps:\n      - run: npx promptfoo eval\n"
    tree: dict[str, str | bytes] = {"requirements.txt": "openai\n", EVAL_CI: workflow}
    answers = _proposals(_scan_json(write_tree(tmp_path, tree)))
    assert answers["eval_gate"] == (False, "low")


def test_a_judge_in_use_is_not_proposed_as_checked(tmp_path: Path) -> None:
    code = "from deepeval.metrics import GEval\nmetric = GEval(name='correct')\n"
    tree: dict[str, str | bytes] = {"requirements.txt": "openai\ndeepeval\n", "ev.py": code}
    answers = _proposals(_scan_json(write_tree(tmp_path, tree)))
    assert "llm_judge" not in answers
    assert answers["eval_metrics"] == ("quality_metrics", "low")
    assert answers["eval_dataset"] == ("few_examples", "low")


WORKFLOW = ".github/workflows/w.yml"
PRESENT: dict[str, dict[str, str | bytes]] = {
    "llm_library": {"requirements.txt": "langchain-openai==0.2.0\n"},
    "llm_js_library": {"package.json": '{"dependencies": {"@anthropic-ai/sdk": "^0.30"}}\n'},
    "promptfoo_config": {"evals/promptfooconfig.yml": "prompts: []\n"},
    "promptfoo_tests": {"promptfooconfig.yaml": "tests:\n  - vars: {q: hi}\n"},
    "promptfoo_dataset": {"promptfooconfig.yaml": "tests: file://cases.jsonl\n"},
    "eval_library": {"pyproject.toml": '[project]\nname="x"\ndependencies=["deepeval"]\n'},
    "eval_calls": {"eval.py": "from ragas import evaluate\n"},
    "eval_dataset_files": {"tests/evaluation/rag/golden.jsonl": "{}\n"},
    "eval_dataset_calls": {"ds.py": "client.create_dataset('support-golden')\n"},
    "quality_metrics": {"ev.py": "from ragas.metrics import faithfulness\n"},
    "judge_metrics": {"promptfooconfig.yaml": "defaultTest:\n  assert:\n    - type: llm-rubric\n"},
    "basic_assertions": {"promptfooconfig.yaml": "assert:\n  - type: is-json\n"},
    "retrieval_metrics": {"ev.py": "from ragas.metrics import context_recall\n"},
    "models_compared": {"promptfooconfig.yaml": "providers: [openai:gpt-4o, ollama:llama3]\n"},
    "eval_experiments": {"ev.py": "evaluate(target, data='golden', experiment_prefix='v2')\n"},
    "prompt_files": {"src/qa.prompty": "---\nname: qa\n---\n"},
    "prompt_templates": {"app/prompts/qa.md": "system:\nYou answer questions.\n"},
    "prompt_flows": {"flows/chat/flow.dag.yaml": "nodes: []\n"},
    "pinned_model": {"config.yaml": "model: claude-3-5-sonnet-20241022\n"},
    "tracing_library": {"requirements.txt": "opentelemetry-instrumentation-openai-v2\n"},
    "tracing_calls": {"otel.py": "span.set_attribute('gen_ai.request.model', model)\n"},
    "token_usage": {"app.py": "log(reply.usage.total_tokens)\n"},
    "budget_config": {"proxy.yaml": "litellm_settings:\n  max_budget: 100\n"},
    "feedback_calls": {"api.py": "client.create_feedback(run_id, key='thumbs', score=1)\n"},
    "alert_rules": {"infra/alerts.tf": 'resource "aws_cloudwatch_metric_alarm" "p95" {}\n'},
    "guardrails_library": {"requirements.txt": "guardrails-ai\n"},
    "guardrails_config": {
        "config/config.yml": "rails:\n  output:\n    flows: [self check output]\n"
    },
    "guardrails_calls": {"safe.py": "rails = LLMRails(config)\n"},
    "content_safety_library": {"requirements.txt": "azure-ai-contentsafety\n"},
    "content_safety_calls": {"mod.py": "result = client.moderations.create(input=text)\n"},
    "pii_library": {"requirements.txt": "presidio-anonymizer\n"},
    "pii_calls": {"pii.py": "analyzer = AnalyzerEngine()\n"},
    "redteam_config": {"promptfooconfig.yaml": "redteam:\n  plugins: [harmful]\n"},
    "redteam_library": {"requirements.txt": "garak\n"},
    "vector_store_library": {"requirements.txt": "azure-search-documents\n"},
    "retrieval_calls": {"q.sql": "SELECT id FROM chunks ORDER BY embedding <=> $1 LIMIT 5;\n"},
    "indexing_code": {"load.py": "store.add_documents(chunks)\n"},
    "indexing_notebooks": {"load.ipynb": '{"cells": [{"source": ["store.add_texts(t)"]}]}\n'},
    "gateway_config": {"litellm.yml": "model_list:\n  - litellm_params: {model: gpt-4o}\n"},
    "gateway_reference": {
        "apim/policy.xml": "<azure-openai-token-limit tokens-per-minute='5000'/>\n"
    },
    "ci_runs_tests": {WORKFLOW: "steps:\n  - run: python -m pytest\n"},
    "ci_runs_eval": {WORKFLOW: "steps:\n  - run: deepeval test run test_answers.py\n"},
    "ci_redteam": {WORKFLOW: "steps:\n  - run: npx promptfoo@latest redteam run\n"},
    "ci_runs_indexing": {"Jenkinsfile": "sh 'python3 -m rag.indexer --full'\n"},
    "ci_schedule": {WORKFLOW: "on:\n  schedule:\n    - cron: '0 1 * * *'\n"},
    "ci_disabled": {WORKFLOW: "jobs:\n  a:\n    if: false\n"},
    "ci_deploys": {WORKFLOW: "steps:\n  - run: azd deploy\n"},
    "dockerfile": {"Dockerfile": "FROM python:3.12\n"},
}

# Lookalikes each signal must not take for the real thing.
LOOKALIKES: dict[str, dict[str, str | bytes]] = {
    "pinned_model": {"app.py": "MODEL = 'gpt-4o'\nOTHER = 'claude-3-5-sonnet-latest'\n"},
    "tracing_calls": {"app.py": "FastAPIInstrumentor().instrument_app(app)\n"},
    "guardrails_config": {"config.yml": "rails:\n  env: production\n"},
    "gateway_config": {"config.yaml": "model_list: [a, b]\n"},
    "ci_runs_indexing": {WORKFLOW: "steps:\n  - run: python -m pip install --index-url x y\n"},
    "models_compared": {"promptfooconfig.yaml": "providers: [openai:gpt-4o]\n"},
    "prompt_files": {"docs/prompting.md": "# How we prompt\n"},
}


def _signals() -> list[str]:
    evidence = load_questionnaire("genaiops").evidence
    assert evidence is not None
    return [s.id for s in evidence.signals]


def _value(root: Path, signal: str) -> object:
    evidence = load_questionnaire("genaiops").evidence
    assert evidence is not None
    return detect(list_files(root, evidence.downweight), evidence.signals)[signal].value


@pytest.mark.parametrize("signal", _signals())
def test_each_signal_present_and_absent(tmp_path: Path, signal: str) -> None:
    assert signal in PRESENT, f"add a repository that has {signal!r} to PRESENT"
    assert _value(write_tree(tmp_path / "has", PRESENT[signal]), signal) not in (None, False, 0)
    lacks = write_tree(tmp_path / "lacks", {"README.md": "An LLM app, one day.\n"})
    assert _value(lacks, signal) in (None, False, 0)


@pytest.mark.parametrize("signal", sorted(LOOKALIKES))
def test_a_lookalike_is_not_the_signal(tmp_path: Path, signal: str) -> None:
    assert _value(write_tree(tmp_path, LOOKALIKES[signal]), signal) in (None, False, 0)


LLM = {"requirements.txt": "openai\n"}
SCHEDULED = "on:\n  schedule:\n    - cron: '0 2 * * 1'\njobs:\n  r:\n    steps:\n"
PROPOSED: list[tuple[dict[str, str | bytes], str, tuple[object, str]]] = [
    (
        {**LLM, WORKFLOW: SCHEDULED + "      - run: npx promptfoo redteam run\n"},
        "red_teaming",
        ("regular", "medium"),
    ),
    (
        {**LLM, "redteam.yaml": "redteam:\n  purpose: support bot\n"},
        "red_teaming",
        ("before_launch", "low"),
    ),
    (
        {**LLM, "pii.py": "masked = AnonymizerEngine().anonymize(text, found)\n"},
        "pii_protection",
        (True, "medium"),
    ),
    ({"requirements.txt": "openai\npresidio-analyzer\n"}, "pii_protection", (True, "low")),
    (
        {**LLM, "usage.py": "meter(r.usage.total_tokens)\n", "alerts.yml": "- alert: TokenSpike\n"},
        "cost_tracking",
        ("per_app", "low"),
    ),
    ({"requirements.txt": "openai\nlangsmith\n"}, "tracing", (True, "medium")),
    ({**LLM, "chat/flow.dag.yaml": "nodes: []\n"}, "prompt_design", ("integrated_flows", "medium")),
    ({"src/qa.prompt.yml": "model: openai/gpt-4o\n"}, "prompt_design", ("structured", "low")),
    (
        {"ev.py": "from ragas.metrics import context_recall\nfrom ragas import evaluate\n"},
        "retrieval_eval",
        (True, "medium"),
    ),
    (
        {"ev.py": "results = mlflow.genai.evaluate(data=golden, scorers=scorers)\n"},
        "experiment_tracking",
        ("automatic", "medium"),
    ),
    (
        {"api.py": "langfuse.create_score(trace_id=t, name='thumbs', value=1)\n"},
        "quality_monitoring",
        ("feedback_sampled", "medium"),
    ),
    (
        {"infra/ai.bicep": "properties: {\n  raiPolicyName: 'strict'\n}\n"},
        "content_safety",
        ("filters", "medium"),
    ),
    ({"requirements.txt": "openai\nnemoguardrails\n"}, "content_safety", ("filters", "low")),
    (
        {"docker-compose.yml": "services:\n  gw:\n    image: ghcr.io/berriai/litellm:main\n"},
        "gateway",
        (True, "medium"),
    ),
    ({**LLM, "Dockerfile": "FROM python:3.12\n"}, "deployment_process", ("scripted", "low")),
]


@pytest.mark.parametrize(("tree", "question", "expected"), PROPOSED)
def test_each_proposal_from_its_evidence(
    tmp_path: Path, tree: dict[str, str | bytes], question: str, expected: tuple[object, str]
) -> None:
    assert _proposals(_scan_json(write_tree(tmp_path, tree))).get(question) == expected


def test_a_vector_store_in_a_plain_web_app_is_not_rag(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"requirements.txt": "django\npgvector\n"})
    assert _proposals(_scan_json(root)) == {}


# Other forms each signal takes in real repositories.
ALSO_PRESENT: list[tuple[str, dict[str, str | bytes]]] = [
    ("llm_library", {"pyproject.toml": '[project]\nname="x"\ndependencies=["vllm"]\n'}),
    ("eval_dataset_files", {"data/golden_answers.jsonl": "{}\n"}),
    ("prompt_files", {"src/assistant/prompts/answer.j2": "{{ q }}\n"}),
    ("prompt_files", {".github/prompts/summary.prompt.yml": "messages: []\n"}),
    ("pinned_model", {"bedrock.py": "MODEL = 'anthropic.claude-3-haiku-20240307-v1:0'\n"}),
    ("pinned_model", {"infra/aoai.yaml": "deployment:\n  model_version: '2024-11-20'\n"}),
    ("tracing_calls", {".env.example": "LANGCHAIN_TRACING_V2=true\n"}),
    ("tracing_calls", {"app.py": "OpenAIInstrumentor().instrument()\n"}),
    (
        "tracing_calls",
        {"k8s/app.yaml": "- name: OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT\n"},
    ),
    ("tracing_calls", {"litellm.yaml": "litellm_settings:\n  success_callback: ['langfuse']\n"}),
    ("guardrails_calls", {"guard.py": "guard = Guard().use(ToxicLanguage, on_fail='exception')\n"}),
    ("content_safety_calls", {"gem.py": "model.generate_content(q, safety_settings=settings)\n"}),
    ("gateway_reference", {"client.ts": "baseURL: 'https://oai.helicone.ai/v1',\n"}),
    ("retrieval_calls", {"rag.py": "docs = store.similarity_search_with_score(q, k=4)\n"}),
    ("ci_runs_eval", {WORKFLOW: "steps:\n  - uses: promptfoo/promptfoo-action@v1\n"}),
]


@pytest.mark.parametrize(("signal", "tree"), ALSO_PRESENT)
def test_other_forms_of_a_signal(tmp_path: Path, signal: str, tree: dict[str, str | bytes]) -> None:
    assert _value(write_tree(tmp_path, tree), signal) not in (None, False, 0)
