"""Every rule of docs/rules.md with figures computed by hand (the computation is in each comment)."""

from __future__ import annotations

from datetime import date

import pytest

from meso_cli.engine import compare, estimate
from meso_cli.scenario import make_scenario
from tests.conftest import TODAY, D, make_plan

RESPONSIBLE_100 = make_plan(id="base100")


def scenario(**values):
    return make_scenario(values, TODAY)


def one(tariffs, plan=RESPONSIBLE_100, **values):
    values.setdefault("sessions", 1)
    return estimate(scenario(**values), plan, tariffs).sessions[0]


def figures(session):
    return (session.price, session.secu, session.participation, session.mutuelle, session.remaining)


# docs/rules.md §5: price, Sécu, mutuelle, RAC — each must come out to the cent.
@pytest.mark.parametrize(
    ("day", "price", "sector", "optam", "secu", "pf", "mutuelle", "remaining"),
    [
        ("2025-03-10", "30.00", "1", 100, "19.00", "2.00", "9.00", "2.00"),  # 21.00 − 2
        ("2024-06-03", "26.50", "1", 100, "16.55", "2.00", "7.95", "2.00"),  # 18.55 − 2
        ("2024-02-05", "26.50", "1", 100, "17.55", "1.00", "7.95", "1.00"),  # 18.55 − 1
        ("2022-09-12", "25.00", "1", 100, "16.50", "1.00", "7.50", "1.00"),  # 17.50 − 1
        (
            "2025-03-10",
            "35.00",
            "2-optam",
            150,
            "19.00",
            "2.00",
            "14.00",
            "2.00",
        ),  # min(45, 35) − 21
        ("2025-03-10", "23.00", "2", 100, "14.10", "2.00", "6.90", "2.00"),  # 16.10 − 2
    ],
)
def test_public_worked_examples(tariffs, day, price, sector, optam, secu, pf, mutuelle, remaining):
    plan = make_plan(consultation={"optam": optam})
    session = one(tariffs, plan, start=day, price=price, sector=sector)
    assert figures(session) == (D(price), D(secu), D(pf), D(mutuelle), D(remaining))


# docs/rules.md worked examples with a specialist or secteur 3, each computed by hand.
@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # Specialist referred, secteur 1, 2026-03-02: base CS + MPC + MCS 31.50; 70 % = 22.05,
        # − PF 2 = 20.05; 100 % BR: 31.50 − 22.05 = 9.45; remaining 31.50 − 20.05 − 9.45 = 2.00.
        (
            {"practitioner": "specialist", "price": "31.50"},
            ("31.50", "31.50", "20.05", "2.00", "9.45", "2.00"),
        ),
        # Not referred: base 26.50 (no MCS) at 30 %: 7.95 − 2 = 5.95; 100 % BR less the share at the
        # normal 70 % (18.55): 7.95; remaining 26.50 − 5.95 − 7.95 = 12.60.
        (
            {"practitioner": "specialist", "price": "26.50", "out_of_pathway": "yes"},
            ("26.50", "26.50", "5.95", "2.00", "7.95", "12.60"),
        ),
        # GP secteur 3, 50 €, 2025-03-10: base 0.61; 70 % = 0.43 < PF: no PF; 100 % BR 0.61 − 0.43.
        (
            {"sector": "3", "price": "50", "start": "2025-03-10"},
            ("50.00", "0.61", "0.43", "0.00", "0.18", "49.39"),
        ),
        # Specialist secteur 3: 1.22 × 70 % = 0.854 → 0.85 < PF: no PF; 100 % BR 1.22 − 0.85 = 0.37.
        (
            {"practitioner": "specialist", "sector": "3", "price": "50"},
            ("50.00", "1.22", "0.85", "0.00", "0.37", "48.78"),
        ),
        # Specialist secteur 2 non OPTAM: base 25.00, 70 % = 17.50 − 2 = 15.50; 100 % BR: 7.50;
        # remaining 60 − 15.50 − 7.50 = 37.00.
        (
            {"practitioner": "specialist", "sector": "2", "price": "60"},
            ("60.00", "25.00", "15.50", "2.00", "7.50", "37.00"),
        ),
    ],
)
def test_specialist_and_secteur_3_worked_examples(tariffs, values, expected):
    values.setdefault("start", "2026-03-02")
    session = one(tariffs, **values)
    got = (session.price, session.base, session.secu, session.participation)
    assert (*got, session.mutuelle, session.remaining) == tuple(D(x) for x in expected)


