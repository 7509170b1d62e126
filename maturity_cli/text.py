"""Text from files made safe to show: no terminal control sequences, no rich markup.

Answers, questionnaires and policies are untrusted: a subject may hold an escape
sequence that clears the screen, or ``[link=...]`` markup. :func:`safe_text` is
the one function every string from a file goes through before it reaches the
terminal, plain output or a warning; :func:`xml_text` is its twin for XML
(JUnit) and :func:`plain_text` for places that show text without rich (GitHub
annotations, plain output).
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls (0x80-0x9f: CSI is 0x9b).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What XML 1.0 cannot hold beyond the control characters removed above: lone
# surrogates and U+FFFE/U+FFFF. (Written as a positive class: the negated class
# of everything XML allows costs ~13 ms to compile, paid by every command.)
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
# What rich reads as a markup tag: the same pattern rich.markup.escape uses.
_MARKUP = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")


def plain_text(text: str) -> str:
    """``text`` without control characters (newline and tab kept)."""
    return _CONTROL.sub("", text)


def safe_text(text: str) -> str:
    """``text`` without control characters and with rich markup escaped.

    The result is meant to be printed as it is, or at the end of a markup string
    (a trailing backslash would escape a tag written after it).
    """
    cleaned = _CONTROL.sub("", text)
    if "[" in cleaned:
        cleaned = _MARKUP.sub(lambda m: f"{m.group(1)}{m.group(1)}\\{m.group(2)}", cleaned)
    return cleaned


def xml_text(text: str) -> str:
    """``text`` without control characters and without characters XML cannot hold."""
    return _NOT_XML.sub("", _CONTROL.sub("", text))
