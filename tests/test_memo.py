"""The batch totals memo (meso_cli/memo.py): cases a reviewer found, each once wrong."""

from __future__ import annotations

from datetime import date

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from meso_cli.batch_input import row_of
from meso_cli.engine import totals
from meso_cli.memo import TotalsMemo
from meso_cli.plan import Plan
from meso_cli.scenario import make_scenario
from tests.conftest import run

TODAY = date(2026, 11, 22)
MEMBERSHIP = Plan.from_plain("m", {"name": "M", "year": "membership", "forfait": {"per_year": 20}})


def _both(memo, tariffs, plan, **fields):
    row = {name: str(value) for name, value in fields.items()}
    expected = totals(make_scenario(row, TODAY), plan, tariffs)
    return memo.find(row_of(row), plan).checkpoint.totals, expected


def test_a_membership_year_starting_on_1_january_is_not_every_rows_calendar_year(tariffs):
    """Two sessions on 2026-12-01 and 2027-01-01: for a member since 1 January the second opens
    a new plan year (the 20 € envelope again), for a member since 1 June it does not. By hand,
    each 45 € session: Sécu 21.00 − PF 2.00 = 19.00; guarantee 100 % × 30.00 − 21.00 = 9.00;
    the forfait is due 45 − 21 − 9 = 15.00. Two plan years: 9 + 15 + 9 + 15 = 48.00, 4.00 left;
    one plan year: 9 + 15 + 9 + 5 (what is left of 20) = 38.00, 14.00 left."""
    memo = TotalsMemo(tariffs, TODAY)
    days = {"start": "2026-12-01", "every": 31, "sessions": 2}
    january, expected = _both(memo, tariffs, MEMBERSHIP, member_since="2020-01-01", **days)
    assert january == expected and (january.mutuelle, january.remaining) == (48, 4)
    june, expected = _both(memo, tariffs, MEMBERSHIP, member_since="2020-06-01", **days)
    assert june == expected and (june.mutuelle, june.remaining) == (38, 14)
    longer, expected = _both(
        memo,
        tariffs,
        MEMBERSHIP,
        member_since="2020-06-01",
        start=days["start"],
        every=31,
        sessions=3,
    )
    assert longer == expected


def test_every_plan_named_by_a_key_is_held_by_the_memo(tariffs, monkeypatch):
    """Keys name plans by id(): a plan freed while a key names it could lend its id to another
    plan and its figures with it. However plans come and go, the memo holds each one it names."""
    monkeypatch.setattr(TotalsMemo, "MAX_PLANS", 8)
    monkeypatch.setattr(TotalsMemo, "MAX_ENTRIES", 40)
    memo = TotalsMemo(tariffs, TODAY)
    for index in range(300):
        per_session = 10 + index % 7
        plan = Plan.from_plain("p", {"name": "P", "forfait": {"per_session": per_session}})
        got, expected = _both(memo, tariffs, plan, start="2026-03-02", sessions=1 + index % 5)
        assert got == expected
        held = {id(facts.plan) for facts in memo._plans.values()}
        assert all(key[3] in held for key in memo._memo)
        assert len(memo._plans) <= 8 and len(memo._memo) <= 40


def test_the_same_bad_row_gets_the_same_message_every_time():
    out = run(["batch", "-"], input="id,start,price\na,2017-01-02,abc\nb,2017-01-02,abc\n")
    assert out.exit_code == 1
    lines = out.stderr.splitlines()
    assert lines[0] == "line 2: price: expected an amount in euros, got 'abc'"
    assert lines[1] == "line 3: price: expected an amount in euros, got 'abc'"


_SHAPES = [
    None,
    Plan.from_plain("c", {"name": "C", "forfait": {"per_year": 20}}),
    MEMBERSHIP,
    Plan.from_plain("k", {"name": "K", "year": "contract", "contract_start": "04-01"}),
    Plan.from_plain(
        "w",
        {
            "name": "W",
            "year": "membership",
            "forfait": {"per_session": 30, "waiting_months": 13},
            "seniority": [
                {"from_year": 2, "forfait": {"per_year": 50}},
                {"from_year": 4, "forfait": {"per_year": 90}},
            ],
        },
    ),
]


@settings(max_examples=300, deadline=None)
@given(
    shape=st.sampled_from(range(len(_SHAPES))),
    start=st.dates(date(2017, 5, 1), date(9999, 12, 31)),
    every=st.sampled_from([1, 7, 14, 31, 100, 366]),
    sessions=st.integers(1, 12),
    since=st.one_of(st.none(), st.dates(date(2000, 2, 28), date(9999, 12, 31))),
)
def test_the_table_of_boundaries_places_a_protocol_as_the_slow_way_does(
    tariffs, shape, start, every, sessions, since
):
    """The memo reads most keys from a table per (plan, membership date, year): its state and
    boundaries must be those the protocol's own days give (_where)."""
    plan = _SHAPES[shape]
    memo = TotalsMemo(tariffs, TODAY)
    facts = memo._learn(plan)
    first = start.toordinal()
    last = first + every * (sessions - 1)
    assume(last <= date.max.toordinal() and (since is not None or facts.plain))
    placed = memo._placed(start.year, first, every, last, since, plan)
    if placed is not None:  # None: past the table's two years
        assert placed == memo._where(start, every, date.fromordinal(last), since, plan)
