"""estimate(scenario, plan, tariffs): the rules of docs/rules.md, session by session. Pure: no I/O.

One function per rule, each returning its amount with the decisions it took (a record); one
generator, `_sessions`, runs them in order for every session. estimate() keeps each session with
its records (for tables, notes and --explain); totals() only sums the amounts.
"""

from collections import deque
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from meso_cli.decisions import scenario_notes, session_notes
from meso_cli.errors import InputError
from meso_cli.money import ZERO, percent_of
from meso_cli.plan import (
    Consultation,
    Forfait,
    Plan,
    PmssShare,
    Terms,
    add_months,
    levels_message,
    membership_year,
)
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
from meso_cli.tariffs import Dated, Parameter, Tariffs
from meso_cli.tuples import NamedTuple

__all__ = [
    "Estimate",
    "Note",
    "Percent",
    "Ranked",
    "SessionResult",
    "Totals",
    "compare",
    "estimate",
]


class Rules(NamedTuple):
    """What a scenario and a plan decide once, before the first session."""

    secu: str  # does the Sécu pay, decided once: reimbursed | aesthetic | act
    pf_due: bool
    base: Parameter | None  # None: the act alone is billed
    normal_rate: Parameter
    applied_rate: Parameter

    @classmethod
    def of(cls, scenario: Scenario, plan: Plan | None, tariffs: Tariffs) -> "Rules":
        if scenario.purpose != "therapeutic":
            secu = "aesthetic"
        elif scenario.billing != "consultation":
            secu = "act"  # the act alone (CCAM ANLB003) is priced 0 €: no base
        else:
            secu = "reimbursed"
        reimbursed = secu == "reimbursed"
        normal, applied = _rate_parameters(scenario, tariffs)
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
        )


class Membership(NamedTuple):
    """Where a session stands in the patient's membership of the plan."""

    since: date | None  # None: unknown; the first membership year, the waiting period over
    anchor: date  # where membership plan years start: the membership date, else the first session
    waiting_until: date | None  # the forfait pays from this day on

    @classmethod
    def of(cls, since: date | None, start: date, plan: Plan) -> "Membership":
        """For a protocol starting on `start`, a member of `plan` since `since`."""
        forfait = plan.forfait
        waiting = None
        if since is not None and forfait is not None and forfait.waiting_months:
            waiting = add_months(since, forfait.waiting_months)
        return cls(since, since or start, waiting)

    def year(self, day: date) -> int:
        return membership_year(self.since, day) if self.since is not None else 1


def forfait_for(terms: Terms, scenario: Scenario, rules: Rules) -> Forfait | None:
    """The forfait, if it pays for this kind of session at all (decided once per terms)."""
    forfait = terms.forfait
    if forfait is None or not forfait.covers_mesotherapy:
        return None  # no forfait, or a list of practices without mesotherapy
    if scenario.purpose != "therapeutic" and not forfait.aesthetic:
        return None  # most forfaits exclude aesthetic care
    if forfait.only_unreimbursed and rules.secu == "reimbursed":
        return None
    return forfait


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
    consultation: Consultation,
    sector: str,
    price: Decimal,
    base: Decimal,
    share: ShareRecord,
    secu: Decimal,
) -> GuaranteeRecord:
    """3. "N % BR", only where the Sécu pays. The normal-rate share is deducted, so that a
    contrat responsable never covers the out-of-pathway penalty, nor the PF."""
    percent = consultation.percent_for(sector)
    ceiling = percent_of(percent, base)
    basis = consultation.basis
    if basis == "on_top":
        amount = min(ceiling, price - share.normal_amount)
    else:
        amount = min(ceiling, price) - share.normal_amount
    return GuaranteeRecord(max(ZERO, min(amount, price - secu)), percent, basis, ceiling)


class ForfaitYear:
    """What the forfait has paid in one plan year (mutable, one per plan year), and its label."""

    __slots__ = ("amount", "label", "sessions")

    def __init__(self, sessions: int = 0, amount: Decimal = ZERO, label: str = ""):
        self.sessions = sessions
        self.amount = amount
        self.label = label


