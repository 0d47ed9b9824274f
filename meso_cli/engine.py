"""estimate(scenario, plan, tariffs): the rules of docs/rules.md, session by session. Pure: no I/O.

Each rule is decided here and only here; a SessionResult keeps the intermediate figures so that
--explain can show the chain that produced each amount.
"""

from __future__ import annotations

import bisect
import itertools
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from meso_cli.money import ZERO, percent_of
from meso_cli.plan import Plan
from meso_cli.scenario import Scenario
from meso_cli.tariffs import Dated, Parameter, Tariffs


class Percent(Decimal):
    """A rate shown as a percentage in notes (a Decimal in every other respect)."""


class Note(NamedTuple):
    """An assumption or rule that changed a figure; rendered (and translated) by notes.py."""

    code: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, code: str, **params) -> Note:
        return cls(code, tuple(params.items()))


class SessionResult(NamedTuple):
    number: int
    day: date
    price: Decimal
    base: Decimal
    secu: Decimal
    participation: Decimal
    mutuelle: Decimal
    remaining: Decimal
    notes: list[Note]
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


class Totals(NamedTuple):
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


class Estimate(NamedTuple):
    scenario: Scenario
    plan: Plan | None
    sessions: list[SessionResult]
    totals: Totals
    notes: list[Note]  # scenario-wide assumptions


class _ForfaitYear:
    """What the forfait has paid in one plan year (mutable, one per plan year)."""

    __slots__ = ("amount", "sessions")

    def __init__(self, sessions: int = 0, amount: Decimal = ZERO):
        self.sessions = sessions
        self.amount = amount


def estimate(scenario: Scenario, plan: Plan | None, tariffs: Tariffs) -> Estimate:
    """Every session with how its figures came about, the totals, and the assumptions made."""
    sessions = _run(scenario, plan, tariffs, detail=True)
    for previous, current in itertools.pairwise(sessions):
        _note_tariff_changes(previous, current)
    pays = scenario.purpose == "therapeutic" and scenario.billing == "consultation"
    rate = _rate_parameters(scenario, tariffs)[1].at(scenario.start).value
    notes = _scenario_notes(scenario, plan, [s.day for s in sessions], pays, rate)
    return Estimate(scenario, plan, sessions, Totals.of(sessions), notes)


def totals(scenario: Scenario, plan: Plan | None, tariffs: Tariffs) -> Totals:
    """The totals of estimate() without the per-session detail (for batch): the same loop."""
    return _run(scenario, plan, tariffs, detail=False)


class TotalsMemo:
    """totals() remembered for scenarios that must give the same figures (batch speed).

    Within one *segment* (no tariff change, same calendar year, same plan year) nothing the rules
    read depends on the exact day. So the totals are a function of the segment of each session
    and of the other scenario fields; a protocol inside one segment does not even depend on the
    interval between sessions. A property test checks memo == totals() on random scenarios.
    """

    MAX_ENTRIES = 16_384  # about 8 MiB at most: memory stays flat whatever the input

    def __init__(self, tariffs: Tariffs):
        self.tariffs = tariffs
        self._tariff_changes = tariffs.change_dates()
        self._boundaries: dict[object, list[date]] = {}
        self._memo: dict[tuple, Totals] = {}

    def _segments_of(self, plan: Plan | None) -> list[date]:
        key = None if plan is None else (plan.year, plan.contract_start)
        found = self._boundaries.get(key)
        if found is None:
            first, last = self.tariffs.covers_from.year, self.tariffs.covers_until.year
            days = set(self._tariff_changes)
            for year in range(first - 1, last + 2):
                days.add(date(year, 1, 1))  # the PF cap is per calendar year
                if plan is not None and plan.year == "contract" and plan.contract_start:
                    days.add(date(year, *plan.contract_start))
            found = self._boundaries[key] = sorted(days)
        return found

    def totals(self, scenario: Scenario, plan: Plan | None) -> Totals:
        boundaries = self._segments_of(plan)
        # The first and last days suffice when they share a segment (the usual case).
        first = bisect.bisect_right(boundaries, scenario.start)
        last_day = scenario.start + timedelta(days=scenario.every * (scenario.sessions - 1))
        last = bisect.bisect_right(boundaries, last_day)
        if first == last:
            where: tuple = (first,)
        else:
            where = tuple(bisect.bisect_right(boundaries, day) for day in scenario.days())
        key = (
            where,
            scenario.sessions,
            scenario.price,
            scenario.purpose,
            scenario.sector,
            scenario.regime,
            scenario.care,
            scenario.out_of_pathway,
            scenario.exempt,
            scenario.billing,
            scenario.used_sessions,
            scenario.used_amount,
            plan,
        )
        found = self._memo.get(key)
        if found is None:
            found = totals(scenario, plan, self.tariffs)  # also checks the tariff coverage
            if len(self._memo) >= self.MAX_ENTRIES:
                self._memo.clear()
            self._memo[key] = found
        return found


