"""The command line: argument parsing, prompts, printing and exit codes (``maturity``)."""

from maturity_cli.cli.app import app, main

__all__ = ["app", "main"]
