"""Allow ``python -m maturity_cli``."""

from maturity_cli.cli import main

if __name__ == "__main__":
    main()
