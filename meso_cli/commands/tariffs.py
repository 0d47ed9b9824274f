"""meso tariffs: the Sécu values in force at a date, each with its source."""

from datetime import date
from typing import Annotated

import typer

from meso_cli.cliutil import environment, reports_errors
from meso_cli.errors import InputError
from meso_cli.i18n import N_, _
from meso_cli.options import Format, FormatOpt, LangOpt, NoColorOpt

COLUMNS = ("name", "value", "unit", "since", "reference")


def rows_at(tariffs, day: date) -> list[list]:
    """[name, value, unit, since, reference] of every parameter in force on `day`."""
    rows = []
    for parameter in tariffs.parameters():
        value = parameter.at(day)
        rows.append([parameter.name, value.value, parameter.unit, value.since, value.reference])
    return rows


@reports_errors
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
    rows = rows_at(data, day)
    notes = []
    if day > data.reviewed:
        from meso_cli.notes import render
        from meso_cli.records import Note

        notes = [
            render(Note.of("after_review", reviewed=data.reviewed), lang)
            for lang in ("en", env.lang)
        ]
    from meso_cli.render import machine

    if fmt is Format.json:
        document = {
            "date": day,
            "reviewed": data.reviewed,
            "first_day": data.first_day,
            "values": [dict(zip(COLUMNS, row, strict=True)) for row in rows],
            "notes": notes[:1],
        }
        env.stdout.write(machine.dumps(document, indent=2) + "\n")
        return
    if fmt is not Format.table:
        plain_rows = [
            [name, f"{value}", unit, since.isoformat(), ref]
            for name, value, unit, since, ref in rows
        ]
        machine.RowWriter(env.stdout, fmt.value, COLUMNS).write_many(plain_rows)
        return
    from meso_cli.money import format_eur, format_percent
    from meso_cli.notes import format_date
    from meso_cli.render.table import heading, new_table, show, text

    table = new_table(env)
    for header in (_("Value"), _("Amount"), _("Since"), _("Source")):
        table.add_column(header, justify="right" if header == _("Amount") else "left")
    for name, value, unit, since, reference in rows:
        if unit == "EUR":
            amount = format_eur(value, env.lang)
        elif unit == "%":
            amount = format_percent(value, env.lang)
        else:
            amount = f"{value} {unit}"
        table.add_row(name, amount, format_date(since, env.lang), text(reference))
    title = _("Sécu values in force on {day} (data reviewed on {reviewed})").format(
        day=format_date(day, env.lang), reviewed=format_date(data.reviewed, env.lang)
    )
    show(env, heading(title, env), table, *notes[1:])
