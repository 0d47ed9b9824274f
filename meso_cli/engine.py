"""estimate(scenario, plan, tariffs): the rules of docs/rules.md, session by session. Pure: no I/O.

One function per rule, each returning its amount with the decisions it took (a record); one
generator, `_sessions`, runs them in order for every session. estimate() keeps each session with
its records (for tables, notes and --explain); totals() only sums the amounts.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from meso_cli.decisions import scenario_notes, session_notes
from meso_cli.money import ZERO, percent_of
from meso_cli.plan import Forfait, Plan
from meso_cli.records import (
    BaseRecord,
    Estimate,
    ForfaitRecord,
    GuaranteeRecord,
    Note,
    ParticipationRecord,
    Percent,
    SessionResult,
    ShareRecord,
    Totals,
)
from meso_cli.scenario import Scenario
from meso_cli.tariffs import Parameter, Tariffs

__all__ = ["Estimate", "Note", "Percent", "SessionResult", "Totals", "compare", "estimate"]


class Rules(NamedTuple):
    """What a scenario and a plan decide once, before the first session."""

    secu: str  # does the Sécu pay, decided once: reimbursed | aesthetic | act
    pf_due: bool
    base: Parameter | None  # None: the act alone is billed
    normal_rate: Parameter
    applied_rate: Parameter
    guarantee_percent: Decimal | None
    forfait: Forfait | None  # None: no forfait, or one that does not pay for this session kind

    @classmethod
    def of(cls, scenario: Scenario, plan: Plan | None, tariffs: Tariffs) -> Rules:
        if scenario.purpose != "therapeutic":
            secu = "aesthetic"
        elif scenario.billing != "consultation":
            secu = "act"  # the act alone (CCAM ANLB003) is priced 0 €: no base
        else:
            secu = "reimbursed"
        reimbursed = secu == "reimbursed"
        normal, applied = _rate_parameters(scenario, tariffs)
        forfait = plan.forfait if plan is not None else None
        if forfait is not None and scenario.purpose != "therapeutic" and not forfait.aesthetic:
            forfait = None  # most forfaits exclude aesthetic care
        if forfait is not None and forfait.only_unreimbursed and reimbursed:
            forfait = None
        return cls(
            secu=secu,
            pf_due=reimbursed and not scenario.exempt and scenario.care != "maternity",
            base=(
                tariffs.base(scenario.practitioner, scenario.sector, not scenario.out_of_pathway)
                if scenario.billing == "consultation"
                else None
            ),
            normal_rate=normal,
            applied_rate=applied,
            guarantee_percent=(
                plan.consultation.percent_for(scenario.sector) if plan is not None else None
            ),
            forfait=forfait,
        )


def _rate_parameters(scenario: Scenario, tariffs: Tariffs) -> tuple[Parameter, Parameter]:
    """(normal, applied) rates. ALD and maternity are 100 % whatever the pathway."""
    if scenario.care in ("ald", "maternity"):
        normal = tariffs.rates[scenario.care]
        return normal, normal
    normal = tariffs.rates["alsace-moselle" if scenario.regime == "alsace-moselle" else "general"]
    if scenario.out_of_pathway:
        return normal, tariffs.rates["out_of_pathway"]
    return normal, normal


# The rules, one function each, in the order they apply to a session.


def base_rule(rules: Rules, price: Decimal, day: date) -> BaseRecord:
    """1. The base: the dated tariff, or the price when lower; none for the act alone."""
    if rules.base is None:
        return BaseRecord(ZERO, None, "", False, rules.secu)
    tariff = rules.base.at(day)
    if price < tariff.value:
        return BaseRecord(price, tariff, rules.base.label, True, rules.secu)
    return BaseRecord(tariff.value, tariff, rules.base.label, False, rules.secu)


def share_rule(rules: Rules, base: BaseRecord, day: date) -> ShareRecord | None:
    """2. The Sécu share before the PF: round(rate × base), at the applied and the normal rate."""
    if base.secu != "reimbursed":
        return None
    rate = rules.applied_rate.at(day).value
    normal_rate = rules.normal_rate.at(day).value
    share = percent_of(rate, base.amount)
    normal = share if normal_rate == rate else percent_of(normal_rate, base.amount)
    return ShareRecord(share, rate, normal, normal_rate)


def participation_rule(
    rules: Rules, share: ShareRecord | None, day: date, paid_this_year: Decimal, tariffs: Tariffs
) -> ParticipationRecord:
    """2b. The PF: none when the share is below it, at most the yearly cap per calendar year."""
    if share is None or not rules.pf_due:
        return ParticipationRecord(ZERO, None, "not_due")
    tariff = tariffs.participation.at(day)
    if share.amount < tariff.value:
        return ParticipationRecord(ZERO, tariff, "below_share")
    cap = tariffs.participation_cap.at(day).value
    if paid_this_year + tariff.value > cap:
        amount = max(ZERO, cap - paid_this_year)
        return ParticipationRecord(amount, tariff, "capped", cap, day.year)
    return ParticipationRecord(tariff.value, tariff, "due")


def guarantee_rule(
    plan: Plan, rules: Rules, price: Decimal, base: Decimal, share: ShareRecord, secu: Decimal
) -> GuaranteeRecord:
    """3. "N % BR", only where the Sécu pays. The normal-rate share is deducted, so that a
    contrat responsable never covers the out-of-pathway penalty, nor the PF."""
    percent = rules.guarantee_percent
    ceiling = percent_of(percent, base)
    basis = plan.consultation.basis
    if basis == "on_top":
        amount = min(ceiling, price - share.normal_amount)
    else:
        amount = min(ceiling, price) - share.normal_amount
    return GuaranteeRecord(max(ZERO, min(amount, price - secu)), percent, basis, ceiling)


class ForfaitYear:
    """What the forfait has paid in one plan year (mutable, one per plan year)."""

    __slots__ = ("amount", "sessions")

    def __init__(self, sessions: int = 0, amount: Decimal = ZERO):
        self.sessions = sessions
        self.amount = amount


def forfait_rule(
    forfait: Forfait, due: Decimal, used: ForfaitYear, plan_year: str
) -> ForfaitRecord:
    """4. The forfait médecines douces on what is left (PF excluded), within its three limits.

    A session counts only when the forfait paid something; `used` is updated.
    """
    sessions_left = envelope_left = None
    if forfait.sessions_per_year is not None:
        sessions_left = max(0, forfait.sessions_per_year - used.sessions)
    if forfait.per_year is not None:
        envelope_left = max(ZERO, forfait.per_year - used.amount)
    record = ForfaitRecord(
        ZERO, due, forfait.per_session, envelope_left, sessions_left, plan_year, "nothing_due"
    )
    if due <= 0:
        return record
    if sessions_left == 0:
        return record._replace(decision="sessions_used_up", limit=forfait.sessions_per_year)
    if envelope_left == 0:
        return record._replace(decision="envelope_used_up", limit=forfait.per_year)
    amount = due
    if forfait.per_session is not None and forfait.per_session < amount:
        amount = forfait.per_session
    decision = "paid"
    if envelope_left is not None and envelope_left < amount:
        amount, decision = envelope_left, "envelope_partial"
    used.sessions += 1
    used.amount += amount
    return record._replace(amount=amount, decision=decision)


class _Ledger:
    """What earlier sessions used up: the PF per calendar year, the forfait per plan year."""

    def __init__(self, scenario: Scenario, plan: Plan | None):
        self.plan = plan
        self.pf_paid: dict[int, Decimal] = {scenario.start.year: scenario.pf_paid}
        self.forfait_years: dict[date, ForfaitYear] = {}
        if plan is not None:
            start = plan.year_start(scenario.start)
            self.forfait_years[start] = ForfaitYear(scenario.used_sessions, scenario.used_amount)

    def forfait_year(self, day: date) -> ForfaitYear:
        start = self.plan.year_start(day)
        found = self.forfait_years.get(start)
        if found is None:
            found = self.forfait_years[start] = ForfaitYear()
        return found


def _sessions(scenario: Scenario, plan: Plan | None, tariffs: Tariffs) -> Iterator[SessionResult]:
    """Rules 1 to 5 for each session, in date order."""
    days = scenario.days()
    tariffs.check_day(days[0])
    rules = Rules.of(scenario, plan, tariffs)
    ledger = _Ledger(scenario, plan)
    price = scenario.price
    for number, day in enumerate(days, start=1):
        base = base_rule(rules, price, day)
        share = share_rule(rules, base, day)
        paid = ledger.pf_paid.get(day.year, ZERO)
        participation = participation_rule(rules, share, day, paid, tariffs)
        if participation.tariff is not None:
            ledger.pf_paid[day.year] = paid + participation.amount
        secu = share.amount - participation.amount if share is not None else ZERO
        guarantee = forfait = None
        if plan is not None and share is not None:
            guarantee = guarantee_rule(plan, rules, price, base.amount, share, secu)
        if rules.forfait is not None:
            normal_share = share.normal_amount if share is not None else ZERO
            paid_back = guarantee.amount if guarantee is not None else ZERO
            due = max(ZERO, price - normal_share - paid_back)
            year = plan.year_label(day)
            forfait = forfait_rule(rules.forfait, due, ledger.forfait_year(day), year)
        # 5. Sécu + mutuelle never above the price; what is left is the reste à charge.
        mutuelle = min(
            (guarantee.amount if guarantee else ZERO) + (forfait.amount if forfait else ZERO),
            price - secu,
        )
        yield SessionResult(
            number=number,
            day=day,
            price=price,
            base=base.amount,
            secu=secu,
            participation=participation.amount,
            mutuelle=mutuelle,
            remaining=price - secu - mutuelle,
            notes=[],
            base_record=base,
            share_record=share,
            participation_record=participation,
            guarantee_record=guarantee,
            forfait_record=forfait,
        )


def estimate(scenario: Scenario, plan: Plan | None, tariffs: Tariffs) -> Estimate:
    """Every session with the records of its rules, the totals, and the assumptions made."""
    sessions = []
    previous = None
    for session in _sessions(scenario, plan, tariffs):
        session.notes.extend(session_notes(session, previous, scenario, plan))
        sessions.append(session)
        previous = session
    notes = scenario_notes(scenario, plan, sessions, tariffs)
    return Estimate(scenario, plan, sessions, _sum(sessions), notes)


def totals(scenario: Scenario, plan: Plan | None, tariffs: Tariffs) -> Totals:
    """The totals of estimate(), without keeping the sessions (batch)."""
    return _sum(_sessions(scenario, plan, tariffs))


def _sum(sessions) -> Totals:
    price = secu = participation = mutuelle = ZERO
    for session in sessions:
        price += session.price
        secu += session.secu
        participation += session.participation
        mutuelle += session.mutuelle
    return Totals(price, secu, participation, mutuelle, price - secu - mutuelle)


class TotalsMemo:
    """totals() remembered for scenarios that must give the same figures (batch speed).

    Within one *segment* (no tariff change, same calendar year, same plan year) nothing the rules
    read depends on the exact day. So the totals are a function of the segment of each session
    and of every other scenario field; a protocol inside one segment does not even depend on the
    interval between sessions. The key is the scenario itself with its days replaced by their
    segments, so a new scenario field is in the key without anyone adding it. A property test
    checks memo == totals() on random scenarios.
    """

    MAX_ENTRIES = 16_384  # about 8 MiB at most: memory stays flat whatever the input

    def __init__(self, tariffs: Tariffs):
        self.tariffs = tariffs
        self._changes = tariffs.change_dates()
        self._memo: dict[tuple, Totals] = {}

    def _segment(self, day: date, plan: Plan | None) -> tuple:
        epoch = bisect.bisect_right(self._changes, day)
        return (epoch, day.year, plan.year_start(day) if plan is not None else None)

    def totals(self, scenario: Scenario, plan: Plan | None) -> Totals:
        first = self._segment(scenario.start, plan)
        last_day = scenario.start + timedelta(days=scenario.every * (scenario.sessions - 1))
        if first == self._segment(last_day, plan):
            where: tuple = (first,)
        else:
            where = tuple(self._segment(day, plan) for day in scenario.days())
        key = (where, scenario._replace(start=None, every=None), plan)
        found = self._memo.get(key)
        if found is None:
            found = totals(scenario, plan, self.tariffs)  # also checks the first day
            if len(self._memo) >= self.MAX_ENTRIES:
                self._memo.clear()
            self._memo[key] = found
        return found


def compare(scenario: Scenario, plans: list[Plan], tariffs: Tariffs) -> list[Estimate]:
    """One estimate per plan, best first: ascending remaining charge, ties by id."""
    results = [estimate(scenario, plan, tariffs) for plan in plans]
    return sorted(results, key=lambda result: (result.totals.remaining, result.plan.id))
