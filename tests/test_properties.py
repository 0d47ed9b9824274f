"""Invariants of the money figures, for random scenarios and random valid plans (hypothesis)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from meso_cli.engine import estimate, totals
from meso_cli.memo import TotalsMemo
from meso_cli.plan import Plan
from meso_cli.scenario import Scenario
from meso_cli.tariffs import load_tariffs
from tests.conftest import memo_totals, run

TARIFFS = load_tariffs()
# No date after the first known day is refused: the range runs well past the tariff data's review.
FIRST, LAST = TARIFFS.first_day, date(2045, 12, 31)
CENT = Decimal("0.01")


def cents(low: int, high: int):
    return st.integers(low, high).map(lambda n: Decimal(n) * CENT)


@st.composite
def scenarios(draw, max_sessions: int = 30):
    sessions = draw(st.integers(1, max_sessions))
    every = draw(st.integers(1, min(45, (LAST - FIRST).days // max(1, sessions - 1))))
    span = (sessions - 1) * every
    start = draw(st.dates(FIRST, LAST - timedelta(days=span)))
    return Scenario(
        start=start,
        sessions=sessions,
        price=draw(cents(1, 40_000)),
        purpose=draw(st.sampled_from(["therapeutic", "therapeutic", "aesthetic"])),
        sector=draw(st.sampled_from(["1", "2-optam", "2", "3"])),
        every=every,
        regime=draw(st.sampled_from(["general", "alsace-moselle"])),
        care=draw(st.sampled_from(["standard", "standard", "ald", "maternity"])),
        out_of_pathway=draw(st.booleans()),
        exempt=draw(st.booleans()),
        billing=draw(st.sampled_from(["consultation", "consultation", "act"])),
        used_sessions=draw(st.integers(0, 8)),
        used_amount=draw(cents(0, 30_000)),
        practitioner=draw(st.sampled_from(["gp", "specialist"])),
        pf_paid=draw(cents(0, 5_000)),
    )


@st.composite
def plans(draw):
    forfait = None
    if draw(st.booleans()):
        limits = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "per_session": cents(1, 20_000),
                    "sessions_per_year": st.integers(1, 12),
                    "per_year": cents(1, 100_000),
                },
            ).filter(bool)
        )
        forfait = {
            **limits,
            "aesthetic": draw(st.booleans()),
            "only_unreimbursed": draw(st.booleans()),
        }
    consultation = {
        "optam": draw(st.integers(0, 400)),
        "basis": draw(st.sampled_from(["total", "on_top"])),
    }
    if draw(st.booleans()):
        consultation["non_optam"] = draw(st.integers(0, 300))
    data = {"name": "P", "consultation": consultation, "responsible": draw(st.booleans())}
    if forfait:
        data["forfait"] = forfait
    if draw(st.booleans()):
        data["year"] = "contract"
        data["contract_start"] = f"{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}"
    return Plan.from_plain("p", data, "test")


@given(scenarios(), st.none() | plans())
def test_every_session_adds_up_and_stays_within_the_price(scenario, plan):
    result = estimate(scenario, plan, TARIFFS)
    for session in result.sessions:
        assert session.secu + session.mutuelle + session.remaining == session.price
        assert session.secu >= 0 and session.mutuelle >= 0 and session.remaining >= 0
        assert session.mutuelle <= session.price - session.secu
        # The PF is never paid back (contrat responsable, L871-1); our rules apply it to every plan.
        assert session.remaining >= session.participation
        for amount in (session.secu, session.mutuelle, session.remaining, session.participation):
            assert amount == amount.quantize(CENT)


@given(scenarios(max_sessions=60), plans())
def test_forfait_limits_hold_within_each_plan_year(scenario, plan):
    result = estimate(scenario, plan, TARIFFS)
    rules = plan.forfait
    if rules is None:
        return
    first_year = plan.year_start(scenario.start)
    by_year: dict[date, list[Decimal]] = {}
    for session in result.sessions:
        if session.forfait > 0:
            by_year.setdefault(plan.year_start(session.day), []).append(session.forfait)
        if rules.per_session is not None:
            assert session.forfait <= rules.per_session
    for year, paid in by_year.items():
        used_sessions = scenario.used_sessions if year == first_year else 0
        used_amount = scenario.used_amount if year == first_year else 0
        if rules.sessions_per_year is not None:
            assert len(paid) <= max(0, rules.sessions_per_year - used_sessions)
        if rules.per_year is not None:
            assert sum(paid) <= max(Decimal(0), rules.per_year - used_amount)


@given(scenarios(max_sessions=100))
def test_participation_is_capped_at_50_a_calendar_year(scenario):
    """The PF already paid (--pf-paid) counts in the first session's calendar year."""
    result = estimate(scenario, None, TARIFFS)
    by_year: dict[int, Decimal] = {scenario.start.year: scenario.pf_paid}
    for session in result.sessions:
        by_year[session.day.year] = (
            by_year.get(session.day.year, Decimal(0)) + session.participation
        )
    assert all(total <= 50 for total in by_year.values())