def forfait_rule(
    forfait: Forfait, due: Decimal, used: ForfaitYear, price: Decimal, pmss: Dated
) -> ForfaitRecord:
    """4. The forfait médecines douces on what is left (PF excluded), within its limits: a share
    of the price first, then the ceiling per session, the sessions and the envelope of the plan
    year. Amounts in % PMSS use the PMSS of the session day. A session counts only when the
    forfait paid something; `used` is updated."""
    per_session, per_year = _euros(forfait.per_session, pmss), _euros(forfait.per_year, pmss)
    if forfait.percent_of_price is not None:
        due = min(due, percent_of(forfait.percent_of_price, price))
    sessions_left = envelope_left = None
    if forfait.sessions_per_year is not None:
        sessions_left = max(0, forfait.sessions_per_year - used.sessions)
    if per_year is not None:
        envelope_left = max(ZERO, per_year - used.amount)
    amount, decision, limit = ZERO, "nothing_due", None
    if due <= 0:
        pass
    elif sessions_left == 0:
        decision, limit = "sessions_used_up", forfait.sessions_per_year
    elif envelope_left == 0:
        decision, limit = "envelope_used_up", per_year
    else:
        amount = due if per_session is None else min(due, per_session)
        decision = "paid"
        if envelope_left is not None and envelope_left < amount:
            amount, decision = envelope_left, "envelope_partial"
        used.sessions += 1
        used.amount += amount
    uses_pmss = PmssShare in (type(forfait.per_session), type(forfait.per_year))
    return ForfaitRecord(
        amount, due, per_session, envelope_left, sessions_left, used.label, decision, limit,
        pmss=pmss if uses_pmss else None, percent_of_price=forfait.percent_of_price,
    )  # fmt: skip


def _euros(amount, pmss: Dated) -> Decimal | None:
    """A forfait amount in euros: as written, or N % of the PMSS, rounded half-up to the cent."""
    if amount.__class__ is PmssShare:
        return percent_of(amount.percent, pmss.value)
    return amount


class Checkpoint(NamedTuple):
    """A protocol after its first `sessions` sessions: the totals so far, and all the next
    session needs of the past: the PF paid in the last session's calendar year and what the
    forfait used in its plan year. (memo.py goes on from it for a protocol whose first sessions
    fall the same way.)"""

    sessions: int
    totals: Totals
    pf_paid: Decimal
    forfait_sessions: int
    forfait_amount: Decimal


_AFTER_THE_CALENDAR = date.max.toordinal() + 1


class _Ledger:
    """What earlier sessions used up: the PF per calendar year, the forfait per plan year."""

    def __init__(self, plan: Plan | None, anchor: date | None, day: date, used) -> None:
        """`used` = (PF paid, forfait sessions, forfait amount) in the years of `day`."""
        self.plan = plan
        self.anchor = anchor
        pf_paid, sessions, amount = used
        self.pf_paid: dict[int, Decimal] = {day.year: pf_paid}
        self.forfait_years: dict[date, ForfaitYear] = {}
        # The plan year asked last, as ordinals [from, until): sessions ask for it again and again.
        self._current: tuple[int, int, ForfaitYear | None] = (0, 0, None)
        if plan is not None:
            year = self.forfait_year(day)
            year.sessions, year.amount = sessions, amount

    def forfait_year(self, day: date) -> ForfaitYear:
        since, until, found = self._current
        if since <= day.toordinal() < until:
            return found
        plan, anchor = self.plan, self.anchor
        start, following = plan.year_of(day, anchor)
        found = self.forfait_years.get(start)
        if found is None:
            label = plan.label_of_year(start, following)
            found = self.forfait_years[start] = ForfaitYear(label=label)
        until = following.toordinal() if following is not None else _AFTER_THE_CALENDAR
        self._current = (start.toordinal(), until, found)
        return found

    def checkpoint(self, session: SessionResult, totals: Totals) -> Checkpoint:
        paid = self.pf_paid.get(session.day.year, ZERO)
        if self.plan is None:
            return Checkpoint(session.number, totals, paid, 0, ZERO)
        used = self.forfait_year(session.day)
        return Checkpoint(session.number, totals, paid, used.sessions, used.amount)