def _rate_parameters(scenario: Scenario, tariffs: Tariffs) -> tuple[Parameter, Parameter]:
    """(normal, applied) rate parameters. ALD and maternity are 100 % whatever the pathway."""
    if scenario.care in ("ald", "maternity"):
        normal = tariffs.rates[scenario.care]
        return normal, normal
    normal = tariffs.rates["alsace-moselle" if scenario.regime == "alsace-moselle" else "general"]
    if scenario.out_of_pathway:
        return normal, tariffs.rates["out_of_pathway"]
    return normal, normal


class _SecuPart(NamedTuple):
    """Rules 1 and 2 before the yearly PF cap: the same for every day of one tariff epoch."""

    base: Decimal
    reimbursed: bool  # a therapeutic session billed on a base above 0
    rate: Decimal
    normal_rate: Decimal
    share: Decimal
    normal_share: Decimal
    participation: Decimal  # due before the yearly cap: min(PF, share), 0 when exempt
    participation_above_share: bool
    price_below_base: bool


@lru_cache(maxsize=4096)
def _secu_part(
    price: Decimal,
    pays: bool,
    base_value: Decimal,
    rate: Decimal,
    normal_rate: Decimal,
    pf_value: Decimal | None,
) -> _SecuPart:
    # 1. The Sécu reimburses on the fee actually billed when it is lower than the base.
    base = min(base_value, price)
    if not (pays and base > 0):
        return _SecuPart(base, False, ZERO, ZERO, ZERO, ZERO, ZERO, False, False)
    # 2. round(rate × base) − PF; the PF never exceeds the Sécu share.
    share = percent_of(rate, base)
    participation = ZERO if pf_value is None else min(pf_value, share)
    return _SecuPart(
        base=base,
        reimbursed=True,
        rate=rate,
        normal_rate=normal_rate,
        share=share,
        normal_share=percent_of(normal_rate, base),
        participation=participation,
        participation_above_share=pf_value is not None and share < pf_value,
        price_below_base=base_value > price,
    )


