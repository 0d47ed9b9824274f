"""What real contracts say (docs/rules.md#real-contracts): each new plan key with hand figures.

Common figures: a therapeutic session at a GP in secteur 1 in 2025-2026 has base G 30.00,
Sécu share 70 % = 21.00, PF 2.00, so Sécu 19.00; at 100 % BR the guarantee is 30 − 21 = 9.00.
"""

from __future__ import annotations

from datetime import date

import pytest

from meso_cli.engine import estimate
from meso_cli.errors import InputError
from meso_cli.scenario import make_scenario
from tests.conftest import TODAY, D, make_plan


def run(plan, **values):
    values.setdefault("sessions", 1)
    return estimate(make_scenario(values, TODAY), plan, _tariffs())


def _tariffs():
    from meso_cli.tariffs import load_tariffs

    return load_tariffs()


def remaining(result):
    return [session.remaining for session in result.sessions]


def forfaits(result):
    return [session.forfait for session in result.sessions]


def codes(result):
    return [note.code for note in result.notes]


def test_a_practices_list_without_mesotherapy_pays_no_forfait():
    # Forfait 60 € a session, but only for osteopathy and acupuncture: mutuelle = guarantee 9.00,
    # remaining 45 − 19 − 9 = 17.00.
    plan = make_plan(forfait={"practices": ["osteopathy", "acupuncture"], "per_session": 60})
    result = run(plan, start="2026-03-02")
    assert forfaits(result) == [D("0.00")] and remaining(result) == [D("17.00")]
    assert "forfait_not_covered" in codes(result)


@pytest.mark.parametrize(
    "written", ["mesotherapy", "Mésothérapie", "MESOTHERAPIE", " mesotherapy "]
)
def test_mesotherapy_is_recognised_in_any_case_or_accents(written):
    # Listed: the forfait pays what is left, 45 − 21 − 9 = 15.00; remaining 2.00.
    plan = make_plan(forfait={"practices": ["osteopathy", written], "per_session": 60})
    result = run(plan, start="2026-03-02")
    assert forfaits(result) == [D("15.00")] and remaining(result) == [D("2.00")]
    assert "forfait_not_covered" not in codes(result)


def test_per_session_in_pmss_on_both_sides_of_1_january():
    # 1 % PMSS: 2025 PMSS 3 925 → 39.25; 2026 PMSS 4 005 → 40.05. Aesthetic 150 €: no Sécu, so
    # the forfait pays its ceiling; remaining 150 − 39.25 = 110.75, then 150 − 40.05 = 109.95.
    plan = make_plan(forfait={"per_session": "1 % PMSS", "aesthetic": True})
    result = run(plan, start="2025-12-29", sessions=2, purpose="aesthetic")
    assert forfaits(result) == [D("39.25"), D("40.05")]
    assert remaining(result) == [D("110.75"), D("109.95")]
    step = result.sessions[1].forfait_record
    assert step.pmss.value == D("4005.00") and step.pmss.since.isoformat() == "2026-01-01"


def test_yearly_envelope_in_pmss_resets_with_the_new_pmss():
    # 2 % PMSS a year: 2025 → 78.50, all paid on 22 December; nothing left on the 29th; in 2026 a
    # new envelope of 2 % × 4 005 = 80.10.
    plan = make_plan(forfait={"per_year": "2 % PMSS", "aesthetic": True})
    result = run(plan, start="2025-12-22", sessions=3, purpose="aesthetic")
    assert forfaits(result) == [D("78.50"), D("0.00"), D("80.10")]