class _Run:
    """One protocol being estimated: what is decided once, then the sessions in date order
    (from the first, or on from a checkpoint)."""

    def __init__(self, scenario: Scenario, plan: Plan | None, tariffs: Tariffs, after=None):
        tariffs.check_day(scenario.start)
        if plan is not None and plan.levels:
            raise InputError(levels_message(plan))
        self.scenario, self.plan, self.tariffs = scenario, plan, tariffs
        self.rules = rules = Rules.of(scenario, plan, tariffs)
        membership = None
        if plan is not None:
            membership = Membership.of(scenario.member_since, scenario.start, plan)
        anchor = membership and membership.anchor
        if after is None:  # from the first session: what the patient says was used before
            self.done = 0
            used = (scenario.pf_paid, scenario.used_sessions, scenario.used_amount)
            self.ledger = _Ledger(plan, anchor, scenario.start, used)
        else:  # on from a checkpoint: what was used in the years of its last session
            self.done = after.sessions
            used = (after.pf_paid, after.forfait_sessions, after.forfait_amount)
            self.ledger = _Ledger(plan, anchor, scenario.day(after.sessions), used)
        ledger = self.ledger
        self.side = None
        if plan is not None:
            self.side = _PlanSide(scenario, plan, rules, membership, ledger, tariffs)

    def sessions(self) -> Iterator[SessionResult]:
        """Rules 1 to 5 for each session, in date order."""
        rules, ledger, side, tariffs = self.rules, self.ledger, self.side, self.tariffs
        scenario = self.scenario
        price = scenario.price
        for number, day in enumerate(scenario.days(self.done + 1), self.done + 1):
            base = base_rule(rules, price, day)
            share = share_rule(rules, base, day)
            paid = ledger.pf_paid.get(day.year, ZERO)
            participation = participation_rule(rules, share, day, paid, tariffs)
            if participation.tariff is not None:
                ledger.pf_paid[day.year] = paid + participation.amount
            secu = share.amount - participation.amount if share is not None else ZERO
            guarantee = forfait = None
            if side is not None:
                guarantee, forfait = _mutuelle_rules(side, day, base, share, secu)
            # 5. Sécu + mutuelle never above the price; what is left is the reste à charge.
            mutuelle = min(
                (guarantee.amount if guarantee else ZERO) + (forfait.amount if forfait else ZERO),
                price - secu,
            )
            yield SessionResult(
                number,
                day,
                price,
                base.amount,
                secu,
                participation.amount,
                mutuelle,
                price - secu - mutuelle,
                [],
                base,
                share,
                participation,
                guarantee,
                forfait,
            )  # fmt: skip  (positional: the fields in order, faster than 15 keywords)


def _sessions(scenario: Scenario, plan: Plan | None, tariffs: Tariffs) -> Iterator[SessionResult]:
    """Rules 1 to 5 for each session, in date order."""
    return _Run(scenario, plan, tariffs).sessions()


class _PlanSide:
    """The plan's side of one estimate: its terms for each membership year, decided once."""

    __slots__ = (
        "_settled", "_terms", "ledger", "membership", "plan", "rules", "scenario", "tariffs",
    )  # fmt: skip

    def __init__(self, scenario, plan, rules, membership, ledger, tariffs):
        self.scenario, self.plan, self.rules = scenario, plan, rules
        self.membership, self.ledger, self.tariffs = membership, ledger, tariffs
        self._settled = plan.settled_year
        self._terms: dict[int, tuple[Terms, Forfait | None]] = {}

    def terms(self, day: date) -> tuple[Terms, Forfait | None]:
        """The terms in force that day, and the forfait if it pays for this kind of session."""
        settled = self._settled  # from that membership year on, the terms no longer change
        year = 1 if settled == 1 else min(self.membership.year(day), settled)
        found = self._terms.get(year)
        if found is None:
            terms = self.plan.terms(year)
            found = self._terms[year] = (terms, forfait_for(terms, self.scenario, self.rules))
        return found


