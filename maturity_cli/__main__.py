"""The ``maturity`` console script, and ``python -m maturity_cli``.

Start-up allocates many objects that live until the process ends (modules,
classes, the parsed options, the compiled questionnaire), and the cyclic garbage
collector would walk them again and again for nothing. So:

- it is paused while the command line is imported, and what that built is frozen
  (left out of every later collection) before the command runs;
- the command may then allocate :data:`FIRST_COLLECTION` objects before its first
  collection, so a one-file command finishes without one; after that first
  collection the usual thresholds apply, so a long batch collects as usual;
- what is left when the command ends is frozen too, so the interpreter's last
  collection at exit does not walk objects the operating system is about to
  reclaim (reference counting still frees the rest, and output is flushed).
"""

from __future__ import annotations

import gc
from typing import Any

#: Objects a command may allocate before its first collection: a one-file
#: command needs fewer, and they bound what can wait for it to a few megabytes.
FIRST_COLLECTION = 50_000


def main() -> None:
    """Run the ``maturity`` command line."""
    gc.disable()
    try:
        from maturity_cli.cli.app import main as run  # noqa: PLC0415 - after pausing the collector
    finally:
        gc.freeze()
        _delay_first_collection()
        gc.enable()
    try:
        run()
    finally:
        gc.freeze()


def _delay_first_collection() -> None:
    """Raise the youngest generation's threshold until the next collection has run."""
    usual = gc.get_threshold()

    def restore(phase: str, info: dict[str, Any]) -> None:
        if phase == "stop":
            gc.set_threshold(*usual)
            gc.callbacks.remove(restore)

    gc.set_threshold(FIRST_COLLECTION, *usual[1:])
    gc.callbacks.append(restore)


if __name__ == "__main__":
    main()