def test_percent_of_price_applies_before_the_ceiling_per_session():
    # 100 € session: Sécu 19, guarantee 9; left 100 − 21 − 9 = 70; 50 % of the price = 50;
    # ceiling 40 a session → 40. Mutuelle 49, remaining 100 − 19 − 49 = 32.
    plan = make_plan(forfait={"percent_of_price": 50, "per_session": 40})
    result = run(plan, start="2026-03-02", price="100")
    assert forfaits(result) == [D("40.00")] and remaining(result) == [D("32.00")]
    # Without a ceiling, the share of the price is the limit: 50.00, remaining 100 − 19 − 59 = 22.
    plan = make_plan(forfait={"percent_of_price": 50, "sessions_per_year": 5})
    result = run(plan, start="2026-03-02", price="100")
    assert forfaits(result) == [D("50.00")] and remaining(result) == [D("22.00")]
    # 33 % of 45.55 = 15.0315 → 15.03 (rounded half-up to the cent); what is left is 45.55 − 21 −
    # 9 = 15.55, so 15.03 is paid.
    plan = make_plan(forfait={"percent_of_price": 33, "sessions_per_year": 5})
    assert forfaits(run(plan, start="2026-03-02", price="45.55")) == [D("15.03")]


def test_a_waiting_period_ending_mid_protocol():
    # Member since 2026-01-15, 3 months of waiting: the forfait pays from 2026-04-15. Sessions on
    # 04-01 and 04-08 get the guarantee only (remaining 17.00), 04-15 the forfait too (2.00).
    plan = make_plan(forfait={"per_session": 60, "waiting_months": 3})
    result = run(plan, start="2026-04-01", sessions=3, member_since="2026-01-15")
    assert forfaits(result) == [D("0.00"), D("0.00"), D("15.00")]
    assert remaining(result) == [D("17.00"), D("17.00"), D("2.00")]
    assert [n.code for n in result.sessions[0].notes] == ["forfait_waiting"]
    # Without a membership date the waiting period is taken as over, and a note says so.
    result = run(plan, start="2026-04-01", sessions=3)
    assert forfaits(result) == [D("15.00")] * 3 and "membership_assumed" in codes(result)


def test_a_waiting_period_from_31_january_ends_on_the_last_day_of_a_short_month():
    plan = make_plan(forfait={"per_session": 60, "waiting_months": 1})
    result = run(plan, start="2026-02-27", sessions=3, every=1, member_since="2026-01-31")
    assert forfaits(result) == [D("0.00"), D("15.00"), D("15.00")]  # 28 February is the end


def test_a_membership_year_boundary_mid_protocol():
    # year: membership, member since 2025-04-10, 2 sessions a plan year: 03-20 and 03-27 paid,
    # 04-03 not (2 used in 2025-04-10/2026-04-10), 04-10 paid again (a new membership year).
    plan = make_plan(year="membership", forfait={"per_session": 60, "sessions_per_year": 2})
    result = run(plan, start="2026-03-20", sessions=4, member_since="2025-04-10")
    assert forfaits(result) == [D("15.00"), D("15.00"), D("0.00"), D("15.00")]
    assert result.sessions[2].forfait_record.plan_year == "2025-04-10/2026-04-10"
    assert result.sessions[3].forfait_record.plan_year == "2026-04-10/2027-04-10"
    # The same plan by calendar year would not pay the 4th session.
    calendar = make_plan(forfait={"per_session": 60, "sessions_per_year": 2})
    result = run(calendar, start="2026-03-20", sessions=4)
    assert forfaits(result) == [D("15.00"), D("15.00"), D("0.00"), D("0.00")]


def test_a_seniority_step_mid_protocol():
    # Member since 2025-04-10: 5 € a session in the first year, 12 € from the second (2026-04-10).
    # 04-03: forfait min(15, 5) = 5, remaining 45 − 19 − 14 = 12; 04-10: min(15, 12) = 12,
    # remaining 45 − 19 − 21 = 5.
    plan = make_plan(
        forfait={"per_session": 5},
        seniority=[{"from_year": 2, "forfait": {"per_session": 12}}],
    )
    result = run(plan, start="2026-04-03", sessions=2, member_since="2025-04-10")
    assert forfaits(result) == [D("5.00"), D("12.00")]
    assert remaining(result) == [D("12.00"), D("5.00")]