@pytest.mark.parametrize(
    ("day", "referred", "not_referred"),
    [
        ("2017-05-01", "28.00", "25.00"),
        ("2017-06-30", "28.00", "25.00"),
        ("2017-07-01", "30.00", "25.00"),
        ("2025-12-31", "30.00", "25.00"),
        ("2026-01-01", "31.50", "26.50"),
        ("2031-01-01", "31.50", "26.50"),
    ],
)
def test_specialist_base_by_date(tariffs, day, referred, not_referred):
    for sector in ("1", "2-optam"):
        spec = one(tariffs, None, start=day, practitioner="specialist", sector=sector, price="90")
        assert spec.base == D(referred)
        direct = one(
            tariffs,
            None,
            start=day,
            practitioner="specialist",
            sector=sector,
            price="90",
            out_of_pathway="yes",
        )
        assert direct.base == D(not_referred)
    # A GP on the same day keeps G.
    assert (
        one(tariffs, None, start=day, price="90").base
        == tariffs.bases["1"].at(date.fromisoformat(day)).value
    )


def test_a_specialist_of_medium_confidence_gets_one_note(tariffs):
    result = estimate(
        scenario(start="2017-05-08", sessions=3, practitioner="specialist"), None, tariffs
    )
    codes = [note.code for note in result.notes]
    assert codes.count("uncertain_value") == 1 and "specialist" in codes


def test_pf_already_paid_counts_towards_the_yearly_cap(tariffs):
    # 49 € already paid in 2026: the first session pays the 1 € left, the others none.
    result = estimate(scenario(start="2026-03-02", sessions=3, pf_paid="49"), None, tariffs)
    assert [s.participation for s in result.sessions] == [D("1.00"), D("0.00"), D("0.00")]
    assert [s.secu for s in result.sessions] == [D("20.00"), D("21.00"), D("21.00")]
    note = result.sessions[0].notes[0]
    assert note.code == "pf_cap_paid" and dict(note.params)["paid"] == D("49.00")
    # Paid in 2026 does not count in 2027: a protocol across 31 December pays the PF again.
    across = estimate(scenario(start="2026-12-21", sessions=3, pf_paid="50"), None, tariffs)
    assert [s.participation for s in across.sessions] == [D("0.00"), D("0.00"), D("2.00")]


@pytest.mark.parametrize("bad", ["-1", "50.01", "51", "1.234", "abc"])
def test_pf_paid_is_validated(bad):
    from meso_cli.errors import InputError

    with pytest.raises(InputError, match="--pf-paid"):
        scenario(pf_paid=bad)


def test_sessions_are_spaced_by_every(tariffs):
    result = estimate(scenario(start="2026-01-05", sessions=3, every=10), None, tariffs)
    assert [s.day for s in result.sessions] == [
        date(2026, 1, 5),
        date(2026, 1, 15),
        date(2026, 1, 25),
    ]


def test_default_prices_by_purpose():
    assert scenario().price == D("45.00")
    assert scenario(purpose="aesthetic").price == D("150.00")


def test_secu_only_without_plan(tariffs):
    # 45 € on G 30: Sécu 21 − 2 = 19, nothing from a mutuelle, 26 left.
    session = one(tariffs, None, start="2025-03-10")
    assert figures(session) == (D("45.00"), D("19.00"), D("2.00"), D("0.00"), D("26.00"))


def test_henner_forfait_pays_what_is_left_within_60(tariffs, henner):
    # 45 − 21 (Sécu share) − 9 (100 % BR) = 15 ≤ 60: only the PF is left.
    session = one(tariffs, henner, start="2026-02-02")
    assert figures(session) == (D("45.00"), D("19.00"), D("2.00"), D("24.00"), D("2.00"))
    assert session.guarantee == D("9.00") and session.forfait == D("15.00")


def test_per_session_ceiling(tariffs, henner):
    # 120 − 21 − 9 = 90 due, Henner pays 60: 120 − 19 − 69 = 32.
    session = one(tariffs, henner, start="2026-02-02", price="120")
    assert session.forfait == D("60.00") and session.remaining == D("32.00")


# Rule 1 and 2: rates, PF, bases.
@pytest.mark.parametrize(
    ("options", "secu", "pf", "mutuelle", "remaining"),
    [
        ({}, "19.00", "2.00", "9.00", "2.00"),
        ({"regime": "alsace-moselle"}, "25.00", "2.00", "3.00", "2.00"),  # 27 − 2; 30 − 27
        ({"out_of_pathway": True}, "7.00", "2.00", "9.00", "14.00"),  # 9 − 2; 30 − 21 (normal rate)
        ({"care": "ald"}, "28.00", "2.00", "0.00", "2.00"),  # 30 − 2; 30 − 30
        ({"care": "maternity"}, "30.00", "0.00", "0.00", "0.00"),  # 100 %, no PF
        ({"exempt": True}, "21.00", "0.00", "9.00", "0.00"),
        ({"care": "ald", "out_of_pathway": True}, "28.00", "2.00", "0.00", "2.00"),
    ],
)
def test_rates_and_participation(tariffs, options, secu, pf, mutuelle, remaining):
    session = one(tariffs, start="2025-03-10", price="30", **options)
    assert figures(session)[1:] == (D(secu), D(pf), D(mutuelle), D(remaining))


