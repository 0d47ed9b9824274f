"""meso estimate and meso compare: one scenario, one plan or many."""

from typing import Annotated

import typer

from meso_cli.cliutil import environment, load_plan, scenario_from_options
from meso_cli.discovery import complete_plan_id
from meso_cli.errors import InputError
from meso_cli.i18n import N_, _
from meso_cli.options import (
    BillingOpt,
    CareOpt,
    EveryOpt,
    ExemptOpt,
    Format,
    FormatOpt,
    LangOpt,
    MemberSinceOpt,
    NoColorOpt,
    PathwayOpt,
    PfPaidOpt,
    PlanOpt,
    PractitionerOpt,
    PriceOpt,
    PurposeOpt,
    RegimeOpt,
    SectorOpt,
    SessionsOpt,
    StartOpt,
    UsedAmountOpt,
    UsedSessionsOpt,
)


def estimate(
    ctx: typer.Context,
    plan: PlanOpt = None,
    sessions: SessionsOpt = None,
    price: PriceOpt = None,
    purpose: PurposeOpt = None,
    sector: SectorOpt = None,
    start: StartOpt = None,
    every: EveryOpt = None,
    regime: RegimeOpt = None,
    care: CareOpt = None,
    out_of_pathway: PathwayOpt = False,
    exempt: ExemptOpt = False,
    billing: BillingOpt = None,
    used_sessions: UsedSessionsOpt = None,
    used_amount: UsedAmountOpt = None,
    practitioner: PractitionerOpt = None,
    pf_paid: PfPaidOpt = None,
    member_since: MemberSinceOpt = None,
    fmt: FormatOpt = Format.table,
    no_color: NoColorOpt = False,
    lang: LangOpt = None,
    explain: Annotated[
        bool, typer.Option("--explain", help=N_("Show how each figure is made, with its source."))
    ] = False,
    chart: Annotated[
        bool, typer.Option("--chart", help=N_("Stacked bars of Sécu / mutuelle / reste à charge."))
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help=N_("No contra-indication reminder."))
    ] = False,
) -> None:
    """Price, Sécu, mutuelle and remaining charge of each session, and in total."""
    env = environment(ctx, no_color, lang)
    scenario = scenario_from_options(env, locals())
    chosen = load_plan(env, plan)
    from meso_cli.engine import estimate as run_estimate
    from meso_cli.tariffs import load_tariffs

    result = run_estimate(scenario, chosen, load_tariffs())
    from meso_cli.render import estimate_out
    from meso_cli.render.emit import emit
    from meso_cli.responsible import plan_warnings

    warnings = plan_warnings(chosen, "en") if chosen is not None else []
    emit(env, fmt.value, estimate_out.view(result, warnings, explain=explain, chart=chart))
    # Safety first, in every format and pipe: on stderr, after the figures they qualify.
    reminder = fmt is Format.table and env.stdout_isatty and not quiet
    for line in estimate_out.safety_lines(scenario, reminder):
        env.notice(line)


def parse_range(text: str) -> range:
    """'A-B' (or a single number) as the session counts A..B."""
    from meso_cli.scenario import MAX_SESSIONS

    parts = text.strip().replace("..", "-").split("-")
    if len(parts) <= 2 and all(part.isascii() and part.isdigit() for part in parts):
        low, high = int(parts[0]), int(parts[-1])  # ASCII digits only, as every number
    else:
        low, high = 0, -1
    if not 1 <= low <= high <= MAX_SESSIONS:
        message = _("expected A-B with 1 ≤ A ≤ B ≤ {high}, got {value}")
        raise InputError("--sessions-range: " + message.format(high=MAX_SESSIONS, value=repr(text)))
    return range(low, high + 1)


def compare(
    ctx: typer.Context,
    plans: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PLAN]...",
            help=N_("Plan ids or plan files [default: every plan found]."),
            autocompletion=complete_plan_id,
        ),
    ] = None,
    sessions: SessionsOpt = None,
    sessions_range: Annotated[
        str | None,
        typer.Option(
            "--sessions-range",
            metavar="A-B",
            help=N_(
                "Rank the plans for each number of sessions from A to B, 1 to 100"
                " [default: --sessions alone]."
            ),
        ),
    ] = None,
    price: PriceOpt = None,
    purpose: PurposeOpt = None,
    sector: SectorOpt = None,
    start: StartOpt = None,
    every: EveryOpt = None,
    regime: RegimeOpt = None,
    care: CareOpt = None,
    out_of_pathway: PathwayOpt = False,
    exempt: ExemptOpt = False,
    billing: BillingOpt = None,
    used_sessions: UsedSessionsOpt = None,
    used_amount: UsedAmountOpt = None,
    practitioner: PractitionerOpt = None,
    pf_paid: PfPaidOpt = None,
    member_since: MemberSinceOpt = None,
    fmt: FormatOpt = Format.table,
    no_color: NoColorOpt = False,
    lang: LangOpt = None,
    chart: Annotated[
        bool | None,
        typer.Option(
            "--chart/--no-chart",
            help=N_("Stacked bars of Sécu / mutuelle / reste à charge [default: on with a range]."),
        ),
    ] = None,
) -> None:
    """Which plan leaves the least to pay: every plan's totals, best first."""
    from meso_cli.engine import compare_range as run_compare
    from meso_cli.tariffs import load_tariffs

    env = environment(ctx, no_color, lang)
    counts = parse_range(sessions_range) if sessions_range else None
    if counts is not None and sessions is not None:
        raise InputError("--sessions, --sessions-range: " + _("give one or the other"))
    scenario = scenario_from_options(env, locals())
    chosen = _plans_to_compare(env, plans)
    tariffs = load_tariffs()
    if counts is not None:  # the longest protocol of the range must be a real one too
        from meso_cli.scenario import check_span

        check_span(scenario._replace(sessions=counts[-1]))
    rankings = run_compare(scenario, chosen, tariffs, list(counts or [scenario.sessions]))
    from meso_cli.render import compare_out, estimate_out
    from meso_cli.render.emit import emit

    ranged = counts is not None
    draw = ranged if chart is None else chart
    emit(env, fmt.value, compare_out.view(scenario, rankings, ranged=ranged, chart=draw))
    for line in estimate_out.safety_lines(scenario, reminder=False):
        env.notice(line)


def _plans_to_compare(env, names: list[str] | None):
    if names:
        seen = {}
        for name in names:
            plan = load_plan(env, name, "PLAN")
            seen.setdefault(plan.id, plan)
        return list(seen.values())
    from meso_cli.discovery import iter_plans
    from meso_cli.planfile import DraftError

    found = []
    drafts = []
    for entry in iter_plans(env.environ):
        if entry.shadowed_by:
            continue
        if isinstance(entry.error, DraftError):
            drafts.append(entry.id)
            continue
        if entry.error is not None:
            env.error(_("{error} (plan '{id}' left out)").format(error=entry.error, id=entry.id))
            continue
        for problem in entry.warnings:
            env.error(str(problem))
        found.append(entry.plan)
    if drafts:
        from meso_cli.safe_text import clip

        message = _("draft plans left out until edited (draft: true): {ids}")
        env.error("meso: " + message.format(ids=clip(", ".join(drafts), 200)))
    if not found:
        raise InputError(_("no plan found to compare"))
    return found
