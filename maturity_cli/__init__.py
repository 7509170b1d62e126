"""maturity-cli: rate how mature an ML team's operations are, and learn what to do next.

The public library API lives in :mod:`maturity_cli.api`; this module stays tiny so
that ``maturity --version`` and ``--help`` import nothing they do not need.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
