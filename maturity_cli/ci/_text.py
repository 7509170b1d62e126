"""Private: text from answers files made safe for XML, annotations and SARIF.

Answers (subjects, notes, file names) may hold control characters. XML 1.0
cannot carry most of them at all, and in a CI log they could move the cursor
or forge log lines. They become U+FFFD here. (To be unified with the shared
terminal-safe text function once it exists.)
"""

from __future__ import annotations

import re

# C0 controls except tab and line breaks, DEL and C1 controls, lone surrogates,
# and the two non-characters XML forbids.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """``text`` with characters unsafe in XML or a log line replaced by U+FFFD."""
    return _UNSAFE.sub("\ufffd", text)
