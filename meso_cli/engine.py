"""estimate(scenario, plan, tariffs): the rules of domain.md, session by session. Pure: no I/O.

Each rule is decided here and only here; a SessionResult keeps the intermediate figures so that
--explain can show the chain that produced each amount.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from meso_cli.money import ZERO, percent_of
from meso_cli.plan import Plan
from meso_cli.scenario import Scenario
from meso_cli.tariffs import Dated, Tariffs


class Percent(Decimal):
    """A rate shown as a percentage in notes (a Decimal in every other respect)."""


@dataclass(frozen=True)
class Note:
    """An assumption or rule that changed a figure; rendered (and translated) by notes.py."""

    code: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, code: str, **params) -> Note:
        return cls(code, tuple(params.items()))


@dataclass
class SessionResult:
    number: int
    day: date
    price: Decimal
    base: Decimal
    secu: Decimal
    participation: Decimal
    mutuelle: Decimal
    remaining: Decimal
    notes: list[Note] = field(default_factory=list)
    # How the figures came about, for --explain.
    base_tariff: Dated | None = None
    base_label: str = ""
    rate: Decimal = ZERO
    normal_rate: Decimal = ZERO
    share: Decimal = ZERO  # Sécu share before the PF
    normal_share: Decimal = ZERO  # the same at the normal rate (no out-of-pathway penalty)
    participation_tariff: Dated | None = None
    guarantee: Decimal = ZERO
    guarantee_percent: Decimal | None = None
    guarantee_ceiling: Decimal | None = None
    forfait: Decimal = ZERO
    forfait_due: Decimal = ZERO
    forfait_sessions_left: int | None = None
    forfait_envelope_left: Decimal | None = None
    plan_year: str | None = None


@dataclass(frozen=True)
class Totals:
    price: Decimal
    secu: Decimal
    participation: Decimal
    mutuelle: Decimal
    remaining: Decimal

    @classmethod
    def of(cls, sessions: list[SessionResult]) -> Totals:
        return cls(
            price=sum((s.price for s in sessions), ZERO),
            secu=sum((s.secu for s in sessions), ZERO),
            participation=sum((s.participation for s in sessions), ZERO),
            mutuelle=sum((s.mutuelle for s in sessions), ZERO),
            remaining=sum((s.remaining for s in sessions), ZERO),
        )


@dataclass
class Estimate:
    scenario: Scenario
    plan: Plan | None
    sessions: list[SessionResult]
    totals: Totals
    notes: list[Note]  # scenario-wide assumptions


@dataclass
class _ForfaitYear:
    sessions: int = 0
    amount: Decimal = ZERO


def estimate(scenario: Scenario, plan: Plan | None, tariffs: Tariffs) -> Estimate:
    days = scenario.days()
    tariffs.check_day(days[0])
    tariffs.check_day(days[-1])
    rate = _rates(scenario, tariffs, days[0])[1]
    pays = scenario.purpose == "therapeutic" and scenario.billing == "consultation"
    notes = _scenario_notes(scenario, plan, days, pays, rate)
    pf_paid: dict[int, Decimal] = {}
    forfait_years: dict[date, _ForfaitYear] = {}
    if plan is not None:
        forfait_years[plan.year_start(days[0])] = _ForfaitYear(
            scenario.used_sessions, scenario.used_amount
        )
    sessions: list[SessionResult] = []
    for number, day in enumerate(days, start=1):
        result = _session(scenario, plan, tariffs, number, day, pays, pf_paid, forfait_years)
        if sessions:
            _note_tariff_changes(sessions[-1], result)
        sessions.append(result)
    return Estimate(scenario, plan, sessions, Totals.of(sessions), notes)


def _rates(scenario: Scenario, tariffs: Tariffs, day: date) -> tuple[Decimal, Decimal]:
    """(normal rate, applied rate) in percent. ALD and maternity are 100 % whatever the pathway."""
    if scenario.care in ("ald", "maternity"):
        normal = tariffs.rates[scenario.care].at(day).value
        return normal, normal
    regime = "alsace-moselle" if scenario.regime == "alsace-moselle" else "general"
    normal = tariffs.rates[regime].at(day).value
    if scenario.out_of_pathway:
        return normal, tariffs.rates["out_of_pathway"].at(day).value
    return normal, normal


def _session(
    scenario: Scenario,
    plan: Plan | None,
    tariffs: Tariffs,
    number: int,
    day: date,
    pays: bool,
    pf_paid: dict[int, Decimal],
    forfait_years: dict[date, _ForfaitYear],
) -> SessionResult:
    price = scenario.price
    notes: list[Note] = []
    normal_rate, rate = _rates(scenario, tariffs, day)

    # 1. Base: the dated BR of the sector; 0 for the act alone (CCAM ANLB003 is priced 0 €).
    base_tariff = None
    base = ZERO
    label = ""
    if scenario.billing == "consultation":
        parameter = tariffs.bases[scenario.sector]
        base_tariff = parameter.at(day)
        label = parameter.label
        base = base_tariff.value
        if price < base:  # the Sécu reimburses on the fee actually billed when it is lower
            notes.append(Note.of("price_below_base", base=base))
            base = price

    # 2. Sécu: round(rate × base) − PF, for therapeutic sessions with a base above 0.
    share = normal_share = participation = ZERO
    participation_tariff = None
    if pays and base > 0:
        share = percent_of(rate, base)
        normal_share = percent_of(normal_rate, base)
        if not scenario.exempt and scenario.care != "maternity":
            participation_tariff = tariffs.participation.at(day)
            cap = tariffs.participation_cap.at(day).value
            left = cap - pf_paid.get(day.year, ZERO)
            participation = min(participation_tariff.value, share, left)
            if left < participation_tariff.value:
                notes.append(Note.of("pf_cap", cap=cap, year=str(day.year)))
            elif share < participation_tariff.value:
                notes.append(Note.of("pf_above_share", pf=participation_tariff.value, share=share))
            pf_paid[day.year] = pf_paid.get(day.year, ZERO) + participation
    else:
        rate = normal_rate = ZERO
    secu = share - participation

    result = SessionResult(
        number=number,
        day=day,
        price=price,
        base=base,
        secu=secu,
        participation=participation,
        mutuelle=ZERO,
        remaining=price - secu,
        notes=notes,
        base_tariff=base_tariff,
        base_label=label,
        rate=rate,
        normal_rate=normal_rate,
        share=share,
        normal_share=normal_share,
        participation_tariff=participation_tariff,
    )
    if plan is not None:
        _mutuelle(result, scenario, plan, forfait_years)
    return result


def _mutuelle(
    result: SessionResult, scenario: Scenario, plan: Plan, forfait_years: dict[date, _ForfaitYear]
) -> None:
    price, secu = result.price, result.secu
    sector_pays = result.share > 0 or result.normal_share > 0

    # 3. Consultation guarantee, only where the Sécu pays. The normal-rate share is deducted so that
    # a contrat responsable never covers the out-of-pathway penalty; the PF is never covered.
    guarantee = ZERO
    if sector_pays:
        percent = plan.consultation.percent_for(scenario.sector)
        ceiling = percent_of(percent, result.base)
        if plan.consultation.basis == "on_top":
            guarantee = min(ceiling, price - result.normal_share)
        else:
            guarantee = min(ceiling, price) - result.normal_share
        guarantee = max(ZERO, min(guarantee, price - secu))
        result.guarantee_percent, result.guarantee_ceiling = percent, ceiling
    result.guarantee = guarantee

    # 4. Forfait médecines douces on what is left (PF excluded), within its three limits.
    forfait = ZERO
    rules = plan.forfait
    eligible = rules is not None and (scenario.purpose == "therapeutic" or rules.aesthetic)
    if eligible and rules.only_unreimbursed and sector_pays:
        eligible = False
    if eligible:
        year_start = plan.year_start(result.day)
        used = forfait_years.setdefault(year_start, _ForfaitYear())
        year = plan.year_label(result.day)
        due = max(ZERO, price - result.normal_share - guarantee)
        sessions_left = (
            None
            if rules.sessions_per_year is None
            else max(0, rules.sessions_per_year - used.sessions)
        )
        envelope_left = None if rules.per_year is None else max(ZERO, rules.per_year - used.amount)
        result.forfait_due, result.plan_year = due, year
        result.forfait_sessions_left, result.forfait_envelope_left = sessions_left, envelope_left
        if due > 0:
            if sessions_left == 0:
                result.notes.append(
                    Note.of(
                        "forfait_sessions_used_up",
                        plan=plan.label,
                        count=rules.sessions_per_year,
                        year=year,
                    )
                )
            elif envelope_left == 0:
                result.notes.append(
                    Note.of(
                        "forfait_envelope_used_up",
                        plan=plan.label,
                        amount=rules.per_year,
                        year=year,
                    )
                )
            else:
                forfait = due
                if rules.per_session is not None:
                    forfait = min(forfait, rules.per_session)
                if envelope_left is not None and envelope_left < forfait:
                    forfait = envelope_left
                    result.notes.append(
                        Note.of(
                            "forfait_envelope_partial",
                            plan=plan.label,
                            amount=envelope_left,
                            year=year,
                        )
                    )
                used.sessions += 1
                used.amount += forfait
    result.forfait = forfait

    # 5. Sécu + mutuelle never above the price.
    result.mutuelle = min(guarantee + forfait, price - secu)
    result.remaining = price - secu - result.mutuelle


def _note_tariff_changes(previous: SessionResult, current: SessionResult) -> None:
    if previous.base_tariff and current.base_tariff and previous.base_tariff != current.base_tariff:
        current.notes.append(
            Note.of(
                "base_changed",
                old=previous.base_tariff.value,
                new=current.base_tariff.value,
                since=current.base_tariff.since,
            )
        )
    old, new = previous.participation_tariff, current.participation_tariff
    if old and new and old != new:
        current.notes.append(Note.of("pf_changed", old=old.value, new=new.value, since=new.since))


def _scenario_notes(
    scenario: Scenario, plan: Plan | None, days: list[date], pays: bool, rate: Decimal
) -> list[Note]:
    notes: list[Note] = []
    if scenario.purpose == "aesthetic":
        notes.append(Note.of("aesthetic_no_secu"))
    if scenario.billing == "act":
        notes.append(Note.of("act_billing"))
    if scenario.out_of_pathway:
        if scenario.care != "standard":
            notes.append(Note.of("care_ignores_pathway", care=scenario.care))
        elif pays:
            notes.append(Note.of("out_of_pathway", rate=Percent(rate)))
            if scenario.regime == "alsace-moselle":
                notes.append(Note.of("alsace_out_of_pathway", rate=Percent(rate)))
    if pays:
        if scenario.care == "maternity":
            notes.append(Note.of("maternity_no_pf"))
        elif scenario.exempt:
            notes.append(Note.of("exempt"))
        elif scenario.care == "ald":
            notes.append(Note.of("ald"))
        if scenario.sector == "3":
            notes.append(Note.of("sector_3"))
        if scenario.sector == "2" and days[-1] >= date(2024, 12, 22):
            notes.append(Note.of("sector_2_confidence"))
    if plan is not None and plan.forfait is not None:
        if scenario.purpose == "aesthetic" and not plan.forfait.aesthetic:
            notes.append(Note.of("forfait_no_aesthetic", plan=plan.label))
        if plan.forfait.only_unreimbursed and pays:
            notes.append(Note.of("forfait_only_unreimbursed", plan=plan.label))
    if plan is not None and (scenario.used_sessions or scenario.used_amount):
        notes.append(
            Note.of(
                "forfait_already_used",
                sessions=scenario.used_sessions,
                amount=scenario.used_amount,
                year=plan.year_label(days[0]),
            )
        )
    return notes


def compare(scenario: Scenario, plans: list[Plan], tariffs: Tariffs) -> list[Estimate]:
    """One estimate per plan, best first: ascending remaining charge, ties by id."""
    results = [estimate(scenario, plan, tariffs) for plan in plans]
    return sorted(results, key=lambda result: (result.totals.remaining, result.plan.id))