def _run(scenario: Scenario, plan: Plan | None, tariffs: Tariffs, detail: bool):
    """Rules 1 to 5, session by session in date order: a SessionResult list, or only Totals."""
    days = scenario.days()
    tariffs.check_day(days[0])
    tariffs.check_day(days[-1])
    price = scenario.price
    pays = scenario.purpose == "therapeutic" and scenario.billing == "consultation"
    pf_due = pays and not scenario.exempt and scenario.care != "maternity"
    # The act alone (CCAM ANLB003) is priced 0 €: no base.
    base_parameter = tariffs.bases[scenario.sector] if scenario.billing == "consultation" else None
    normal_parameter, applied_parameter = _rate_parameters(scenario, tariffs)
    consultation = plan.consultation if plan is not None else None
    percent = consultation.percent_for(scenario.sector) if consultation is not None else None
    rules = plan.forfait if plan is not None else None
    if rules is not None and scenario.purpose != "therapeutic" and not rules.aesthetic:
        rules = None  # most forfaits exclude aesthetic care
    pf_paid: dict[int, Decimal] = {}
    forfait_years: dict[date, _ForfaitYear] = {}
    if plan is not None:
        forfait_years[plan.year_start(days[0])] = _ForfaitYear(
            scenario.used_sessions, scenario.used_amount
        )
    sessions: list[SessionResult] = []
    total_secu = total_participation = total_mutuelle = ZERO

    for number, day in enumerate(days, start=1):
        notes: list[Note] = []
        base_tariff = base_parameter.at(day) if base_parameter is not None else None
        participation_tariff = tariffs.participation.at(day) if pf_due else None
        secu_part = _secu_part(
            price,
            pays,
            base_tariff.value if base_tariff is not None else ZERO,
            applied_parameter.at(day).value,
            normal_parameter.at(day).value,
            participation_tariff.value if participation_tariff is not None else None,
        )
        if secu_part.price_below_base:
            notes.append(Note.of("price_below_base", base=base_tariff.value))

        # The PF is capped per calendar year across the sessions.
        participation = secu_part.participation
        if not secu_part.reimbursed:
            participation_tariff = None
        if participation_tariff is not None:
            paid = pf_paid.get(day.year, ZERO)
            cap = tariffs.participation_cap.at(day).value
            if paid + participation > cap:
                participation = cap - paid
                notes.append(Note.of("pf_cap", cap=cap, year=str(day.year)))
            elif secu_part.participation_above_share:
                notes.append(
                    Note.of("pf_above_share", pf=participation_tariff.value, share=secu_part.share)
                )
            pf_paid[day.year] = paid + participation
        secu = secu_part.share - participation

        # 3. Consultation guarantee, only where the Sécu pays. The normal-rate share is deducted
        # so that a contrat responsable never covers the out-of-pathway penalty, nor the PF.
        guarantee = forfait = forfait_due = ZERO
        ceiling = sessions_left = envelope_left = year_start = None
        if percent is not None and secu_part.reimbursed:
            ceiling = percent_of(percent, secu_part.base)
            if consultation.basis == "on_top":
                guarantee = min(ceiling, price - secu_part.normal_share)
            else:
                guarantee = min(ceiling, price) - secu_part.normal_share
            guarantee = max(ZERO, min(guarantee, price - secu))

        # 4. Forfait médecines douces on what is left (PF excluded), within its three limits;
        # a session counts only when the forfait paid something.
        if rules is not None and not (rules.only_unreimbursed and secu_part.reimbursed):
            year_start = plan.year_start(day)
            used = forfait_years.get(year_start)
            if used is None:
                used = forfait_years[year_start] = _ForfaitYear()
            forfait_due = max(ZERO, price - secu_part.normal_share - guarantee)
            if rules.sessions_per_year is not None:
                sessions_left = max(0, rules.sessions_per_year - used.sessions)
            if rules.per_year is not None:
                envelope_left = max(ZERO, rules.per_year - used.amount)
            if forfait_due > 0:
                if sessions_left == 0:
                    notes.append(_used_up(plan, day, count=rules.sessions_per_year))
                elif envelope_left == 0:
                    notes.append(_used_up(plan, day, amount=rules.per_year))
                else:
                    forfait = forfait_due
                    if rules.per_session is not None and rules.per_session < forfait:
                        forfait = rules.per_session
                    if envelope_left is not None and envelope_left < forfait:
                        forfait = envelope_left
                        notes.append(
                            Note.of(
                                "forfait_envelope_partial",
                                plan=plan.label,
                                amount=envelope_left,
                                year=plan.year_label(day),
                            )
                        )
                    used.sessions += 1
                    used.amount += forfait

        # 5. Sécu + mutuelle never above the price; what is left is the reste à charge.
        mutuelle = min(guarantee + forfait, price - secu)
        total_secu += secu
        total_participation += participation
        total_mutuelle += mutuelle
        if detail:
            sessions.append(
                SessionResult(
                    number=number,
                    day=day,
                    price=price,
                    base=secu_part.base,
                    secu=secu,
                    participation=participation,
                    mutuelle=mutuelle,
                    remaining=price - secu - mutuelle,
                    notes=notes,
                    base_tariff=base_tariff,
                    base_label=base_parameter.label if base_parameter is not None else "",
                    rate=secu_part.rate,
                    normal_rate=secu_part.normal_rate,
                    share=secu_part.share,
                    normal_share=secu_part.normal_share,
                    participation_tariff=participation_tariff,
                    guarantee=guarantee,
                    guarantee_percent=percent if ceiling is not None else None,
                    guarantee_ceiling=ceiling,
                    forfait=forfait,
                    forfait_due=forfait_due,
                    forfait_sessions_left=sessions_left,
                    forfait_envelope_left=envelope_left,
                    plan_year=plan.year_label(day) if year_start is not None else None,
                )
            )
    if detail:
        return sessions
    total_price = price * len(days)
    return Totals(
        price=total_price,
        secu=total_secu,
        participation=total_participation,
        mutuelle=total_mutuelle,
        remaining=total_price - total_secu - total_mutuelle,
    )


def _used_up(plan: Plan, day: date, **limit) -> Note:
    code = "forfait_sessions_used_up" if "count" in limit else "forfait_envelope_used_up"
    return Note.of(code, plan=plan.label, **limit, year=plan.year_label(day))


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
