"""The `meso` command: parses options, builds a Scenario, calls the core, picks a renderer."""

from __future__ import annotations

import dataclasses
import enum
import functools
import sys
from typing import Annotated

import typer

from meso_cli import __version__
from meso_cli.environment import Environment
from meso_cli.errors import ExitStatus, InputError, MesoError, PlanFileError
from meso_cli.scenario import Billing, Care, Purpose, Regime, Sector

app = typer.Typer(
    name="meso",
    help="What mesotherapy sessions really cost in France: Sécu, mutuelle and reste à charge.",
    rich_markup_mode=None,  # plain help and errors: rich is not imported to print them
    pretty_exceptions_enable=False,  # errors are one line; --debug shows the traceback
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state = {"debug": False}


class Format(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"


class Lang(str, enum.Enum):
    en = "en"
    fr = "fr"


# Scenario options, shared by estimate and compare (and named like the batch columns).
PlanOpt = Annotated[
    str | None,
    typer.Option(
        "--plan", "-p", metavar="NAME|PATH", help="Plan id or YAML path (none: Sécu only)."
    ),
]
SessionsOpt = Annotated[
    int | None,
    typer.Option(
        "--sessions", "-n", metavar="N", help="Number of sessions [default: 3].", show_default=False
    ),
]
PriceOpt = Annotated[
    str | None,
    typer.Option(
        "--price",
        metavar="EUR",
        help="Price of a session in € [default: 45 therapeutic, 150 aesthetic].",
    ),
]
PurposeOpt = Annotated[Purpose | None, typer.Option("--purpose", help="[default: therapeutic]")]
SectorOpt = Annotated[Sector | None, typer.Option("--sector", help="Doctor's sector [default: 1].")]
StartOpt = Annotated[
    str | None,
    typer.Option(
        "--start", metavar="YYYY-MM-DD", help="First session, YYYY-MM-DD [default: today]."
    ),
]
EveryOpt = Annotated[
    int | None, typer.Option("--every", metavar="DAYS", help="Days between sessions [default: 7].")
]
RegimeOpt = Annotated[Regime | None, typer.Option("--regime", help="[default: general]")]
CareOpt = Annotated[
    Care | None, typer.Option("--care", help="ald or maternity: 100 % [default: standard].")
]
PathwayOpt = Annotated[
    bool, typer.Option("--out-of-pathway", help="Not referred by the médecin traitant: 30 %.")
]
ExemptOpt = Annotated[
    bool, typer.Option("--exempt", help="No participation forfaitaire (under 18, CSS, AME).")
]
BillingOpt = Annotated[
    Billing | None,
    typer.Option(
        "--billing", help="consultation (Sécu pays on G) or act (0 €) [default: consultation]."
    ),
]
UsedSessionsOpt = Annotated[
    int | None,
    typer.Option(
        "--used-sessions",
        metavar="N",
        help="Forfait sessions already used in the first session's plan year.",
    ),
]
UsedAmountOpt = Annotated[
    str | None,
    typer.Option(
        "--used-amount",
        metavar="EUR",
        help="Forfait € already used in the first session's plan year.",
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colour (as NO_COLOR).")]
LangOpt = Annotated[
    Lang | None,
    typer.Option("--lang", help="Language of tables and messages [default: from LANG]."),
]


def environment(
    ctx: typer.Context, no_color: bool = False, lang: Lang | None = None
) -> Environment:
    """The injected Environment (tests pass obj=Environment(...)), else the real terminal."""
    from meso_cli import i18n

    if isinstance(ctx.obj, Environment):
        env = dataclasses.replace(
            ctx.obj, stdout=ctx.obj.stdout or sys.stdout, stderr=ctx.obj.stderr or sys.stderr
        )
    else:
        env = Environment.from_system()
    env.no_color = env.no_color or no_color
    env.lang = i18n.choose_language(lang.value if lang else None, env.environ)
    i18n.activate(env.lang)
    return env


def reports_errors(command):
    """Known errors become one line on stderr and their exit status; the rest, one line and 2."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except PlanFileError as error:
            for problem in error.problems:
                typer.echo(str(problem), err=True)
            raise typer.Exit(error.status) from None
        except MesoError as error:
            typer.echo(f"meso: {error}", err=True)
            raise typer.Exit(error.status) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt, BrokenPipeError):
            raise
        except Exception as error:
            if _state["debug"]:
                raise
            typer.echo(
                f"meso: unexpected error: {type(error).__name__}: {error}"
                " (run 'meso --debug …' for the traceback)",
                err=True,
            )
            raise typer.Exit(ExitStatus.USAGE) from None

    return wrapper


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
    _state["debug"] = debug


def scenario_from_options(env: Environment, **options):
    from meso_cli.scenario import make_scenario

    return make_scenario(options, env.today)


def load_plan(env: Environment, name: str | None):
    """The plan (or None) and its warnings, which go to stderr at once."""
    if name is None:
        return None
    from meso_cli.discovery import find_plan

    plan, warnings = find_plan(name, env.environ)
    for problem in warnings:
        env.error(str(problem))
    return plan


@app.command()
@reports_errors
def estimate(
    ctx: typer.Context,
    plan: PlanOpt = None,
    sessions: SessionsOpt = None,
    price: PriceOpt = None,
    purpose: PurposeOpt = None,
    sector: SectorOpt = None,
    start: StartOpt = None,
    every: EveryOpt = None,
    regime: RegimeOpt = None,
    care: CareOpt = None,
    out_of_pathway: PathwayOpt = False,
    exempt: ExemptOpt = False,
    billing: BillingOpt = None,
    used_sessions: UsedSessionsOpt = None,
    used_amount: UsedAmountOpt = None,
    fmt: FormatOpt = Format.table,
    no_color: NoColorOpt = False,
    lang: LangOpt = None,
) -> None:
    """Price, Sécu, mutuelle and remaining charge of each session, and in total."""
    env = environment(ctx, no_color, lang)
    scenario = scenario_from_options(
        env,
        sessions=sessions,
        price=price,
        purpose=purpose,
        sector=sector,
        start=start,
        every=every,
        regime=regime,
        care=care,
        out_of_pathway=out_of_pathway,
        exempt=exempt,
        billing=billing,
        used_sessions=used_sessions,
        used_amount=used_amount,
    )
    chosen = load_plan(env, plan)
    from meso_cli.engine import estimate as run_estimate
    from meso_cli.tariffs import load_tariffs

    result = run_estimate(scenario, chosen, load_tariffs())
    if fmt is Format.table:
        from meso_cli.render.table import print_estimate

        print_estimate(result, env)
        return
    from meso_cli.render import machine

    if fmt is Format.json:
        env.stdout.write(machine.dumps(machine.estimate_plain(result), indent=2) + "\n")
    else:
        machine.RowWriter(env.stdout, fmt.value, machine.SESSION_COLUMNS).write_many(
            machine.session_rows(result)
        )


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


__all__ = ["InputError", "app", "main"]
