"""``maturity check`` (the CI gate) and ``maturity diff``: parse, call the core, print, exit.

Exit codes: 0 every error-level target met; 1 at least one missed; 2 bad input or
usage, including any file that could not be read or scored (the other files are
still checked and reported first).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from maturity_cli.cli.check_options import (
    BaselineOpt,
    BaselineRefOpt,
    DetailsOpt,
    FormatOpt,
    InputsArg,
    JunitOpt,
    MaxAgeOpt,
    MinDimensionOpt,
    MinLevelOpt,
    NoPolicyOpt,
    PolicyOpt,
    SarifOpt,
    TodayOpt,
    WarnOnlyOpt,
)
from maturity_cli.cli.common import (
    EXIT_TARGETS_MISSED,
    QuestionnaireOpt,
    command,
)
from maturity_cli.cli.formats import TableOrJson
from maturity_cli.cli.scan import ContradictionsOpt, EvidenceOpt, Severity
from maturity_cli.errors import MaturityError, Problem, UsageError

if TYPE_CHECKING:
    from maturity_cli.ci.gate import CheckEnd
    from maturity_cli.ci.policy import Policy
    from maturity_cli.cli.check_run import CheckEvidence, Outputs
    from maturity_cli.load.discover import Inputs
    from maturity_cli.scoring.result import Result


def load_results(path: Path, questionnaire: str | None = None) -> Iterator[Result]:
    """Results, one at a time, from an answers file, a JSON result or list, or JSON Lines."""
    from maturity_cli.ci.records import iter_results

    return iter_results(path, questionnaire)


def _parse_today(raw: str | None) -> dt.date:
    if raw is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise UsageError(
            Problem(f"--today {raw!r}: expected a date", hint="write it as YYYY-MM-DD")
        ) from None


def find_policy(start: Path) -> Path | None:
    """``.maturity.yml`` in ``start`` or a folder above it, up to the repository root.

    The search stops at the first folder holding ``.git`` (the repository root);
    outside a repository only ``start`` itself is searched.
    """
    from maturity_cli.ci.policy import DEFAULT_POLICY

    here = start.resolve()
    chain = [here, *here.parents]
    root = next((i for i, folder in enumerate(chain) if (folder / ".git").exists()), None)
    for folder in chain[: 1 if root is None else root + 1]:
        if (folder / DEFAULT_POLICY).is_file():
            return folder / DEFAULT_POLICY
    return None


def _load_policy(policy: Path | None, no_policy: bool, has_flags: bool) -> Policy:
    from maturity_cli.ci.central import load_central as load_policy
    from maturity_cli.ci.policy import DEFAULT_POLICY, Policy

    if policy is not None and no_policy:
        raise UsageError(Problem("--policy and --no-policy exclude each other"))
    if policy is not None:
        return load_policy(policy)
    found = None if no_policy else find_policy(Path.cwd())
    if found is not None:
        return load_policy(found)
    if not has_flags:
        raise UsageError(
            Problem(
                "no policy given"
                if no_policy
                else f"no policy: {DEFAULT_POLICY} not found in "
                "this folder or any folder above it up to the repository root",
                hint="pass --policy FILE, or targets such as --min-level FRAMEWORK=N "
                "(see docs/ci.md)",
            )
        )
    return Policy()


@dataclass(frozen=True)
class _Run:
    inputs: list[str]
    policy: Path | None
    no_policy: bool
    questionnaire: str | None
    flags: list[tuple[str, str]]
    max_age: int | None
    warn_only: bool
    baseline: Path | None
    baseline_ref: str | None
    today: str | None
    fmt: TableOrJson
    junit: Path | None
    sarif: Path | None
    details: bool = False
    evidence: Path | None = None
    contradictions: Severity | None = None


def check_cmd(
    inputs: InputsArg,
    policy: PolicyOpt = None,
    no_policy: NoPolicyOpt = False,
    questionnaire: QuestionnaireOpt = None,
    min_level: MinLevelOpt = None,
    min_dimension: MinDimensionOpt = None,
    max_age: MaxAgeOpt = None,
    warn_only: WarnOnlyOpt = False,
    baseline: BaselineOpt = None,
    baseline_ref: BaselineRefOpt = None,
    today: TodayOpt = None,
    fmt: FormatOpt = TableOrJson.table,
    junit: JunitOpt = None,
    sarif: SarifOpt = None,
    details: DetailsOpt = False,
    evidence: EvidenceOpt = None,
    contradictions: ContradictionsOpt = None,
) -> None:
    """Over many files the table becomes a summary: one line per file, then the
    targets missed (--details for every row).
    """
    flags = [("--min-level", raw) for raw in min_level or []]
    flags += [("--min-dimension", raw) for raw in min_dimension or []]
    run = _Run(
        inputs,
        policy,
        no_policy,
        questionnaire,
        flags,
        max_age,
        warn_only,
        baseline,
        baseline_ref,
        today,
        fmt,
        junit,
        sarif,
        details,
        evidence,
        contradictions,
    )
    import maturity_cli.cli.check_run as check_run

    end, out, claims = _check(run)
    try:
        found = check_run.emit(end, out, run.junit, run.sarif, claims)
        check_run.finish(end, out.verdict)
    finally:
        out.close()
        if claims is not None:
            claims.close()
    if found is not None and found.errors and found.items:
        raise typer.Exit(EXIT_TARGETS_MISSED)  # contradicted claims fail the check


def _check(run: _Run) -> tuple[CheckEnd, Outputs, CheckEvidence | None]:
    """Every file through the gate into the outputs, one at a time; nothing written yet."""
    from maturity_cli.ci.gate import Gate
    from maturity_cli.ci.policy import parse_level_flag, with_overrides
    from maturity_cli.cli.check_run import CheckEvidence, Outputs

    day = _parse_today(run.today)
    extra = [parse_level_flag(raw, option) for option, raw in run.flags]
    pol = _load_policy(run.policy, run.no_policy, bool(extra) or run.max_age is not None)
    pol = with_overrides(pol, extra, max_age_days=run.max_age, warn_only=run.warn_only)
    if run.baseline is not None and run.baseline_ref is not None:
        raise UsageError(Problem("--baseline and --baseline-ref exclude each other"))
    if not pol.targets and run.baseline is None and run.baseline_ref is None:
        raise UsageError(
            Problem(
                "the policy has no targets",
                file=pol.source,
                hint="add 'targets:' or 'max_age_days:' (see docs/ci.md)",
            )
        )
    files, errors = _inputs(run)
    old: Iterable[Result]
    if run.baseline_ref is not None:
        from maturity_cli.ci.gitbase import baselines_from_git

        old = baselines_from_git(run.baseline_ref, files, run.questionnaire, Path.cwd())
    else:
        old = _load_baseline(run.baseline, run.questionnaire)
    gate = Gate(pol, day, old)
    out = Outputs(
        run.fmt, run.details, run.junit is not None, run.sarif is not None, bool(run.evidence)
    )
    evidence = None
    try:
        if run.evidence is not None:
            evidence = CheckEvidence(run.evidence, run.questionnaire, pol, run.contradictions)
            evidence.json = out.json
        for result in results_of(files, run.questionnaire, errors):
            out.add(gate.outcomes(result))
            if evidence is not None:
                evidence.add(result)
        return gate.finish(errors), out, evidence
    except BaseException:
        out.close()
        if evidence is not None:
            evidence.close()
        raise


def results_of(
    files: Iterable[Path], questionnaire: str | None, errors: list[Problem]
) -> Iterator[Result]:
    """Each file's results in input order, one at a time; answers files scored in parallel.

    A file that cannot be read or scored adds its problems to ``errors``. ``files``
    is walked once: the answers files go to the workers from the same walk (only
    the files handed out but not yet reported are held, a few hundred).
    """
    from maturity_cli.scoring.batch import score_files

    saved = (".json", ".jsonl")
    to_score, to_report = itertools.tee(files)
    scored = score_files((p for p in to_score if p.suffix not in saved), questionnaire)
    for path in to_report:
        try:
            if path.suffix in (".json", ".jsonl"):
                yield from load_results(path, questionnaire)
                continue
            done = next(scored)
            if done.error is not None:
                raise done.error
            assert done.result is not None
            yield done.result
        except MaturityError as exc:
            errors.extend(
                p if p.file else Problem(p.message, file=str(path), hint=p.hint)
                for p in exc.problems
            )


def _inputs(run: _Run) -> tuple[Inputs, list[Problem]]:
    """The answers files, found as they are checked: no list of every name is kept."""
    from maturity_cli.files import refuse_overwrite_of_inputs
    from maturity_cli.load.discover import find_inputs

    found = find_inputs(run.inputs)
    if next(found.names(ordered=False), None) is None:
        raise UsageError(found.problems or Problem("no answers files given"))
    others = [p for p in (run.baseline, run.policy) if p is not None]
    for output in (run.junit, run.sarif):
        if output is not None:
            refuse_overwrite_of_inputs(output, itertools.chain(others, found.same_named(output)))
    return found, list(found.problems)


def _load_baseline(baseline: Path | None, questionnaire: str | None) -> Iterable[Result]:
    from maturity_cli.load.discover import expand_inputs

    if baseline is None:
        return []
    files, problems, _ = expand_inputs([str(baseline)])
    if problems:
        raise UsageError(problems)
    return (r for path in files for r in load_results(path, questionnaire))


def register(app: typer.Typer) -> None:
    """Add ``check`` to the command-line app."""
    app.command("check")(command(check_cmd))
