"""meso compare's view: a ranking (or one ranking per session count), in every format."""

from __future__ import annotations

from meso_cli.environment import Environment
from meso_cli.i18n import _, ngettext
from meso_cli.records import Estimate
from meso_cli.render import machine
from meso_cli.render.emit import View
from meso_cli.scenario import Scenario

COLUMNS = ("rank", "id", "name", *machine.AMOUNT_KEYS)

Rankings = list[tuple[int, list[Estimate]]]


def view(scenario: Scenario, rankings: Rankings, ranged: bool, chart: bool = False) -> View:
    def rows():
        for count, ranked in rankings:
            for rank, result in enumerate(ranked, start=1):
                row = [rank, result.plan.id, result.plan.name, *_amounts(result)]
                yield [count, *row] if ranged else row

    def table(env: Environment) -> list:
        if ranged:
            return range_items(env, scenario, rankings, chart)
        return ranking_items(env, scenario, rankings[0][1], chart)

    return View(
        command="compare",
        document=lambda: plain(scenario, rankings, ranged),
        table=table,
        columns=("sessions", *COLUMNS) if ranged else COLUMNS,
        rows=rows,
    )


def _amounts(result: Estimate) -> list:
    return [getattr(result.totals, key) for key in machine.AMOUNT_KEYS]


def _plans(ranked: list[Estimate]) -> list[dict]:
    return [
        {"id": r.plan.id, "name": r.plan.name, "totals": machine.totals_plain(r.totals)}
        for r in ranked
    ]


def plain(scenario: Scenario, rankings: Rankings, ranged: bool) -> dict:
    described = machine.scenario_plain(scenario)
    if not ranged:
        return {"scenario": described, "plans": _plans(rankings[0][1])}
    described.pop("sessions")
    return {
        "scenario": described,
        "sessions_range": [rankings[0][0], rankings[-1][0]],
        "rankings": [{"sessions": count, "plans": _plans(ranked)} for count, ranked in rankings],
    }


def best_of(ranked: list[Estimate]) -> list[Estimate]:
    """The plans that leave the least to pay: one, or several tied."""
    low = ranked[0].totals.remaining
    return [result for result in ranked if result.totals.remaining == low]


def plan_label(plan) -> str:
    """`Name (id)`, or `Name — id` when the name already ends with a bracket."""
    if plan.name.rstrip().endswith(")"):
        return f"{plan.name} — {plan.id}"
    return f"{plan.name} ({plan.id})"


def best_line(ranked: list[Estimate], env: Environment) -> str:
    from meso_cli.money import format_eur

    best = best_of(ranked)
    amount = format_eur(best[0].totals.remaining, env.lang)
    if len(best) == 1:
        return _("Best: {plan} leaves {amount} to pay").format(
            plan=plan_label(best[0].plan), amount=amount
        )
    return _("Tie: {plans} each leave {amount} to pay").format(
        plans=", ".join(result.plan.id for result in best), amount=amount
    )


def ranking_items(env: Environment, scenario, ranked: list[Estimate], chart: bool) -> list:
    from meso_cli.render.estimate_out import scenario_line
    from meso_cli.render.table import Column, Row, cell, fitted, heading, money

    columns = [
        Column("#", "right"),
        Column(_("Plan")),
        Column(_("Name"), fixed=False, drop=1),
        Column(_("Price"), "right", drop=2),
        Column(_("Sécu"), "right"),
        Column(_("Mutuelle"), "right"),
        Column(_("Remaining"), "right", short=_("Left")),
    ]
    tied = {id(result) for result in best_of(ranked)}
    rows = []
    for rank, result in enumerate(ranked, start=1):
        totals = result.totals
        best = id(result) in tied
        rows.append(
            Row(
                [
                    f"{rank}{' ★' if best else ''}",
                    result.plan.id,
                    cell(env, result.plan.name),
                    money(env, totals.price),
                    money(env, totals.secu),
                    money(env, totals.mutuelle),
                    money(env, totals.remaining),
                ],
                style="bold green" if best and env.colors else "",
            )
        )
    items = [heading(env, scenario_line(scenario, env)), fitted(env, columns, rows)]
    items.append(best_line(ranked, env))
    if chart:
        items.extend(_chart(env, [(scenario.sessions, ranked)], ranged=False))
    return items


def range_items(env: Environment, scenario, rankings: Rankings, chart: bool = True) -> list:
    """Remaining charge per plan for each session count: where the ranking changes shows."""
    from meso_cli.render.estimate_out import scenario_line
    from meso_cli.render.table import Column, Row, build, cell, fit, heading, money

    plan_ids = sorted({result.plan.id for _count, ranked in rankings for result in ranked})
    drops = _drop_order(rankings)
    columns = [Column(_("Sessions"), "right", short="n")]
    columns.extend(Column(plan_id, "right", drop=drops.get(plan_id, 0)) for plan_id in plan_ids)
    columns.append(Column(_("Best"), fixed=False))
    rows = []
    previous = None
    for count, ranked in rankings:
        by_id = {result.plan.id: result for result in ranked}
        low = ranked[0].totals.remaining
        cells = [str(count)]
        for plan_id in plan_ids:
            amount = by_id[plan_id].totals.remaining
            label = money(env, amount) + (" ★" if amount == low else "")
            cells.append(cell(env, label, "bold green" if amount == low and env.colors else ""))
        winners = [result.plan.id for result in best_of(ranked)]
        winner = (
            winners[0] if len(winners) == 1 else _("tie: {plans}").format(plans=", ".join(winners))
        )
        change = ""
        if previous is not None and winner != previous and len(winners) == 1:
            change = " ← " + _("new best")
        cells.append(winner + change)
        rows.append(Row(cells))
        previous = winner
    items = [heading(env, scenario_line(scenario, env, with_sessions=False))]
    compact = fit(env, columns, rows)
    items.append(build(env, columns, rows, compact))
    items.append(
        _("Remaining charge (reste à charge) in total; ★ the lowest for that number of sessions.")
    )
    left_out = sum(1 for drop in drops.values() if drop and compact >= drop)
    if left_out:
        message = ngettext(
            "{count} plan that is never the best is left out to fit the terminal: --format csv"
            " lists every plan",
            "{count} plans that are never the best are left out to fit the terminal: --format csv"
            " lists every plan",
            left_out,
        )
        items.append(message.format(count=left_out))
    if chart:
        items.extend(_chart(env, rankings, ranged=True))
    return items


def _drop_order(rankings: Rankings) -> dict[str, int]:
    """For a narrow terminal: plans never the best may leave the range table, the most
    expensive first (1 = dropped first); a plan that is the best for some count always stays."""
    best = {r.plan.id for _count, ranked in rankings for r in best_of(ranked)}
    total: dict[str, object] = {}
    for _count, ranked in rankings:
        for result in ranked:
            total[result.plan.id] = total.get(result.plan.id, 0) + result.totals.remaining
    others = sorted((plan_id for plan_id in total if plan_id not in best), key=total.get)
    return {plan_id: len(others) - index for index, plan_id in enumerate(others)}


def _chart(env: Environment, rankings, ranged: bool) -> list:
    from meso_cli.render.chart import chart

    rows = []
    for count, ranked in rankings:
        for result in sorted(ranked, key=lambda r: r.plan.id):
            label = f"{count} × {result.plan.id}" if ranged else result.plan.id
            totals = result.totals
            rows.append((label, totals.secu, totals.mutuelle, totals.remaining))
    return ["", *chart(env, rows)]
