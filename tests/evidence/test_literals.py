"""The substring pre-check never hides a match: a file without the literals cannot match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity_cli.evidence.literals import required_literals
from maturity_cli.questionnaire.loader import load_questionnaire


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"mlflow\.(log_\w+|autolog)\(|\bdvclive\b", ("dvclive", "mlflow.")),
        (r"^\s*(import|from)\s+(pandera|great_expectations)\b", ("great_expectations", "pandera")),
        (r"python3? -m pytest", (" -m pytest",)),
        (r"colou?r_space", ("r_space",)),
        (r"(abc)?def", ("def",)),
        (r"[a-z]+\d", None),
        (r"abc|x", None),
        (r"(?i)mlflow", None),
        (r"x(?=mlflow)", None),
        (r"\$\{\{\s*false", ("false",)),
    ],
)
def test_required_literals(pattern: str, literals: tuple[str, ...] | None) -> None:
    assert required_literals(pattern) == literals


_PIECES = [
    "mlflow",
    ".",
    "log_",
    "metric",
    "(",
    "autolog",
    "dvclive",
    " ",
    "\n",
    "import",
    "from",
    "pandera",
    "x",
    "python",
    "3",
    "-m",
    "pytest",
    "colo",
    "u",
    "r_space",
]
PATTERNS = [
    r"mlflow\.(log_\w+|autolog)\(|\bdvclive\b",
    r"^\s*(import|from)\s+(pandera|great_expectations)\b",
    r"python3? -m pytest",
    r"colou?r_space",
    r"(abc)?def|mlflow+x",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12), st.sampled_from(PATTERNS))
def test_a_match_always_contains_a_literal(parts: list[str], pattern: str) -> None:
    text = "".join(parts)
    literals = required_literals(pattern)
    if literals is not None and re.search(pattern, text, re.MULTILINE):
        assert any(lit in text for lit in literals)


def test_every_builtin_pattern_agrees_with_its_literals_on_the_realistic_lines() -> None:
    lines = [
        "with mlflow.start_run():",
        "from pandera import DataFrameSchema",
        "    - cron: '0 4 * * 1'",
        "      - run: dvc repro",
        "kind: InferenceService",
        "model = GridSearchCV(est, grid)",
        "if np.isnan(loss).any():",
    ]
    for ref in ("mlops", "ml-test-score"):
        q = load_questionnaire(ref)
        assert q.evidence is not None
        for s in q.evidence.signals:
            if s.spec.text is None:
                continue
            literals = required_literals(s.spec.text.pattern)
            for line in lines:
                if literals is not None and re.search(s.spec.text.pattern, line, re.MULTILINE):
                    assert any(lit in line for lit in literals), (s.id, line)
