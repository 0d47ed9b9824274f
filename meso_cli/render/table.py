"""Tables for people. The only module that imports rich, and only inside the functions that draw."""

from __future__ import annotations

from decimal import Decimal

from meso_cli.engine import Estimate
from meso_cli.environment import Environment
from meso_cli.i18n import N_, _, ngettext
from meso_cli.money import format_eur
from meso_cli.notes import format_date
from meso_cli.notes import render as render_note
from meso_cli.render.machine import SESSION_AMOUNTS

PURPOSES = {"therapeutic": N_("therapeutic"), "aesthetic": N_("aesthetic")}
PRACTITIONERS = {"gp": N_("GP"), "specialist": N_("specialist")}


def console(env: Environment):
    from rich.console import Console

    return Console(
        file=env.stdout,
        force_terminal=env.boxes,
        no_color=not env.colors,
        color_system="auto" if env.colors else None,
        highlight=False,
        emoji=False,
        # Piped output is never wrapped: a line is a record for grep and friends.
        width=(env.width or None) if env.stdout_isatty else 100_000,
        soft_wrap=False,
    )


def show(env: Environment, *items) -> None:
    """Print tables and lines (str = plain text, never markup); piped: no trailing blanks."""
    from rich.text import Text

    out = console(env)
    items = [Text(item) if isinstance(item, str) else item for item in items]
    if env.boxes:
        for item in items:
            out.print(item)
        return
    with out.capture() as captured:
        for item in items:
            out.print(item)
    env.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


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
    )


def text(value: str, style: str = ""):
    """A cell shown as written: user text (plan names, ids) is never read as Rich markup."""
    from rich.text import Text

    return Text(value, style=style)


def heading(value: str, env: Environment):
    return text(value, "bold" if env.colors else "")


def money(amount: Decimal, env: Environment) -> str:
    return format_eur(amount, env.lang)


def scenario_line(scenario, env: Environment, with_sessions: bool = True) -> str:
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
    parts.append(_("{price} a session").format(price=money(scenario.price, env)))
    parts.append(_(PRACTITIONERS[scenario.practitioner]))
    parts.append(_("secteur {sector}").format(sector=scenario.sector.replace("-optam", " OPTAM")))
    parts.append(_(PURPOSES[scenario.purpose]))
    return " · ".join(parts)


def print_estimate(
    result: Estimate,
    env: Environment,
    explain: bool = False,
    chart: bool = False,
    quiet: bool = False,
) -> None:
    plan = result.plan.name if result.plan else _("Sécu only (no mutuelle plan)")
    table = new_table(env)
    headers = (
        "#",
        _("Date"),
        _("Price"),
        _("Base"),
        _("Sécu"),
        _("PF"),
        _("Mutuelle"),
        _("Remaining"),
    )
    for index, header in enumerate(headers):
        table.add_column(header, justify="left" if index < 2 else "right")
    for session in result.sessions:
        table.add_row(
            str(session.number),
            format_date(session.day, env.lang),
            *(money(getattr(session, key), env) for key in SESSION_AMOUNTS),
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
    items = [heading(f"{plan} · {scenario_line(result.scenario, env)}", env), table]
    lines = notes_lines(result)
    if lines:
        items.append(_("Notes:"))
        items.extend(f"  - {line}" for line in lines)
    if result.plan is not None and result.plan.source:
        items.append(_("Plan source: {source}").format(source=result.plan.source))
    if chart:
        from meso_cli.render.chart import chart as draw_chart

        rows = [
            (_("session {number}").format(number=s.number), s.secu, s.mutuelle, s.remaining)
            for s in result.sessions
        ]
        items.append("")
        items.extend(draw_chart(env, rows))
    if explain:
        from meso_cli.explain import explanation_lines

        items.append("")
        items.append(_("How each figure is made:"))
        items.extend(explanation_lines(result, env.lang))
    if not quiet and env.stdout_isatty:
        items.append("")
        items.extend(safety_lines(result))
    show(env, *items)


def safety_lines(result: Estimate) -> list[str]:
    """Shown once with an estimate on a terminal; --quiet hides it."""
    lines = []
    if result.scenario.care == "maternity":
        lines.append(
            _(
                "Pregnancy is a contra-indication to mesotherapy, whatever the Sécu would pay:"
                " talk to your doctor before any session."
            )
        )
    lines.append(
        _(
            "Contra-indications: pregnancy, breastfeeding, anticoagulant treatment, allergy to the"
            " products. Only a doctor holding the DIU de mésothérapie may practise it."
        )
    )
    return lines


def notes_lines(result: Estimate) -> list[str]:
    lines = [render_note(note) for note in result.notes]
    for session in result.sessions:
        for note in session.notes:
            lines.append(
                _("session {number}: {note}").format(number=session.number, note=render_note(note))
            )
    return lines


def _compare_chart(env: Environment, rankings, ranged: bool) -> list:
    from meso_cli.render.chart import chart

    rows = []
    for count, ranked in rankings:
        for result in sorted(ranked, key=lambda r: r.plan.id):
            label = f"{count} × {result.plan.id}" if ranged else result.plan.id
            totals = result.totals
            rows.append((label, totals.secu, totals.mutuelle, totals.remaining))
    return ["", *chart(env, rows)]


def print_compare(env: Environment, scenario, ranked: list[Estimate], chart: bool = False) -> None:
    from meso_cli.render.compare_out import best_line

    table = new_table(env)
    headers = ("#", _("Plan"), _("Name"), _("Price"), _("Sécu"), _("Mutuelle"), _("Remaining"))
    for index, header in enumerate(headers):
        table.add_column(header, justify="left" if index in (1, 2) else "right")
    low = ranked[0].totals.remaining
    for rank, result in enumerate(ranked, start=1):
        totals = result.totals
        best = totals.remaining == low
        table.add_row(
            f"{rank}{' ★' if best else ''}",
            text(result.plan.id),
            text(result.plan.name),
            money(totals.price, env),
            money(totals.secu, env),
            money(totals.mutuelle, env),
            money(totals.remaining, env),
            style="bold green" if best and env.colors else "",
        )
    items = [heading(scenario_line(scenario, env), env), table, best_line(ranked, env)]
    if chart:
        items.extend(_compare_chart(env, [(scenario.sessions, ranked)], ranged=False))
    show(env, *items)


def print_compare_range(env: Environment, scenario, rankings, chart: bool = True) -> None:
    """Remaining charge per plan for each session count: where the ranking changes shows."""
    plan_ids = sorted({result.plan.id for _count, ranked in rankings for result in ranked})
    table = new_table(env)
    table.add_column(_("Sessions"), justify="right")
    for plan_id in plan_ids:
        table.add_column(text(plan_id), justify="right")
    table.add_column(_("Best"), justify="left")
    previous = None
    for count, ranked in rankings:
        by_id = {result.plan.id: result for result in ranked}
        low = ranked[0].totals.remaining
        cells = []
        for plan_id in plan_ids:
            amount = by_id[plan_id].totals.remaining
            label = money(amount, env) + (" ★" if amount == low else "")
            cells.append(text(label, "bold green" if amount == low and env.colors else ""))
        winner = ranked[0].plan.id
        new_best = _("new best")
        change = f" ← {new_best}" if previous is not None and winner != previous else ""
        table.add_row(str(count), *cells, text(winner + change))
        previous = winner
    items = [
        heading(scenario_line(scenario, env, with_sessions=False), env),
        table,
        _("Remaining charge (reste à charge) in total; ★ the lowest for that number of sessions."),
    ]
    if chart:
        items.extend(_compare_chart(env, rankings, ranged=True))
    show(env, *items)
