"""The ``maturity`` console script, and ``python -m maturity_cli``.

Start-up allocates many objects that live until the process ends (modules,
classes, the parsed options), so the cyclic garbage collector is paused while the
command line is imported and frozen before the command runs: its collections then
walk only what the command itself creates. Once the command has finished, what is
left is frozen again, so the interpreter's last collection at exit does not walk
objects the operating system is about to reclaim anyway (reference counting still
frees everything else, and output is flushed as usual).
"""

from __future__ import annotations

import gc


def main() -> None:
    """Run the ``maturity`` command line."""
    gc.disable()
    try:
        from maturity_cli.cli.app import main as run  # noqa: PLC0415 - after pausing the collector
    finally:
        gc.freeze()
        gc.enable()
    try:
        run()
    finally:
        gc.freeze()


if __name__ == "__main__":
    main()
