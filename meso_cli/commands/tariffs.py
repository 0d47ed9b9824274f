"""meso tariffs: the Sécu values in force at a date, each with its source."""

from datetime import date
from typing import Annotated

import typer

from meso_cli.cliutil import environment
from meso_cli.errors import InputError
from meso_cli.i18n import N_
from meso_cli.options import Format, FormatOpt, LangOpt, NoColorOpt


def rows_at(tariffs, day: date) -> list[list]:
    """[name, value, unit, since, reference] of every parameter in force on `day`."""
    rows = []
    for parameter in tariffs.parameters():
        value = parameter.at(day)
        rows.append([parameter.name, value.value, parameter.unit, value.since, value.reference])
    return rows


def tariffs(
    ctx: typer.Context,
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help=N_("The day, YYYY-MM-DD or DD/MM/YYYY [default: today]."),
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
    no_color: NoColorOpt = False,
    lang: LangOpt = None,
) -> None:
    """The Sécu values in force on a day: bases by sector, rates, participation, yearly cap."""
    from meso_cli.tariffs import load_tariffs

    env = environment(ctx, no_color, lang)
    from meso_cli.scenario import parse_day

    try:
        day = parse_day(on) if on else env.today
    except ValueError as error:
        raise InputError(f"--date: {error}") from None
    data = load_tariffs()
    data.check_day(day)
    from meso_cli.render import tariffs_out
    from meso_cli.render.emit import emit

    emit(env, fmt.value, tariffs_out.view(data, day, rows_at(data, day)))
