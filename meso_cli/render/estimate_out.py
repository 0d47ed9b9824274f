"""meso estimate's view: a row per session and the totals, in every format."""

from __future__ import annotations

from collections.abc import Sequence

from meso_cli.environment import Environment
from meso_cli.i18n import N_, _, ngettext
from meso_cli.records import Estimate
from meso_cli.render import machine
from meso_cli.render.emit import View
from meso_cli.render.notes import format_date
from meso_cli.render.notes import render as render_note

PURPOSES = {"therapeutic": N_("therapeutic"), "aesthetic": N_("aesthetic")}
PRACTITIONERS = {"gp": N_("GP"), "specialist": N_("specialist")}


def view(result: Estimate, warnings: Sequence[str], explain: bool, chart: bool) -> View:
    """warnings: the plan's contrat-responsable warnings in English, for JSON."""

    def document() -> dict:
        plain = machine.estimate_plain(result, warnings)
        if explain:
            from meso_cli.render.explain import explain_plain

            for session, steps in zip(plain["sessions"], explain_plain(result), strict=True):
                session["steps"] = steps["steps"]
        return plain

    return View(
        command="estimate",
        document=document,
        table=lambda env: table_items(env, result, explain=explain, chart=chart),
        columns=machine.SESSION_COLUMNS,
        rows=lambda: machine.session_rows(result),
    )


def scenario_line(scenario, env: Environment, with_sessions: bool = True) -> str:
    from meso_cli.render.table import money

    parts = []
    if with_sessions:
        parts.append(
            ngettext(
                "{count} session from {start}", "{count} sessions from {start}", scenario.sessions
            ).format(count=scenario.sessions, start=format_date(scenario.start, env.lang))
            + ", "
            + ngettext("every day", "every {every} days", scenario.every).format(
                every=scenario.every
            )
        )
    parts.append(_("{price} a session").format(price=money(env, scenario.price)))
    parts.append(_(PRACTITIONERS[scenario.practitioner]))
    parts.append(_("secteur {sector}").format(sector=scenario.sector.replace("-optam", " OPTAM")))
    parts.append(_(PURPOSES[scenario.purpose]))
    return " · ".join(parts)


def table_items(env: Environment, result: Estimate, explain: bool, chart: bool) -> list:
    from meso_cli.render.table import Column, Row, fitted, heading, money

    plan = result.plan.name if result.plan else _("Sécu only (no mutuelle plan)")
    columns = [
        Column("#"),
        Column(_("Date")),
        Column(_("Price"), "right", drop=2),
        Column(_("Base"), "right", drop=1),
        Column(_("Sécu"), "right"),
        Column(_("PF"), "right", drop=1),
        Column(_("Mutuelle"), "right"),
        Column(_("Remaining"), "right", short=_("Left")),
    ]
    rows = [
        Row(
            [
                str(session.number),
                format_date(session.day, env.lang),
                *(money(env, getattr(session, key)) for key in machine.SESSION_AMOUNTS),
            ]
        )
        for session in result.sessions
    ]
    totals = result.totals
    amounts = [totals.price, None, totals.secu, totals.participation, totals.mutuelle]
    rows.append(
        Row(
            [
                _("Total"),
                "",
                *("" if amount is None else money(env, amount) for amount in amounts),
                money(env, totals.remaining),
            ],
            style="bold" if env.colors else "",
            section=True,
        )
    )
    items = [heading(env, f"{plan} · {scenario_line(result.scenario, env)}")]
    items.append(fitted(env, columns, rows))
    lines = notes_lines(result)
    if lines:
        items.append(_("Notes:"))
        items.extend(f"  - {line}" for line in lines)
    if result.plan is not None and result.plan.source:
        items.append(_("Plan source: {source}").format(source=result.plan.source))
    if chart:
        from meso_cli.render.chart import chart as draw_chart

        bars = [
            (_("session {number}").format(number=s.number), s.secu, s.mutuelle, s.remaining)
            for s in result.sessions
        ]
        items.append("")
        items.extend(draw_chart(env, bars))
    if explain:
        from meso_cli.render.explain import explanation_lines

        items.append("")
        items.append(_("How each figure is made:"))
        items.extend(explanation_lines(result, env.lang))
    return items


def notes_lines(result: Estimate) -> list[str]:
    lines = [render_note(note) for note in result.notes]
    for session in result.sessions:
        for note in session.notes:
            lines.append(
                _("session {number}: {note}").format(number=session.number, note=render_note(note))
            )
    return lines


def safety_lines(scenario, reminder: bool) -> list[str]:
    """Pregnancy with --care maternity, always; the general reminder when `reminder`."""
    lines = []
    if scenario.care == "maternity":
        lines.append(
            _(
                "Pregnancy is a contra-indication to mesotherapy, whatever the Sécu would pay:"
                " talk to your doctor before any session."
            )
        )
    if reminder:
        lines.append(
            _(
                "Contra-indications: pregnancy, breastfeeding, anticoagulant treatment, allergy to"
                " the products. Only a doctor holding the DIU de mésothérapie may practise it."
            )
        )
    return lines
