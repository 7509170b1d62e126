"""maturity-cli: rate how mature an ML team's operations are, and learn what to do next.

The public library API (see ``docs/api.md``)::

    import maturity_cli as mc

    questionnaire = mc.load_questionnaire(Path("my-model.yaml"))
    answers = mc.load_answers(Path("team.yaml"))
    result = mc.score(answers)
    print(mc.render_report([result], "md"))

The names are resolved lazily so that ``maturity --version`` and ``--help`` import
nothing they do not need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it (imported on first use)
_API = {
    "load_questionnaire": "maturity_cli.questionnaire.loader",
    "load_answers": "maturity_cli.answers.loader",
    "score": "maturity_cli.scoring.engine",
    "render_report": "maturity_cli.report.render",
    "Result": "maturity_cli.scoring.result",
    "Questionnaire": "maturity_cli.questionnaire.loader",
    "Answers": "maturity_cli.answers.loader",
    "MaturityError": "maturity_cli.errors",
}

__all__ = [
    "Answers",
    "MaturityError",
    "Questionnaire",
    "Result",
    "__version__",
    "load_answers",
    "load_questionnaire",
    "render_report",
    "score",
]

if TYPE_CHECKING:
    from maturity_cli.answers.loader import Answers, load_answers
    from maturity_cli.errors import MaturityError
    from maturity_cli.questionnaire.loader import Questionnaire, load_questionnaire
    from maturity_cli.report.render import render_report
    from maturity_cli.scoring.engine import score
    from maturity_cli.scoring.result import Result


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'maturity_cli' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