def test_seniority_steps_are_laid_over_each_other_and_keep_other_keys():
    # Year 2: consultation 150 % (guarantee min(45, 45) − 21 = 24), forfait ceiling kept at 30;
    # year 3: ceiling 8 with the 150 % kept. Price 60: year 2 forfait min(60 − 21 − 24 = 15, 30)
    # = 15 → remaining 60 − 19 − 39 = 2; year 3: min(15, 8) = 8 → remaining 60 − 19 − 32 = 9.
    plan = make_plan(
        forfait={"per_session": 30},
        seniority=[
            {"from_year": 2, "consultation": {"optam": 150}},
            {"from_year": 3, "forfait": {"per_session": 8}},
        ],
    )
    year_2 = run(plan, start="2026-05-04", price="60", member_since="2025-01-01")
    year_3 = run(plan, start="2027-05-03", price="60", member_since="2025-01-01")
    assert (year_2.sessions[0].guarantee, forfaits(year_2), remaining(year_2)) == (
        D("24.00"),
        [D("15.00")],
        [D("2.00")],
    )
    assert (year_3.sessions[0].guarantee, forfaits(year_3), remaining(year_3)) == (
        D("24.00"),
        [D("8.00")],
        [D("9.00")],
    )


LEVELS = {
    "forfait": {"per_session": 10, "sessions_per_year": 1},
    "levels": {
        "1": {"forfait": {"per_session": 20, "sessions_per_year": 2}},
        "2": {
            "forfait": {"per_session": 40, "sessions_per_year": 4},
            "consultation": {"optam": 150},
        },
    },
}


def test_levels_are_laid_over_the_base_key_by_key():
    plan = make_plan(id="prod", **LEVELS)
    # Level 1, 60 €: guarantee 9, forfait min(60 − 21 − 9 = 30, 20) = 20 → remaining 12.
    one = run(plan.level("1"), start="2026-03-02", price="60")
    assert (forfaits(one), remaining(one)) == ([D("20.00")], [D("12.00")])
    # Level 2: guarantee min(150 % × 30 = 45, 60) − 21 = 24, forfait 60 − 21 − 24 = 15 → 2.00.
    two = run(plan.level("2"), start="2026-03-02", price="60")
    assert (two.sessions[0].guarantee, forfaits(two), remaining(two)) == (
        D("24.00"),
        [D("15.00")],
        [D("2.00")],
    )
    assert plan.level("2").id == "prod:2" and plan.level("2").forfait.sessions_per_year == 4


def test_a_plan_with_levels_needs_one_chosen():
    plan = make_plan(id="prod", **LEVELS)
    with pytest.raises(InputError, match="prod:1, prod:2"):
        run(plan, start="2026-03-02")


