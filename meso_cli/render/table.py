"""Tables for people. The only module that imports rich, and only inside the functions that draw."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from meso_cli.engine import Estimate
from meso_cli.environment import Environment
from meso_cli.i18n import _
from meso_cli.money import format_eur
from meso_cli.notes import format_date
from meso_cli.notes import render as render_note


def console(env: Environment, stream=None):
    from rich.console import Console

    return Console(
        file=stream or env.stdout,
        force_terminal=env.boxes,
        no_color=not env.colors,
        color_system="auto" if env.colors else None,
        highlight=False,
        emoji=False,
        width=env.width or (None if env.stdout_isatty else 200),
        soft_wrap=False,
    )


def new_table(env: Environment, title: str | None = None):
    from rich import box
    from rich.table import Table

    return Table(
        title=title,
        box=box.SIMPLE_HEAVY if env.boxes else None,
        show_edge=env.boxes,
        title_justify="left",
        pad_edge=env.boxes,
        header_style="bold" if env.colors else "",
        title_style="bold" if env.colors else "",
        show_footer=False,
    )


def money(amount: Decimal, env: Environment) -> str:
    return format_eur(amount, env.lang)


def estimate_title(result: Estimate, env: Environment) -> str:
    scenario = result.scenario
    plan = result.plan.name if result.plan else _("Sécu only (no mutuelle plan)")
    purpose = _(scenario.purpose)
    sessions = _("{count} sessions from {start}, every {every} days").format(
        count=scenario.sessions, start=format_date(scenario.start, env.lang), every=scenario.every
    )
    sector = _("secteur {sector}").format(sector=scenario.sector.replace("-optam", " OPTAM"))
    return f"{plan} · {sessions} · {sector} · {purpose}"


def print_estimate(result: Estimate, env: Environment) -> None:
    out = console(env)
    out.print(estimate_title(result, env), markup=False, style="bold" if env.colors else "")
    table = new_table(env)
    for header in (
        "#",
        _("Date"),
        _("Price"),
        _("Base"),
        _("Sécu"),
        _("PF"),
        _("Mutuelle"),
        _("Remaining"),
    ):
        table.add_column(header, justify="left" if header in ("#", _("Date")) else "right")
    for session in result.sessions:
        table.add_row(
            str(session.number),
            format_date(session.day, env.lang),
            money(session.price, env),
            money(session.base, env),
            money(session.secu, env),
            money(session.participation, env),
            money(session.mutuelle, env),
            money(session.remaining, env),
        )
    totals = result.totals
    table.add_section()
    table.add_row(
        _("Total"),
        "",
        money(totals.price, env),
        "",
        money(totals.secu, env),
        money(totals.participation, env),
        money(totals.mutuelle, env),
        money(totals.remaining, env),
        style="bold" if env.colors else "",
    )
    out.print(table)
    lines = notes_lines(result)
    if lines:
        out.print(_("Notes:"))
        for line in lines:
            out.print(f"  - {line}", markup=False)
    if result.plan is not None and result.plan.source:
        out.print(_("Plan source: {source}").format(source=result.plan.source), markup=False)


def notes_lines(result: Estimate) -> list[str]:
    lines = [render_note(note) for note in result.notes]
    for session in result.sessions:
        for note in session.notes:
            lines.append(
                _("session {number}: {note}").format(number=session.number, note=render_note(note))
            )
    return lines


def print_lines(env: Environment, lines: Sequence[str]) -> None:
    out = console(env)
    for line in lines:
        out.print(line, markup=False)
