"""The `meso` command: the Typer app, its global options, and the console entry point.

Commands are built lazily: `meso estimate` builds (and imports) estimate alone, which keeps the
start-up of a scripted call close to a bare Typer hello-world. `meso --help` builds them all.
"""

import contextvars
import gc
import importlib
import os
import sys
from typing import Annotated

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer.core import TyperGroup

from meso_cli import __version__, i18n
from meso_cli.environment import Environment, discard_stdout
from meso_cli.errors import ExitStatus, report
from meso_cli.helptext import MesoContext, argv_language, localize, usage_message
from meso_cli.i18n import N_
from meso_cli.safe_text import printable

# name: (module, attribute); an attribute that is a Typer app is a command group.
COMMANDS = {
    "estimate": ("meso_cli.commands.estimate", "estimate"),
    "compare": ("meso_cli.commands.estimate", "compare"),
    "batch": ("meso_cli.commands.batch", "batch"),
    "plans": ("meso_cli.commands.plans", "app"),
    "tariffs": ("meso_cli.commands.tariffs", "tariffs"),
    "guide": ("meso_cli.commands.guide", "guide"),
    "explain-terms": ("meso_cli.commands.terms", "explain_terms"),
}


class LazyGroup(TyperGroup):
    context_class = MesoContext

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Usage errors as one line on stderr (click prints three), exit status 2."""
        # The language of help and usage errors is chosen before any command is built.
        obj = extra.get("obj")
        environ = obj.environ if isinstance(obj, Environment) else os.environ
        argv = sys.argv[1:] if args is None else list(args)
        token = i18n.use(argv_language(argv, environ))  # for this run only (tests run many)
        try:
            return self._main(args, prog_name, complete_var, standalone_mode, **extra)
        finally:
            i18n.reset(token)

    def _main(self, args, prog_name, complete_var, standalone_mode, **extra):
        localize(self)
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            status = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as error:  # `meso` alone: the help, as click does
            error.show()
            sys.exit(error.exit_code)
        except ClickException as error:
            context = getattr(error, "ctx", None)
            where = context.command_path if context is not None else "meso"
            hint = i18n._(" (see '{command} --help')").format(command=where) if context else ""
            print(printable(f"{where}: {usage_message(error)}{hint}"), file=sys.stderr)
            sys.exit(getattr(error, "exit_code", ExitStatus.USAGE))
        except typer.Abort:
            print("meso: aborted", file=sys.stderr)
            sys.exit(ExitStatus.ERROR)
        sys.exit(status if isinstance(status, int) else ExitStatus.OK)

    def make_context(self, info_name, args, parent=None, **extra):
        """`meso --help` or `--version` that cannot be written: one line, not click's exit 1."""
        try:
            return super().make_context(info_name, args, parent, **extra)
        except (typer.Exit, typer.Abort, ClickException):
            raise
        except (Exception, KeyboardInterrupt) as error:
            raise typer.Exit(report(error, sys.stderr)) from None

    def invoke(self, ctx):
        """Runs the command in its own context (its language is reset after it), and is the one
        place where what went wrong becomes a line on stderr and an exit status."""
        return contextvars.copy_context().run(self._invoke_reporting, ctx)

    def _invoke_reporting(self, ctx):
        try:
            try:
                return super().invoke(ctx)
            finally:  # what is still buffered fails here (a full disk), not at Python's exit
                # (before the root callback has run, e.g. for a mistyped command, an injected
                # Environment may still have no stream of its own)
                if isinstance(ctx.obj, Environment) and ctx.obj.stdout is not None:
                    ctx.obj.stdout.flush()
        except (typer.Exit, typer.Abort, ClickException):
            raise
        except (Exception, KeyboardInterrupt) as error:
            env = ctx.obj if isinstance(ctx.obj, Environment) else None
            stderr = env.stderr if env is not None else sys.stderr
            raise typer.Exit(report(error, stderr, env is not None and env.debug)) from None

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except ClickException as error:  # a mistyped command: suggest the near one
            message = getattr(error, "message", None)
            if args and message is not None and "Did you mean" not in message:
                # Imported here, for the rare typo (Typer 0.27's core imports it anyway today).
                import difflib

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
            localize(command, cmd_name)
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
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=N_("Show the version.")),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help=N_("Show tracebacks of unexpected errors."))
    ] = False,
) -> None:
    """What mesotherapy sessions really cost in France (help text: meso_cli/helptext.py)."""
    if not gc.isenabled():  # the console script's start-up is over (entry.py): what it built
        gc.freeze()  # stays, and is never scanned again
        gc.enable()
    # The Environment of the run (tests inject one): every command reads it from ctx.obj.
    env = ctx.obj.bound() if isinstance(ctx.obj, Environment) else Environment.from_system()
    env.debug = debug
    ctx.obj = env


def main() -> None:
    """Console entry point: what escapes the app, and an output that is gone, end quietly."""
    if sys.stderr is None:  # `meso … 2>&-`: messages go nowhere (print(file=None) is stdout)
        sys.stderr = open(os.devnull, "w")
    if sys.stdout is None:  # `meso … >&-`
        print("meso: cannot write the output: stdout is closed", file=sys.stderr)
        sys.exit(ExitStatus.OUTPUT)
    try:
        app()
    except SystemExit as done:
        if done.code in (ExitStatus.OUTPUT, ExitStatus.PIPE_CLOSED):
            discard_stdout(sys.stdout)
        raise
    except KeyboardInterrupt:
        sys.exit(ExitStatus.INTERRUPTED)