# The plan format: each problem at its line and column.
def problems(text: str) -> list[str]:
    from meso_cli.errors import PlanFileError
    from meso_cli.planfile import validate_text

    try:
        validate_text(text, "p.yaml")
    except PlanFileError as error:
        return [str(problem) for problem in error.problems]
    return []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "name: P\nforfait:\n  per_session: 5 % PMS\n",
            "p.yaml:3:16: 'forfait.per_session' must be an amount in euros or \"N % PMSS\" (0 < N ≤ 100), got '5 % PMS'",
        ),
        (
            "name: P\nforfait:\n  per_year: 150 % PMSS\n",
            "p.yaml:3:13: 'forfait.per_year' must be an amount in euros or \"N % PMSS\" (0 < N ≤ 100), got '150 % PMSS'",
        ),
        (
            'name: P\nyear: membership\ncontract_start: "04-01"\n',
            "p.yaml:3:17: 'contract_start' is only used with 'year: contract'",
        ),
        (
            'name: P\nlevels:\n  "1": 20\n',
            "p.yaml:3:8: 'levels.1' must be a mapping of keys",
        ),
        (
            "name: P\nseniority:\n  - from_year: 0\n    forfait: {per_year: 180}\n",
            "p.yaml:3:16: 'seniority[0].from_year' must be from 1 to 366, got 0",
        ),
        (
            "name: P\nseniority:\n  - from_year: 3\n    forfait: {per_year: 180}\n  - from_year: 2\n    forfait: {per_year: 90}\n",
            "p.yaml:5:16: 'seniority[1].from_year' must come after the previous step's (3)",
        ),
        (
            'name: P\nlevels:\n  "2":\n    forfiat: {per_session: 40}\n',
            "p.yaml:4:5: unknown key 'levels.2.forfiat' (did you mean 'levels.2.forfait'?); known keys: consultation, forfait",
        ),
        (
            "name: P\nforfait:\n  practices: osteopathy\n  per_session: 20\n",
            "p.yaml:3:14: 'forfait.practices' must be a list, e.g. [osteopathy, mesotherapy]",
        ),
        (
            "name: P\nforfait:\n  percent_of_price: 120\n",
            "p.yaml:3:21: 'forfait.percent_of_price' must be above 0 and at most 100 (% of the price), got 120",
        ),
        (
            "name: P\nforfait:\n  per_session: 20\n  waiting_months: 0\n",
            "p.yaml:4:19: 'forfait.waiting_months' must be a whole number of months from 1 to 120, got '0'",
        ),
    ],
)
def test_plan_file_problems_at_their_line_and_column(text, expected):
    assert expected in problems(text)


def test_every_new_key_loads_and_pmss_strings_are_written_one_way():
    from meso_cli.planfile import validate_text

    text = (
        "name: Full\nyear: membership\n"
        "forfait:\n  practices: [ostéopathie, Mésothérapie]\n  per_session: 1,5 % pmss\n"
        "  per_year: 5 % PMSS\n  sessions_per_year: 5\n  percent_of_price: 50\n  waiting_months: 3\n"
        "seniority:\n  - from_year: 2\n    forfait: {per_year: 180}\n    consultation: {optam: 150}\n"
        'levels:\n  "1": {forfait: {per_session: 20, sessions_per_year: 2}}\n'
    )
    plain, warnings = validate_text(text, "full.yaml")
    assert warnings == []
    assert plain["forfait"]["per_session"] == "1.5 % PMSS"
    assert plain["forfait"]["per_year"] == "5 % PMSS"
    assert plain["seniority"] == [
        {"from_year": 2, "forfait": {"per_year": "180"}, "consultation": {"optam": "150"}}
    ]


@pytest.mark.parametrize("empty", ["consultation:\n", "consultation: ~\n"])
def test_an_empty_consultation_section_means_no_section(tmp_path, empty):
    from tests.conftest import run as cli

    plan = tmp_path / "empty.yaml"
    plan.write_text("name: Empty\n" + empty, encoding="utf-8")
    assert cli(["plans", "validate", plan]).exit_code == 0
    out = cli(["estimate", "--plan", plan, "-n", "1", "--start", "2026-03-02", "-f", "csv"])
    assert out.exit_code == 0 and out.stdout.splitlines()[1].endswith(",9.00,17.00,")
    rows = tmp_path / "rows.csv"
    rows.write_text(f"id,plan,start\na,{plan},2026-03-02\n", encoding="utf-8")
    assert cli(["batch", rows]).exit_code == 0


