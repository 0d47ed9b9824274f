"""What every command does around the core: its Environment and its plan."""

from __future__ import annotations

import typer

from meso_cli.environment import Environment
from meso_cli.errors import InputError
from meso_cli.options import Lang


def environment(
    ctx: typer.Context, no_color: bool = False, lang: Lang | None = None
) -> Environment:
    """The run's Environment (made by the root command, or injected by tests as obj=...), with
    this command's options; the language is chosen here, once for the whole command."""
    from meso_cli import i18n

    env = ctx.find_object(Environment)
    if env is None:  # a command invoked on its own, outside the `meso` group
        env = Environment.from_system()
        ctx.obj = env
    env.no_color = env.no_color or no_color
    env.lang = i18n.choose_language(lang.value if lang else None, env.environ)
    i18n.use(env.lang)
    return env


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
