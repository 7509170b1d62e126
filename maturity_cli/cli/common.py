"""Shared pieces of the command line: exit codes, the error wrapper, common options."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from maturity_cli.errors import MaturityError

if TYPE_CHECKING:
    from maturity_cli.scoring.result import Result

EXIT_OK, EXIT_TARGETS_MISSED, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130

F = TypeVar("F", bound=Callable[..., Any])


def command(fn: F) -> F:
    """Map user errors to exit code 2 and interrupts to 130, without a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import maturity_cli.cli.console as console
        from maturity_cli.files import forget_reads

        forget_reads()
        try:
            return fn(*args, **kwargs)
        except MaturityError as exc:
            for problem in exc.problems:
                console.error(problem.render())
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except KeyboardInterrupt:
            console.error("interrupted")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(EXIT_OK) from None
        except (typer.Exit, typer.Abort):
            raise
        except OSError as exc:  # the environment (missing, permission, disk full), not a bug
            console.error(_environment_problem(exc))
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except Exception as exc:
            if os.environ.get("MATURITY_DEBUG"):
                raise
            console.error(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "  This is a bug in maturity-cli; set MATURITY_DEBUG=1 for the traceback "
                "and please report it."
            )
            raise typer.Exit(70) from None

    return wrapper  # type: ignore[return-value]


def _environment_problem(exc: OSError) -> str:
    """What went wrong outside the program, where, and (for a full disk) what to do."""
    import errno

    what = exc.strerror or str(exc)
    text = what if exc.filename is None else f"{exc.filename}: {what}"
    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        text += (
            "\n  hint: free some space, or raise the file size limit, where the output goes"
            " and in the temporary folder (TMPDIR)"
        )
    return text


QuestionnaireOpt = Annotated[
    str | None,
    typer.Option(
        "--questionnaire",
        "-q",
        help="Built-in questionnaire id or path to a questionnaire file.",
        show_default=False,
    ),
]


def checked_output(
    output: Path | None, inputs: Sequence[Path], questionnaire: str | None, *, force: bool = False
) -> Path | None:
    """The file an ``--output`` replaces (``None``: stdout), refused if unsafe (files.py)."""
    if output is None:
        return None
    import itertools

    from maturity_cli.files import check_output
    from maturity_cli.load.catalog import looks_like_path

    extra = [Path(questionnaire)] if questionnaire and looks_like_path(questionnaire) else []
    # One input at a time: a list of every input's Path would weigh more than the batch.
    target = check_output(output, itertools.chain(inputs, extra), force=force)
    if target is not None:
        _refuse_documents(output, target)
    return target


def _refuse_documents(output: Path, target: Path) -> None:
    """Refuse to replace a YAML questionnaire, answers file or policy.

    Batches scored by worker processes read the questionnaires their answers files
    name in those processes, out of this process's sight; this keeps them safe too.
    """
    from maturity_cli.errors import Problem, UsageError
    from maturity_cli.files import own_output
    from maturity_cli.load.kinds import detect_kind
    from maturity_cli.load.reader import parse_document, read_text

    if target.suffix.lower() not in (".yaml", ".yml") or not target.is_file():
        return
    try:
        kind = detect_kind(parse_document(read_text(target), str(target)))
    except MaturityError:
        kind = None
    own_output(target)  # only looked at, not an input (check_output ran first)
    if kind is not None:
        raise UsageError(
            Problem(
                f"the output file is {'an' if kind == 'answers' else 'a'} {kind} "
                f"{'file' if kind == 'answers' else 'document'}; it was not replaced",
                file=str(output),
                hint="choose another --output path",
            )
        )


def score_reporting(files: Sequence[Path], questionnaire: str | None) -> tuple[list[Result], int]:
    """Score files in order, printing each file's errors and warnings to stderr.

    Returns the results and how many files could not be scored.
    """
    import maturity_cli.cli.console as console
    from maturity_cli.scoring.batch import score_files

    failed = 0
    results: list[Result] = []
    for scored in score_files(files, questionnaire):
        warnings = scored.result.warnings if scored.result is not None else ()
        if not console.file_outcome(scored.path, scored.error, warnings):
            failed += 1
            continue
        assert scored.result is not None
        results.append(scored.result)
    return results, failed


def write_output(output: Path, text: str) -> None:
    """Write a command's text output to a file, atomically (nothing when empty)."""
    from maturity_cli.files import write_atomic

    if text:
        write_atomic(output, text)
