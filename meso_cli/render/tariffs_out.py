"""meso tariffs' view: the Sécu values in force on a day, each with its source."""

from __future__ import annotations

from datetime import date

from meso_cli.environment import Environment
from meso_cli.i18n import _
from meso_cli.render.emit import View

COLUMNS = ("name", "value", "unit", "since", "reference")


def view(data, day: date, rows: list[list]) -> View:
    """rows: [name, value, unit, since, reference] (unit "EUR", "%" or "points"). After the day
    the data was reviewed, the values are the latest known, and a note says so."""
    return View(
        command="tariffs",
        document=lambda: {
            "date": day,
            "reviewed": data.reviewed,
            "first_day": data.first_day,
            "values": [dict(zip(COLUMNS, row, strict=True)) for row in rows],
            "notes": _notes(data, day, "en"),
        },
        table=lambda env: [*table_items(env, data, day, rows), *_notes(data, day, env.lang)],
        columns=COLUMNS,
        rows=lambda: (
            [name, f"{value}", unit, since.isoformat(), reference]
            for name, value, unit, since, reference in rows
        ),
    )


def table_items(env: Environment, data, day: date, rows: list[list]) -> list:
    from meso_cli.render.notes import format_date
    from meso_cli.render.table import Column, Row, build, fit, heading

    columns = [
        Column(_("Value")),
        Column(_("Amount"), "right"),
        Column(_("Since")),
        Column(_("Source"), fixed=False, drop=1),
    ]
    table_rows = [
        Row(
            [
                name,
                _amount(value, unit, env.lang),
                format_date(since, env.lang),
                reference,
            ]
        )
        for name, value, unit, since, reference in rows
    ]
    title = _("Sécu values in force on {day} (data reviewed on {reviewed})").format(
        day=format_date(day, env.lang), reviewed=format_date(data.reviewed, env.lang)
    )
    compact = fit(env, columns, table_rows)
    items = [heading(env, title), build(env, columns, table_rows, compact)]
    if compact:  # too narrow for a Source column: each source on its own lines below
        items.append(_("Sources:"))
        items.extend(f"  {name}: {reference}" for name, _v, _u, _s, reference in rows)
    return items


def _amount(value, unit: str, lang: str) -> str:
    from meso_cli.money import format_eur, format_percent

    if unit == "EUR":
        return format_eur(value, lang)
    if unit == "%":
        return format_percent(value, lang)
    return f"{value} {unit}"


def _notes(data, day: date, lang: str) -> list[str]:
    if day <= data.reviewed:
        return []
    from meso_cli.records import Note
    from meso_cli.render.notes import render

    return [render(Note.of("after_review", reviewed=data.reviewed), lang)]