def test_out_of_pathway_penalty_is_not_covered_by_the_forfait(tariffs, henner):
    # Sécu 30 % × 30 = 9 − 2 = 7; guarantee 9; forfait on 45 − 21 − 9 = 15: the 12 € penalty stays.
    session = one(tariffs, henner, start="2025-03-10", out_of_pathway=True)
    assert (session.secu, session.guarantee, session.forfait, session.remaining) == (
        D("7.00"),
        D("9.00"),
        D("15.00"),
        D("14.00"),
    )


def test_sector_2_non_optam_base_and_coverage(tariffs):
    # BR 23: 16.10 − 2 = 14.10; 130 % × 23 = 29.90 − 16.10 = 13.80; 45 − 14.10 − 13.80 = 17.10.
    plan = make_plan(consultation={"optam": 150, "non_optam": 130})
    session = one(tariffs, plan, start="2025-03-10", sector="2")
    assert figures(session) == (D("45.00"), D("14.10"), D("2.00"), D("13.80"), D("17.10"))


def test_sector_3_no_pf_when_the_share_is_below_it(tariffs):
    # docs/rules.md worked example: GP secteur 3, 2025-03-10, 45 €: base 0.61 (tarif d'autorité);
    # 70 % × 0.61 = 0.427 → 0.43, below the 2 € PF: no PF is deducted, Sécu 0.43.
    # 100 % BR: min(0.61, 45) − 0.43 = 0.18; remaining 45 − 0.43 − 0.18 = 44.39.
    session = one(tariffs, start="2025-03-10", sector="3")
    assert (session.base, session.share, session.participation, session.secu) == (
        D("0.61"),
        D("0.43"),
        D("0.00"),
        D("0.43"),
    )
    assert session.mutuelle == D("0.18") and session.remaining == D("44.39")
    assert {note.code for note in session.notes} == {"pf_below_share"}
    result = estimate(scenario(start="2025-03-10", sector="3"), None, tariffs)
    assert "sector_3" in [note.code for note in result.notes]
    # The PF not deducted is not counted towards the yearly cap either.
    long = estimate(scenario(start="2025-01-06", sector="3", sessions=40), None, tariffs)
    assert all(s.participation == 0 and s.secu == D("0.43") for s in long.sessions)


def test_act_billing_has_no_base_and_only_the_forfait_pays(tariffs, henner):
    # ANLB003 is priced 0 €: Sécu 0; Henner pays min(45, 60) = 45.
    session = one(tariffs, henner, start="2025-03-10", billing="act")
    assert (session.base, session.secu, session.mutuelle, session.remaining) == (
        D("0.00"),
        D("0.00"),
        D("45.00"),
        D("0.00"),
    )


def test_aesthetic_has_no_secu_and_no_pf(tariffs):
    session = one(tariffs, None, start="2025-03-10", purpose="aesthetic")
    assert figures(session) == (D("150.00"), D("0.00"), D("0.00"), D("0.00"), D("150.00"))


def test_forfait_excludes_aesthetic_unless_the_plan_says_so(tariffs, henner):
    assert one(tariffs, henner, start="2025-03-10", purpose="aesthetic").mutuelle == D("0.00")
    plan = make_plan(forfait={"per_session": "50", "aesthetic": True})
    assert one(tariffs, plan, start="2025-03-10", purpose="aesthetic").mutuelle == D("50.00")


def test_only_unreimbursed_forfait(tariffs):
    plan = make_plan(forfait={"per_session": "50", "only_unreimbursed": True})
    assert one(tariffs, plan, start="2025-03-10").forfait == D("0.00")
    assert one(tariffs, plan, start="2025-03-10", billing="act").forfait == D("45.00")


def test_price_below_base_is_reimbursed_on_the_price(tariffs):
    # 70 % × 20 = 14 − 2 = 12; 100 % BR on 20: 20 − 14 = 6; 2 left.
    session = one(tariffs, start="2025-03-10", price="20")
    assert figures(session) == (D("20.00"), D("12.00"), D("2.00"), D("6.00"), D("2.00"))