@given(scenarios(), st.none() | plans())
def test_totals_are_the_sums_and_every_path_agrees(scenario, plan):
    result = estimate(scenario, plan, TARIFFS)
    sums = {
        key: sum((getattr(s, key) for s in result.sessions), Decimal(0))
        for key in ("price", "secu", "participation", "mutuelle", "remaining")
    }
    assert result.totals._asdict() == sums
    assert totals(scenario, plan, TARIFFS) == result.totals
    assert memo_totals(TotalsMemo(TARIFFS, FIRST), scenario, plan) == result.totals


@given(scenarios(), st.none() | plans(), st.integers(-400, 400), st.integers(1, 45))
def test_a_protocol_moved_within_its_segments_costs_the_same(scenario, plan, shift, every):
    """The memo's premise: where the boundaries (tariff changes, 1 January, plan years) fall
    before the same sessions, the exact days change nothing. Move and re-space the protocol;
    where the memo says its boundaries fall the same way, the totals must not move."""
    memo = TotalsMemo(TARIFFS, FIRST)
    moved = scenario._replace(start=scenario.start + timedelta(days=shift), every=every)
    if moved.start < FIRST or moved.day(moved.sessions) > LAST:
        return

    def where(candidate):
        last = candidate.day(candidate.sessions)
        return memo._where(candidate.start, candidate.every, last, candidate.member_since, plan)

    if moved != scenario and where(moved) == where(scenario):
        assert totals(moved, plan, TARIFFS) == totals(scenario, plan, TARIFFS)


SPECIALIST_LABELS = {p.label for p in TARIFFS.bases.values() if ".specialist." in p.name}
GP_LABELS = {p.label for p in TARIFFS.bases.values()} - SPECIALIST_LABELS


@given(scenarios())
def test_a_specialist_never_gets_a_gp_base(scenario):
    """Each practitioner's base comes from its own parameters (values may coincide: 25.00 €)."""
    result = estimate(scenario, None, TARIFFS)
    own = SPECIALIST_LABELS if scenario.practitioner == "specialist" else GP_LABELS
    for session in result.sessions:
        record = session.base_record
        if record.tariff is not None:
            assert record.label in own
            assert session.base == min(record.tariff.value, session.price)


SHARED_MEMO = TotalsMemo(TARIFFS, FIRST)  # shared across examples: keys collide between them


@given(
    scenarios(), st.none() | plans(), st.integers(-60, 60), st.integers(1, 45), st.integers(1, 12)
)
def test_the_totals_memo_never_confuses_two_scenarios(scenario, plan, shift, every, more):
    """Scenarios moved in time, re-spaced, shorter or longer often share a memo key or go on
    from another one's checkpoint: each must get its own totals."""
    moved = scenario._replace(start=scenario.start + timedelta(days=shift), every=every)
    for candidate in (
        scenario,
        moved,
        moved._replace(sessions=min(100, moved.sessions + more)),
        scenario._replace(sessions=max(1, scenario.sessions - more)),
        scenario._replace(sessions=min(100, scenario.sessions + more)),
    ):
        last = candidate.start + timedelta(days=candidate.every * (candidate.sessions - 1))
        if candidate.start < FIRST or last > LAST:
            continue
        expected = totals(candidate, plan, TARIFFS)
        assert memo_totals(SHARED_MEMO, candidate, plan) == expected


@given(scenarios(max_sessions=20), st.none() | plans())
def test_adding_a_session_never_lowers_the_remaining_total(scenario, plan):
    shorter = estimate(scenario, plan, TARIFFS).totals.remaining
    longer_scenario = scenario._replace(sessions=scenario.sessions + 1)
    if longer_scenario.day(longer_scenario.sessions) > LAST:
        return
    assert estimate(longer_scenario, plan, TARIFFS).totals.remaining >= shorter


def _money(text: str) -> Decimal:
    return Decimal(text.replace("€", "").replace(",", ""))


@settings(max_examples=25)
@given(scenarios(max_sessions=8))
def test_results_do_not_depend_on_the_output_format(scenario):
    args = [
        "estimate",
        "--plan",
        "henner",
        "--sessions",
        scenario.sessions,
        "--price",
        scenario.price,
        "--purpose",
        scenario.purpose,
        "--sector",
        scenario.sector,
        "--start",
        scenario.start.isoformat(),
        "--every",
        scenario.every,
        "--regime",
        scenario.regime,
        "--care",
        scenario.care,
        "--billing",
        scenario.billing,
    ]
    data = json.loads(run([*args, "-f", "json"]).stdout)
    rows = list(csv.DictReader(io.StringIO(run([*args, "-f", "csv"]).stdout)))
    table = run(args).stdout.splitlines()
    total_line = next(line for line in table if line.startswith("Total"))
    table_totals = [_money(cell) for cell in total_line.split()[1:]]
    for key in ("price", "secu", "participation", "mutuelle", "remaining"):
        from_json = Decimal(str(data["totals"][key]))
        assert from_json == sum(Decimal(row[key]) for row in rows)
        assert from_json == sum(Decimal(str(s[key])) for s in data["sessions"])
    assert table_totals == [
        Decimal(str(data["totals"][key]))
        for key in ("price", "secu", "participation", "mutuelle", "remaining")
    ]
