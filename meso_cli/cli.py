"""The `meso` command: the Typer app, its global options, and the console entry point."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from meso_cli import __version__
from meso_cli.cliutil import state
from meso_cli.commands import batch as batch_commands
from meso_cli.commands import estimate as estimate_commands
from meso_cli.commands import plans as plans_commands
from meso_cli.commands import tariffs as tariffs_commands
from meso_cli.errors import ExitStatus, MesoError

app = typer.Typer(
    name="meso",
    help="What mesotherapy sessions really cost in France: Sécu, mutuelle and reste à charge.",
    rich_markup_mode=None,  # plain help and errors: rich is not imported to print them
    pretty_exceptions_enable=False,  # errors are one line; --debug shows the traceback
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"meso {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of unexpected errors.")
    ] = False,
) -> None:
    """What mesotherapy sessions really cost in France: Sécu, mutuelle and reste à charge.

    Exit status: 0 ok, 1 some result is an error, 2 usage, input or unexpected error.
    """
    state["debug"] = debug


app.command()(estimate_commands.estimate)
app.command()(estimate_commands.compare)
app.add_typer(plans_commands.app, name="plans")
app.command()(tariffs_commands.tariffs)
app.command()(batch_commands.batch)


def main() -> None:
    """Console entry point: the last line of defence against tracebacks and broken pipes."""
    try:
        app()
    except BrokenPipeError:
        # `meso … | head`: the reader left; say nothing, as other Unix tools do.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(ExitStatus.ERROR)
    except KeyboardInterrupt:
        sys.exit(130)
    except MesoError as error:
        print(f"meso: {error}", file=sys.stderr)
        sys.exit(error.status)
