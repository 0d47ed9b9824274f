"""Output of meso compare: a ranking (or one ranking per session count) in every format."""

from __future__ import annotations

from meso_cli.engine import Estimate
from meso_cli.environment import Environment
from meso_cli.i18n import _
from meso_cli.render import machine
from meso_cli.scenario import Scenario

COLUMNS = ("rank", "id", "name", *machine.AMOUNT_KEYS)

Rankings = list[tuple[int, list[Estimate]]]


def write(
    env: Environment,
    fmt: str,
    scenario: Scenario,
    rankings: Rankings,
    ranged: bool,
    chart: bool = False,
) -> None:
    if fmt == "json":
        env.stdout.write(machine.dumps(plain(scenario, rankings, ranged), indent=2) + "\n")
    elif fmt in ("csv", "tsv"):
        columns = ("sessions", *COLUMNS) if ranged else COLUMNS
        writer = machine.RowWriter(env.stdout, fmt, columns)
        for count, ranked in rankings:
            for rank, result in enumerate(ranked, start=1):
                row = [rank, result.plan.id, result.plan.name, *_amounts(result)]
                writer.write([count, *row] if ranged else row)
    elif ranged:
        from meso_cli.render.table import print_compare_range

        print_compare_range(env, scenario, rankings, chart)
    else:
        from meso_cli.render.table import print_compare

        print_compare(env, scenario, rankings[0][1], chart)


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


def best_line(ranked: list[Estimate], env: Environment) -> str:
    from meso_cli.money import format_eur

    best = ranked[0]
    return _("Best: {name} ({id}) leaves {amount} to pay").format(
        name=best.plan.name, id=best.plan.id, amount=format_eur(best.totals.remaining, env.lang)
    )