def _mutuelle_rules(side: _PlanSide, day: date, base, share, secu: Decimal):
    """Rules 3 and 4 with the plan's terms of the session's membership year."""
    scenario, membership = side.scenario, side.membership
    if membership.since is not None and day < membership.since:
        return None, None  # not a member yet: the plan pays nothing for this session
    terms, forfait = side.terms(day)
    guarantee = None
    if share is not None:
        guarantee = guarantee_rule(
            terms.consultation, scenario.sector, scenario.price, base.amount, share, secu
        )
    if forfait is None:
        return guarantee, None
    used = side.ledger.forfait_year(day)
    if membership.waiting_until is not None and day < membership.waiting_until:
        waiting = ForfaitRecord(ZERO, ZERO, None, None, None, used.label, "waiting")
        return guarantee, waiting._replace(limit=membership.waiting_until)
    normal_share = share.normal_amount if share is not None else ZERO
    due = max(ZERO, scenario.price - normal_share - (guarantee.amount if guarantee else ZERO))
    pmss = side.tariffs.pmss.at(day)
    return guarantee, forfait_rule(forfait, due, used, price=scenario.price, pmss=pmss)


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


def running_totals(scenario: Scenario, plan: Plan | None, tariffs: Tariffs) -> Iterator[Totals]:
    """The totals of the first n sessions, for n = 1, 2, …: session n never depends on the
    sessions after it, so these are the totals of the same protocol cut after n sessions."""
    return (so_far for _session, so_far in _running(_sessions(scenario, plan, tariffs)))


def checkpoints(
    scenario: Scenario, plan: Plan | None, tariffs: Tariffs, after: Checkpoint | None = None
) -> Iterator[Checkpoint]:
    """A checkpoint after each session, from the first or on from `after` (a checkpoint of a
    protocol whose sessions so far fall the same way: same segments, same other fields)."""
    run = _Run(scenario, plan, tariffs, after)
    for session, so_far in _running(run.sessions(), after and after.totals):
        yield run.ledger.checkpoint(session, so_far)


def _sum(sessions) -> Totals:
    return deque(_running(sessions), maxlen=1)[0][1]  # the totals after the last session


def _running(sessions, before: Totals | None = None) -> Iterator[tuple[SessionResult, Totals]]:
    """Each session with the totals so far (a protocol has at least one session)."""
    price = secu = participation = mutuelle = ZERO
    if before is not None:
        price, secu, participation, mutuelle, _remaining = before
    for session in sessions:
        price += session.price
        secu += session.secu
        participation += session.participation
        mutuelle += session.mutuelle
        yield session, Totals(price, secu, participation, mutuelle, price - secu - mutuelle)


class Ranked(NamedTuple):
    """One plan's totals in a comparison (the same .plan and .totals as an Estimate)."""

    plan: Plan
    totals: Totals


def compare(scenario: Scenario, plans, tariffs: Tariffs) -> list[Ranked]:
    """Every plan's totals, best first: ascending remaining charge, ties by id."""
    return compare_range(scenario, plans, tariffs, [scenario.sessions])[0][1]


def compare_range(
    scenario: Scenario, plans, tariffs: Tariffs, counts: list[int]
) -> list[tuple[int, list[Ranked]]]:
    """The ranking for each number of sessions in `counts`. A plan with levels takes part once
    per level. One pass per plan (running_totals)."""
    wanted = set(counts)
    longest = scenario._replace(sessions=max(counts))
    by_count: dict[int, list[Ranked]] = {count: [] for count in counts}
    seen: set[str] = set()  # `compare cocoon cocoon:1` ranks cocoon:1 once
    for plan in plans:
        for each in [level for _name, level in plan.levels] or [plan]:
            if each.id in seen:
                continue
            seen.add(each.id)
            for count, totals in enumerate(running_totals(longest, each, tariffs), 1):
                if count in wanted:
                    by_count[count].append(Ranked(each, totals))
    return [
        (count, sorted(by_count[count], key=lambda r: (r.totals.remaining, r.plan.id)))
        for count in counts
    ]
