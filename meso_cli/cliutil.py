"""What every command does around the core: its Environment, its errors, its plan."""

from __future__ import annotations

import functools

import typer

from meso_cli.environment import Environment
from meso_cli.errors import ExitStatus, InputError, MesoError, PlanFileError
from meso_cli.options import Lang

state = {"debug": False}


def environment(
    ctx: typer.Context, no_color: bool = False, lang: Lang | None = None
) -> Environment:
    """The injected Environment (tests pass obj=Environment(...)), else the real terminal."""
    from meso_cli import i18n

    if isinstance(ctx.obj, Environment):
        env = ctx.obj.bound()
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
            if state["debug"]:
                raise
            from meso_cli.i18n import _

            message = _(
                "unexpected error: {kind}: {error} (run 'meso --debug …' for the traceback)"
            )
            typer.echo("meso: " + message.format(kind=type(error).__name__, error=error), err=True)
            raise typer.Exit(ExitStatus.USAGE) from None

    return wrapper


def scenario_from_options(env: Environment, options: dict):
    """The Scenario from a command's parameters (its locals()): the fields named like them."""
    from meso_cli.scenario import FIELDS, make_scenario

    return make_scenario({name: options.get(name) for name in FIELDS}, env.today)


def load_plan(env: Environment, name: str | None, argument: str = "--plan"):
    """The plan (or None); its contrat-responsable warnings go to stderr at once.

    An unknown plan is reported against `argument`, the name the user gave it on the line.
    """
    if name is None:
        return None
    from meso_cli.discovery import NoSuchPlan, find_plan

    try:
        plan, warnings = find_plan(name, env.environ)
    except NoSuchPlan as error:
        raise InputError(f"{argument}: {error}") from None
    for problem in warnings:
        env.error(str(problem))
    return plan


def english_warnings(plan) -> list[str]:
    """The plan's contrat-responsable warnings in English, for machine formats."""
    if plan is None:
        return []
    from meso_cli import i18n
    from meso_cli.responsible import plan_warnings

    with i18n.english():
        return plan_warnings(plan)