# Rule 3: consultation guarantee bases.
def test_total_basis_150_percent(tariffs):
    # min(150 % × 30, 45) − 21 = 24: 45 − 19 − 24 = 2.
    session = one(tariffs, make_plan(consultation={"optam": 150}), start="2025-03-10")
    assert session.guarantee == D("24.00") and session.remaining == D("2.00")


def test_on_top_basis(tariffs):
    # on top of the Sécu share: min(50 % × 30, 45 − 21) = 15: 45 − 19 − 15 = 11.
    plan = make_plan(consultation={"optam": 50, "basis": "on_top"}, responsible=False)
    session = one(tariffs, plan, start="2025-03-10")
    assert session.guarantee == D("15.00") and session.remaining == D("11.00")


def test_guarantee_never_pays_above_the_price(tariffs):
    # on top, 300 % × 30 = 90 but only 45 − 21 = 24 is left above the Sécu share.
    plan = make_plan(consultation={"optam": 300, "basis": "on_top"}, responsible=False)
    session = one(tariffs, plan, start="2025-03-10")
    assert session.secu + session.mutuelle <= session.price
    assert session.mutuelle == D("24.00") and session.remaining == D("2.00")


# Tariff changes inside one protocol.
def test_participation_doubles_on_2024_05_15(tariffs, henner):
    # G 26.50: 18.55; PF 1 then 2; mutuelle 7.95 + 18.50 = 26.45 both times.
    result = estimate(scenario(start="2024-05-01", every=14, sessions=2), henner, tariffs)
    first, second = result.sessions
    assert (first.secu, first.participation, first.mutuelle, first.remaining) == (
        D("17.55"),
        D("1.00"),
        D("26.45"),
        D("1.00"),
    )
    assert (second.secu, second.participation, second.mutuelle, second.remaining) == (
        D("16.55"),
        D("2.00"),
        D("26.45"),
        D("2.00"),
    )
    assert [note.code for note in second.notes] == ["pf_changed"]


def test_base_rises_on_2024_12_22(tariffs):
    # 26.50 → 18.55 − 2 = 16.55 (28.45 left); 30 → 21 − 2 = 19 (26 left).
    result = estimate(scenario(start="2024-12-15", sessions=2), None, tariffs)
    first, second = result.sessions
    assert (first.base, first.secu, first.remaining) == (D("26.50"), D("16.55"), D("28.45"))
    assert (second.base, second.secu, second.remaining) == (D("30.00"), D("19.00"), D("26.00"))
    assert second.notes[0].code == "base_changed"


def test_participation_yearly_cap_of_50(tariffs):
    # 30 weekly sessions in 2025 at 30 €: 25 × 2 € reach the 50 € cap; sessions 26-30 pay no PF.
    result = estimate(scenario(start="2025-01-06", sessions=30, price="30"), None, tariffs)
    pf = [s.participation for s in result.sessions]
    assert pf[:25] == [D("2.00")] * 25 and pf[25:] == [D("0.00")] * 5
    assert result.totals.participation == D("50.00")
    assert result.sessions[25].secu == D("21.00")
    assert result.sessions[25].notes[0].code == "pf_cap"


def test_participation_cap_resets_on_1_january(tariffs):
    result = estimate(scenario(start="2025-06-02", sessions=32, price="30"), None, tariffs)
    by_year: dict[int, object] = {}
    for session in result.sessions:
        by_year[session.day.year] = by_year.get(session.day.year, D("0")) + session.participation
    # June 2 to December 29 is 31 sessions: 25 reach the cap; January 5 2026 pays 2 € again.
    assert by_year == {2025: D("50.00"), 2026: D("2.00")}


# Forfait limits, plan years, counters.
def test_protocol_crossing_31_december_resets_the_forfait(tariffs, neoliane):
    # 4 sessions a year: Dec 1, 8, 15, 22 paid (15 € each), Dec 29 not, Jan 5 2026 paid again.
    result = estimate(scenario(start="2025-12-01", sessions=6), neoliane, tariffs)
    assert [s.forfait for s in result.sessions] == [D("15.00")] * 4 + [D("0.00"), D("15.00")]
    assert [s.remaining for s in result.sessions] == [D("2.00")] * 4 + [D("17.00"), D("2.00")]
    assert result.totals.price == D("270.00") and result.totals.secu == D("114.00")
    assert result.totals.mutuelle == D("129.00") and result.totals.remaining == D("27.00")
    assert result.sessions[4].notes[0].code == "forfait_sessions_used_up"


