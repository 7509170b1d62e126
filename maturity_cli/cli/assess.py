"""``maturity assess``: the interactive interview, saved after every answer.

Exit codes: 0 the interview reached its end; 2 bad input, or piped input ended
before the end (answers so far are saved); 130 stopped with Ctrl-C or ``q``
(answers so far are saved, and the command to resume is printed).
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from maturity_cli.cli.common import EXIT_BAD_INPUT, EXIT_INTERRUPTED, QuestionnaireOpt, command
from maturity_cli.cli.scan import ProposeScanOpt, scan_proposals

if TYPE_CHECKING:
    from maturity_cli.interview.prompts import LinePrompter
    from maturity_cli.interview.session import Interview
    from maturity_cli.interview.toolkit import ToolkitPrompter

    Prompter = LinePrompter | ToolkitPrompter


def register(app: typer.Typer) -> None:
    """Add the ``assess`` command to the application."""
    app.command("assess")(command(assess))


def assess(
    questionnaire: QuestionnaireOpt = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Answers file to write (and resume from).")
    ] = Path("answers.yaml"),
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue the answers file given with -o.")
    ] = False,
    subject: Annotated[
        str | None, typer.Option(help="The team or product assessed.", show_default=False)
    ] = None,
    assessor: Annotated[
        str | None, typer.Option(help="Who answers the questions.", show_default=False)
    ] = None,
    scan_path: ProposeScanOpt = None,
) -> None:
    """Answers are saved to the output file after every answer; an existing file is
    picked up where it was left. Without a terminal, questions are read line by line
    from standard input.
    """
    from maturity_cli.errors import Problem, UsageError
    from maturity_cli.files import check_output
    from maturity_cli.interview.lock import WriterLock

    target = check_output(output)
    if target is None:
        raise UsageError(Problem("assess saves to a file; '-' is not one", hint="give -o FILE"))
    if resume and not output.exists():
        raise UsageError(
            Problem(
                "no answers file to resume",
                file=str(output),
                hint="give the file with -o, or start a new interview without --resume",
            )
        )
    with WriterLock(target):
        _run(output, questionnaire, subject, assessor, scan_path)


def _run(
    output: Path,
    questionnaire: str | None,
    subject: str | None,
    assessor: str | None,
    scan_path: Path | None,
) -> None:
    """The interview, from loading or starting the answers file to the result."""
    import maturity_cli.cli.console as console
    from maturity_cli.interview.prompts import InputEnded

    existing = output.exists()
    iv = _load(output, questionnaire, subject, assessor) if existing else None
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if iv is None:
        iv = _fresh(output, questionnaire, subject or "", assessor or "")
    elif iv.complete and not interactive:
        _refuse_complete(output)
    prompter = _prompter(iv, interactive)
    try:
        with prompter.session():
            if existing and iv.complete:
                again = prompter.confirm(
                    f"{output} already holds a complete set of answers. "
                    "Go through them again and change some?"
                )
                iv = iv if again else None
                if iv is not None:
                    iv.restart()
            if iv is not None:
                proposed = scan_proposals(scan_path, iv.questionnaire) if scan_path else {}
                _interview(iv, prompter, not existing and assessor is None, proposed)
    except KeyboardInterrupt:
        console.info(_stopped(iv, output, "Stopped."))
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except InputEnded:
        console.error(_stopped(iv, output, "input ended before the interview was complete."))
        raise typer.Exit(EXIT_BAD_INPUT) from None
    if iv is None:
        console.info(f"Left {output} unchanged. Score it with: maturity score {_quote(output)}")
        return
    _finish(iv, output, interactive)


def _refuse_complete(output: Path) -> None:
    from maturity_cli.errors import Problem, UsageError

    raise UsageError(
        Problem(
            "this answers file is already complete; it was not changed",
            file=str(output),
            hint=f"score it with: maturity score {_quote(output)}; to change answers, "
            "run this command in a terminal, or choose another --output",
        )
    )


def _prompter(iv: Interview, interactive: bool) -> Prompter:
    import maturity_cli.cli.console as console
    from maturity_cli.interview.prompts import LinePrompter

    if interactive:
        from maturity_cli.interview.toolkit import ToolkitPrompter

        return ToolkitPrompter(f"{iv.questionnaire.title} {iv.questionnaire.version}")
    return LinePrompter(console.out())


def _warn_left_out(iv: Interview | None, output: Path) -> None:
    """Say which answers the file no longer holds (their questions are not asked)."""
    import maturity_cli.cli.console as console

    dropped = [] if iv is None else iv.left_out()
    if dropped:
        console.warning(
            f"{output}: the answers to {', '.join(dropped)} are not saved: those questions "
            "are no longer asked because of other answers (their notes are kept)"
        )


def _quote(path: Path) -> str:
    return shlex.quote(str(path))


def _stopped(iv: Interview | None, output: Path, why: str) -> str:
    _warn_left_out(iv, output)
    if iv is None or iv.path is None:
        return f"{why} Nothing was saved."
    done = iv.progress()
    return (
        f"{why} {done.answered} of {done.total} answers are saved in {output}.\n"
        f"Resume with: maturity assess --resume -o {_quote(output)}"
    )


def _load(
    output: Path, questionnaire: str | None, subject: str | None, assessor: str | None
) -> Interview:
    from maturity_cli.answers.loader import load_answers
    from maturity_cli.errors import Problem, UsageError
    from maturity_cli.interview.comments import read_comments
    from maturity_cli.interview.session import Interview
    from maturity_cli.load.reader import parse_document, read_text
    from maturity_cli.questionnaire.loader import load_questionnaire

    loaded = load_answers(output)
    if (
        questionnaire is not None
        and load_questionnaire(questionnaire).id != loaded.questionnaire.id
    ):
        raise UsageError(
            Problem(
                f"this answers file is for questionnaire {loaded.questionnaire.id!r}",
                file=str(output),
                hint="leave out -q to continue it, or choose another --output",
            )
        )
    text = read_text(output)
    ref = parse_document(text, str(output))["questionnaire"]
    return Interview(
        loaded.questionnaire,
        loaded.answers,
        questionnaire_ref=str(ref),
        subject=subject or loaded.subject,
        assessor=assessor if assessor is not None else loaded.assessor,
        assessed_on=loaded.assessed_on,
        path=output,
        comments=read_comments(text),
    )


def _fresh(output: Path, questionnaire: str | None, subject: str, assessor: str) -> Interview:
    from maturity_cli.interview.session import Interview
    from maturity_cli.questionnaire.loader import default_questionnaire, load_questionnaire

    ref = questionnaire or default_questionnaire()
    q = load_questionnaire(ref)
    if ref != q.id:  # a path: refer to it relative to where the answers file lives
        ref = os.path.relpath(Path(ref).resolve(), output.resolve().parent)
    return Interview(q, {}, questionnaire_ref=ref, subject=subject, assessor=assessor, path=output)


def _interview(
    iv: Interview,
    prompter: Prompter,
    ask_assessor: bool,
    proposed: dict[str, tuple[Any, str]] | None = None,
) -> None:
    """Ask for subject and assessor if needed, then every question; save as it goes.

    ``proposed`` maps question ids to an answer (and why) offered when none is given yet.
    """
    from maturity_cli.answers.loader import value_for_file

    output = iv.path
    iv.path = None  # nothing is written before there is a subject
    if not iv.subject:
        iv.subject = prompter.ask_text("Subject: the team or product assessed", required=True)
    if ask_assessor:
        iv.assessor = prompter.ask_text("Assessor: your name (optional, Enter to leave empty)")
    iv.path = output
    iv.save()
    message = ""
    while True:
        q = iv.current
        if q is None:
            if prompter.finish(iv.progress()):
                return
            iv.back()
            continue
        given = iv.value_of(q.id)
        default = None if given is None else value_for_file(q, given)
        if default is None and proposed and q.id in proposed:
            default, message = proposed[q.id][0], message or proposed[q.id][1]
        kind, raw = prompter.ask(q, iv.progress(), default, message)
        message = ""
        if kind == "answer":
            iv.answer(raw)
        elif kind == "skip":
            iv.skip()
        elif not iv.back():
            message = "This is the first question."


def _finish(iv: Interview, output: Path, interactive: bool) -> None:
    import maturity_cli.cli.console as console
    import maturity_cli.cli.views as views
    from maturity_cli.scoring.engine import score

    result = score(iv.as_answers(source=str(output)))
    out = console.out()
    out.print()
    out.print(views.result_view(result, width=out.width))
    out.print()
    left = iv.progress().total - iv.progress().answered
    console.info(f"Answers saved in {output}.")
    _warn_left_out(iv, output)
    if left:
        console.info(
            f"{left} question(s) skipped; answer them with: "
            f"maturity assess --resume -o {_quote(output)}"
        )
    if interactive:
        _offer_report(result, output)


def _ask_key(question: str, keys: dict[str, str]) -> str:
    """One key press answers (no Enter needed), as everywhere else in the interview."""
    from rich.text import Text

    import maturity_cli.cli.console as console
    from maturity_cli.interview.toolkit import ToolkitPrompter

    answer = ToolkitPrompter().ask_key(question, keys)
    console.out().print(Text(f"{question} {answer}"))
    return answer


def _offer_report(result: Any, output: Path) -> None:
    import maturity_cli.cli.console as console
    from maturity_cli.files import write_atomic

    choice = _ask_key(
        "Write a report? h HTML · m Markdown · Enter no",
        {"h": "HTML", "m": "Markdown", "enter": "no", "n": "no", "q": "no"},
    )
    if choice == "no":
        return
    fmt: Literal["html", "md"] = "html" if choice == "HTML" else "md"
    target = output.with_suffix(f".{fmt}")
    from maturity_cli.report.render import render_report

    if target.exists() and (
        _ask_key(f"Replace {target}? y yes · n no", {"y": "yes", "n": "no", "enter": "no"}) == "no"
    ):
        return
    write_atomic(target, render_report([result], fmt))
    console.info(f"Wrote {target}")
