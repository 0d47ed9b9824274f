"""Invariants of the real-contract keys (levels, seniority, waiting periods, % PMSS, a share of the
price, membership years), for random plans and scenarios (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from meso_cli.engine import estimate, totals
from meso_cli.memo import TotalsMemo
from meso_cli.money import percent_of
from meso_cli.plan import Plan, add_months
from meso_cli.scenario import Scenario
from meso_cli.tariffs import load_tariffs
from tests.conftest import memo_totals

TARIFFS = load_tariffs()
CENT = Decimal("0.01")


def cents(low: int, high: int):
    return st.integers(low, high).map(lambda n: Decimal(n) * CENT)


pmss_share = st.integers(1, 300).map(lambda n: f"{Decimal(n) / 100} % PMSS")


@st.composite
def forfaits(draw):
    limits = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "per_session": cents(100, 15_000) | pmss_share,
                "sessions_per_year": st.integers(1, 8),
                "per_year": cents(100, 60_000) | pmss_share,
                "percent_of_price": st.integers(1, 100),
            },
        ).filter(bool)
    )
    extra = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "waiting_months": st.integers(1, 12),
                "practices": st.sampled_from(
                    [["osteopathy"], ["osteopathy", "Mésothérapie"], ["mesotherapy"]]
                ),
                "aesthetic": st.booleans(),
            },
        )
    )
    return {**limits, **extra}


@st.composite
def plan_data(draw):
    data = {"name": "P", "forfait": draw(forfaits())}
    data["year"] = draw(st.sampled_from(["calendar", "membership", "contract"]))
    if data["year"] == "contract":
        data["contract_start"] = f"{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}"
    if draw(st.booleans()):
        data["consultation"] = {"optam": draw(st.integers(100, 300))}
    steps = draw(st.lists(st.integers(2, 6), max_size=2, unique=True).map(sorted))
    data["seniority"] = [{"from_year": year, "forfait": draw(forfaits())} for year in steps]
    return data


@st.composite
def scenarios(draw):
    sessions = draw(st.integers(1, 20))
    every = draw(st.integers(1, 45))
    start = draw(st.dates(date(2017, 5, 1), date(2032, 12, 31)))
    member_since = draw(
        st.none() | st.dates(start - timedelta(days=2000), start + timedelta(days=90))
    )
    return Scenario(
        start=start,
        sessions=sessions,
        every=every,
        price=draw(cents(1_000, 40_000)),
        purpose=draw(st.sampled_from(["therapeutic", "therapeutic", "aesthetic"])),
        sector=draw(st.sampled_from(["1", "2-optam", "2", "3"])),
        practitioner=draw(st.sampled_from(["gp", "specialist"])),
        member_since=member_since,
    )


@given(scenarios(), plan_data(), st.integers(1, 12), st.integers(0, 400))
def test_the_forfait_never_pays_inside_a_waiting_period(scenario, data, months, joined_before):
    """Protocols that start around the end of a waiting period, so that both sides are seen."""
    data["forfait"] = {**data["forfait"], "waiting_months": months}
    data["forfait"].pop("practices", None)
    scenario = scenario._replace(member_since=scenario.start - timedelta(days=joined_before))
    plan = Plan.from_plain("p", data)
    result = estimate(scenario, plan, TARIFFS)
    ends = add_months(scenario.member_since, months)
    for session in result.sessions:
        if session.day < ends:
            assert session.forfait == 0, (session.day, ends)


@given(scenarios(), plan_data())
def test_the_forfait_never_pays_above_a_limit_in_force(scenario, data):
    plan = Plan.from_plain("p", data)
    result = estimate(scenario, plan, TARIFFS)
    by_year: dict[str, list[Decimal]] = {}
    ceilings: dict[str, Decimal] = {}
    for session in result.sessions:
        record = session.forfait_record
        if record is None or session.forfait == 0:
            continue
        assert session.forfait <= record.due
        if record.per_session is not None:
            assert session.forfait <= record.per_session
        if record.percent_of_price is not None:
            assert session.forfait <= percent_of(record.percent_of_price, session.price)
        by_year.setdefault(record.plan_year, []).append(session.forfait)
        # the envelope in force on that day (it can change with the PMSS inside a plan year)
        if record.envelope_left is not None:
            envelope = record.envelope_left + sum(by_year[record.plan_year][:-1])
            ceilings[record.plan_year] = max(ceilings.get(record.plan_year, envelope), envelope)
    for year, paid in by_year.items():
        if year in ceilings:
            assert sum(paid) <= ceilings[year]


@given(scenarios(), plan_data(), forfaits(), forfaits())
def test_a_level_never_changes_another_levels_figures(scenario, data, one, two):
    alone = Plan.from_plain("p", {**data, "levels": {"1": {"forfait": one}}})
    both = Plan.from_plain("p", {**data, "levels": {"1": {"forfait": one}, "2": {"forfait": two}}})
    assert both.level("1") == alone.level("1")
    first = estimate(scenario, alone.level("1"), TARIFFS)
    again = estimate(scenario, both.level("1"), TARIFFS)
    assert [s[:8] for s in first.sessions] == [s[:8] for s in again.sessions]
    assert first.totals == again.totals


SHARED_MEMO = TotalsMemo(TARIFFS, TARIFFS.first_day)  # shared across examples


@given(scenarios(), plan_data(), st.integers(-400, 400), st.integers(-800, 800))
def test_the_totals_memo_never_confuses_two_memberships(scenario, data, shift, joined):
    """Moved protocols and other membership dates often share a memo key (it leaves the days and
    the membership date to the segments): each must still get its own totals."""
    plan = Plan.from_plain("p", data)
    moved = scenario._replace(
        start=scenario.start + timedelta(days=shift),
        member_since=None
        if scenario.member_since is None
        else scenario.member_since + timedelta(days=joined),
    )
    for candidate in (scenario, moved, moved._replace(sessions=min(100, moved.sessions + 3))):
        if candidate.start < TARIFFS.first_day:
            continue
        assert memo_totals(SHARED_MEMO, candidate, plan) == totals(candidate, plan, TARIFFS)


@given(scenarios(), st.integers(1, 21))
def test_the_days_of_a_protocol_are_its_session_days(scenario, first):
    assert list(scenario.days(first)) == [
        scenario.day(number) for number in range(first, scenario.sessions + 1)
    ]


@given(plan_data(), st.dates(date(2017, 1, 1), date(9998, 12, 31)), st.none() | st.dates())
def test_a_day_falls_in_the_plan_year_that_year_of_gives(data, day, anchor):
    """A plan year holds the day, starts on the plan's new year, and is followed by the next
    one: one calendar year on, on the anchor's own day (29 February again in a leap year)."""
    plan = Plan.from_plain("p", data, "test")
    start, following = plan.year_of(day, anchor)
    month, dom = plan.new_year(anchor)
    assert start <= day < following
    assert (start.month, start.day) in ((month, dom), (2, 28) if (month, dom) == (2, 29) else ())
    assert following.year == start.year + 1
    assert plan.year_of(following, anchor)[0] == following
    assert plan.year_of(following - timedelta(days=1), anchor) == (start, following)


@given(st.dates(), st.integers(0, 240))
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months):
    from calendar import monthrange

    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    expected = (
        date.max if year > 9999 else date(year, month, min(day.day, monthrange(year, month)[1]))
    )
    assert add_months(day, months) == expected