def test_contract_year_starts_on_contract_start(tariffs):
    plan = make_plan(
        year="contract",
        contract_start="04-01",
        forfait={"per_session": "60", "sessions_per_year": 2},
    )
    result = estimate(scenario(start="2026-03-16", sessions=4), plan, tariffs)
    # 16/3 and 23/3 use the 2025-04-01 year; 30/3 finds it used up; 6/4 opens a new plan year.
    assert [s.forfait for s in result.sessions] == [D("15.00"), D("15.00"), D("0.00"), D("15.00")]
    assert result.sessions[2].notes[0].params == (
        ("plan", "Test plan"),
        ("count", 2),
        ("year", "2025-04-01/2026-04-01"),
    )
    calendar = make_plan(forfait={"per_session": "60", "sessions_per_year": 2})
    same = estimate(scenario(start="2026-03-16", sessions=4), calendar, tariffs)
    assert [s.forfait for s in same.sessions] == [D("15.00"), D("15.00"), D("0.00"), D("0.00")]


def test_yearly_envelope(tariffs, cegema):
    # 90 €: 90 − 21 − 9 = 60 due each time; 175 € a year: 60, 60, 55, then nothing.
    result = estimate(scenario(start="2026-02-02", sessions=4, price="90"), cegema, tariffs)
    assert [s.forfait for s in result.sessions] == [D("60.00"), D("60.00"), D("55.00"), D("0.00")]
    assert [s.remaining for s in result.sessions] == [D("2.00"), D("2.00"), D("7.00"), D("62.00")]
    assert [n.code for n in result.sessions[2].notes] == ["forfait_envelope_partial"]
    assert [n.code for n in result.sessions[3].notes] == ["forfait_envelope_used_up"]


def test_used_counters_apply_to_the_first_plan_year(tariffs, henner, cegema):
    result = estimate(scenario(start="2026-12-14", sessions=4, used_sessions=4), henner, tariffs)
    # one Henner session left in 2026 (Dec 14), Dec 21 and 28 not paid, Jan 4 2027 paid.
    assert [s.forfait for s in result.sessions] == [D("15.00"), D("0.00"), D("0.00"), D("15.00")]
    result = estimate(
        scenario(start="2026-02-02", sessions=1, price="90", used_amount="150"), cegema, tariffs
    )
    assert result.sessions[0].forfait == D("25.00")  # 175 − 150


def test_a_session_counts_only_when_the_forfait_paid(tariffs, henner):
    # Price 30 leaves nothing for the forfait (30 − 21 − 9 = 0): 6 sessions do not use the 5.
    result = estimate(scenario(start="2026-02-02", sessions=6, price="30"), henner, tariffs)
    assert all(s.forfait == D("0.00") for s in result.sessions)
    assert all(not s.notes for s in result.sessions)


def test_totals_are_sums(tariffs, henner):
    result = estimate(scenario(start="2026-09-01", sessions=7), henner, tariffs)
    assert result.totals.remaining == sum(s.remaining for s in result.sessions)
    assert result.totals.mutuelle == D("138.00")  # 5 × 24 + 2 × 9


def test_compare_ranks_by_remaining_then_id(tariffs, henner, neoliane, cegema):
    ranked = compare(
        scenario(start="2026-02-02", sessions=5, price="90"), [neoliane, cegema, henner], tariffs
    )
    # henner: 5 × 2 = 10; cegema: 2 + 2 + 7 + 62 + 62 = 135; neoliane (30/session, 4): 4 × 32 + 62 = 190
    assert [(r.plan.id, r.totals.remaining) for r in ranked] == [
        ("henner", D("10.00")),
        ("cegema", D("135.00")),
        ("neoliane", D("190.00")),
    ]


def test_only_dates_before_the_first_known_value_are_refused(tariffs):
    from meso_cli.errors import InputError

    with pytest.raises(InputError, match="no tariff known before 2017-05-01"):
        estimate(scenario(start="2017-04-30"), None, tariffs)
    estimate(scenario(start="2017-05-01"), None, tariffs)


def test_after_the_review_date_the_latest_values_hold_and_a_note_says_so(tariffs):
    # 2029-06-04, 3 sessions: G 30.00, 70 % = 21.00, PF 2.00 -> Sécu 19.00 each.
    result = estimate(scenario(start="2029-06-04", sessions=3), None, tariffs)
    assert [(s.base, s.secu, s.participation) for s in result.sessions] == [
        (D("30.00"), D("19.00"), D("2.00"))
    ] * 3
    codes = [note.code for note in result.notes]
    assert codes.count("after_review") == 1
    before = estimate(scenario(start="2026-06-01", sessions=3), None, tariffs)
    assert "after_review" not in [note.code for note in before.notes]
