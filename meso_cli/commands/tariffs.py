"""meso tariffs: the Sécu values in force at a date, each with its source."""

from datetime import date
from typing import Annotated

import typer

from meso_cli.cliutil import environment
from meso_cli.errors import InputError
from meso_cli.i18n import _
from meso_cli.options import Format, FormatOpt, LangOpt, NoColorOpt


def rows_at(tariffs, day: date) -> list[list]:
    rows = []
    for sector, parameter in tariffs.bases.items():
        value = parameter.at(day)
        rows.append([f"base.{sector}", value.value, "EUR", value.since, value.reference])
    for case, parameter in tariffs.rates.items():
        value = parameter.at(day)
        rows.append([f"rate.{case}", value.value, "%", value.since, value.reference])
    for name, parameter in (
        ("participation.amount", tariffs.participation),
        ("participation.yearly_cap", tariffs.participation_cap),
    ):
        value = parameter.at(day)
        rows.append([name, value.value, "EUR", value.since, value.reference])
    return rows


def tariffs(
    ctx: typer.Context,
    on: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="The day [default: today]."),
    ] = None,
    fmt: FormatOpt = Format.table,
    no_color: NoColorOpt = False,
    lang: LangOpt = None,
) -> None:
    """The Sécu values in force on a day: bases by sector, rates, participation, yearly cap."""
    from meso_cli.tariffs import load_tariffs

    env = environment(ctx, no_color, lang)
    try:
        day = date.fromisoformat(on) if on else env.today
    except ValueError:
        message = _("expected a real date as YYYY-MM-DD, got {value}").format(value=repr(on))
        raise InputError("--date: " + message) from None
    data = load_tariffs()
    data.check_day(day)
    from meso_cli.render import tariffs_out
    from meso_cli.render.emit import emit

    emit(env, fmt.value, tariffs_out.view(data, day, rows_at(data, day)))
