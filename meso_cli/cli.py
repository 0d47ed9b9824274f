"""The `meso` command: the Typer app, its global options, and the console entry point.

Commands are built lazily: `meso estimate` builds (and imports) estimate alone, which keeps the
start-up of a scripted call close to a bare Typer hello-world. `meso --help` builds them all.
"""

import difflib
import importlib
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from meso_cli import __version__
from meso_cli.cliutil import state
from meso_cli.errors import ExitStatus, MesoError

# name: (module, attribute); an attribute that is a Typer app is a command group.
COMMANDS = {
    "estimate": ("meso_cli.commands.estimate", "estimate"),
    "compare": ("meso_cli.commands.estimate", "compare"),
    "batch": ("meso_cli.commands.batch", "batch"),
    "plans": ("meso_cli.commands.plans", "app"),
    "tariffs": ("meso_cli.commands.tariffs", "tariffs"),
}


class LazyGroup(TyperGroup):
    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Usage errors as one line on stderr (click prints three), exit status 2."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            status = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.Abort:
            print("meso: aborted", file=sys.stderr)
            sys.exit(ExitStatus.ERROR)
        except Exception as error:
            if not hasattr(error, "format_message") or type(error).__name__ == "NoArgsIsHelpError":
                if hasattr(error, "show"):  # `meso` alone: the help, as click does
                    error.show()
                    sys.exit(error.exit_code)
                raise
            context = getattr(error, "ctx", None)
            where = context.command_path if context is not None else "meso"
            hint = f" (see '{where} --help')" if context is not None else ""
            print(f"{where}: {error.format_message()}{hint}", file=sys.stderr)
            sys.exit(getattr(error, "exit_code", ExitStatus.USAGE))
        sys.exit(status if isinstance(status, int) else ExitStatus.OK)

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except Exception as error:  # a mistyped command: suggest the near one (lazy: not built)
            message = getattr(error, "message", None)
            if args and message is not None and "Did you mean" not in message:
                near = difflib.get_close_matches(args[0], list(COMMANDS), n=1)
                if near:
                    error.message = f"{message.rstrip('.')}. Did you mean {near[0]!r}?"
            raise

    def list_commands(self, ctx) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx, cmd_name: str):
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in self.commands:
            module, attribute = COMMANDS[cmd_name]
            target = getattr(importlib.import_module(module), attribute)
            if not isinstance(target, typer.Typer):
                single = typer.Typer(
                    rich_markup_mode=None, pretty_exceptions_enable=False, add_completion=False
                )
                single.command(cmd_name)(target)
                target = single
            command = typer.main.get_command(target)
            command.name = cmd_name
            self.commands[cmd_name] = command
        return self.commands[cmd_name]


app = typer.Typer(
    name="meso",
    cls=LazyGroup,
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

    Exit status: 0 ok; 1 some result is an error (an invalid plan, a bad batch row); 2 usage or
    input error, or an unexpected error.
    """
    state["debug"] = debug


def main() -> None:
    """Console entry point: the last line of defence against tracebacks and broken pipes."""
    try:
        app()
    except BrokenPipeError:
        # `meso … | head`: the reader left; say nothing, as other Unix tools do.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(ExitStatus.PIPE_CLOSED)
    except KeyboardInterrupt:
        sys.exit(130)
    except MesoError as error:
        print(f"meso: {error}", file=sys.stderr)
        sys.exit(error.status)
