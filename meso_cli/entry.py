"""The console script's target: Ctrl-C is handled before anything heavy is imported."""

import sys


def main() -> None:
    try:
        from meso_cli.cli import main as run

        run()
    except KeyboardInterrupt:  # during start-up: importing Typer takes most of it
        from meso_cli.errors import ExitStatus

        sys.exit(ExitStatus.INTERRUPTED)