# Found in review: each a test that failed before its fix.
def test_plans_show_and_list_say_pmss_levels_membership_and_practices(tmp_path):
    from tests.conftest import run as cli

    (tmp_path / "pmss.yaml").write_text(
        'name: P\nforfait: {per_session: "1.5 % PMSS", waiting_months: 3}\n', encoding="utf-8"
    )
    shown = cli(["plans", "show", tmp_path / "pmss.yaml"])
    assert shown.exit_code == 0 and "at most 1.5 % PMSS a session" in shown.stdout
    assert "waiting period of 3 months" in shown.stdout
    listed = cli(["plans", "list", "-f", "csv"], environ={"MESO_PLANS_PATH": str(tmp_path)})
    assert listed.exit_code == 0 and "1.5 % PMSS/session" in listed.stdout
    cocoon = cli(["plans", "show", "cocoon"]).stdout
    assert "Level 1 (cocoon:1)" in cocoon and "at most €80.00 a session" in cocoon
    april = cli(["plans", "show", "april"]).stdout
    assert "membership year" in april and "mesotherapy is not among them" in april
    assert "forfait: mesotherapy not covered" in cli(["plans", "list"]).stdout


def test_compare_ranks_a_level_once_when_named_twice():
    from tests.conftest import run as cli

    out = cli(["compare", "cocoon", "cocoon:1", "--start", "2026-02-02", "-f", "csv"])
    ids = [line.split(",")[1] for line in out.stdout.splitlines()[1:]]
    assert ids == ["cocoon:1", "cocoon:2"]


def test_the_end_of_the_calendar_is_an_input_error_or_a_result_never_a_crash(tmp_path):
    from tests.conftest import run as cli

    ranged = cli(
        [
            "compare",
            "henner",
            "--sessions-range",
            "1-100",
            "--start",
            "9990-01-01",
            "--every",
            "366",
        ]
    )
    assert ranged.exit_code == 2 and ranged.stderr == "meso: the sessions run past 9999-12-31\n"
    plan = tmp_path / "c.yaml"
    plan.write_text(
        'name: C\nyear: contract\ncontract_start: "06-01"\nforfait: {per_session: 20, waiting_months: 1}\n',
        encoding="utf-8",
    )
    late = cli(
        [
            "estimate",
            "--plan",
            plan,
            "--start",
            "9999-06-01",
            "--member-since",
            "9999-11-30",
            "-f",
            "csv",
        ]
    )
    assert late.exit_code == 0, late.stderr


def test_sessions_before_the_membership_date_get_nothing_from_the_plan():
    # Member from 2026-03-09: the 03-02 session gets Sécu only (45 − 19 = 26), the others 100 % BR
    # and the forfait 15 (remaining 2).
    plan = make_plan(forfait={"per_session": 60})
    result = run(plan, start="2026-03-02", sessions=2, member_since="2026-03-09")
    assert [s.mutuelle for s in result.sessions] == [D("0.00"), D("24.00")]
    assert remaining(result) == [D("26.00"), D("2.00")]
    assert "not_member_yet" in codes(result)


def test_a_29_february_membership_labels_its_years_from_the_29th():
    # Member since 2024-02-29: the plan year of 2027-03-01 runs from 2027-02-28 (no 29th that
    # year) to 2028-02-29 (a leap year), where the next one starts.
    plan = make_plan(year="membership", forfait={"per_session": 60})
    result = run(plan, start="2027-03-01", member_since="2024-02-29")
    assert result.sessions[0].forfait_record.plan_year == "2027-02-28/2028-02-29"
    assert plan.year_start(date(2028, 2, 29), date(2024, 2, 29)) == date(2028, 2, 29)


def test_a_pmss_change_between_sessions_is_noted():
    plan = make_plan(forfait={"per_session": "1 % PMSS", "aesthetic": True})
    result = run(plan, start="2025-12-29", sessions=2, purpose="aesthetic")
    assert [n.code for n in result.sessions[1].notes] == ["pmss_changed"]


def test_level_names_that_differ_only_in_case_are_one_name():
    assert "p.yaml:4:3: duplicate key 'levels.A'" in problems(
        "name: P\nlevels:\n  a: {forfait: {per_session: 1}}\n  A: {forfait: {per_session: 2}}\n"
    )
