"""Totals remembered for batch rows that must give the same figures: batch speed.

The days of a protocol matter to the rules only through a few boundaries: a tariff change, a
1 January (the PF cap), a new plan year, a membership anniversary (seniority), the end of the
waiting period, the membership date itself. Between two boundaries the exact day changes
nothing. So a protocol's totals are a function of its state on the first day, of the session
each boundary inside the protocol falls before, of the number of sessions and of every other
field of the scenario: that is the memo key. Scenarios days or months apart, at other
intervals or with other membership dates share it. And since a session never depends on the
sessions after it, computing n sessions also gives the totals of the first 1 … n-1: each is
remembered under its own key, as a checkpoint: a longer protocol whose first sessions fall
the same way goes on from there instead of starting again. A property test checks memo ==
totals() on random scenarios.
"""

import itertools
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import NamedTuple

from meso_cli.engine import Checkpoint, Membership, checkpoints
from meso_cli.plan import Plan, anniversary
from meso_cli.records import Totals
from meso_cli.scenario import FIELDS, Scenario, parse_row, parsed_texts, scenario_of
from meso_cli.tariffs import Tariffs

_START, _EVERY, _SESSIONS, _SINCE = (
    FIELDS.index(name) for name in ("start", "every", "sessions", "member_since")
)
_DEFAULT_EVERY = Scenario._field_defaults["every"]
_DEFAULT_SESSIONS = Scenario._field_defaults["sessions"]
_DAYS = ("start", "every", "sessions", "member_since")
# Every other field, as its text: a new scenario field is in the key without anyone adding it.
# A text is in a key only once it has parsed, so a key found means a valid row.
_OTHER_FIELDS = itemgetter(*(i for i, name in enumerate(FIELDS) if name not in _DAYS))
# The kinds of boundary, in the order the key lists them.
_TARIFF, _NEW_YEAR, _PLAN_YEAR, _JOINED, _WAITING_OVER, _ANNIVERSARY = range(6)
_MISSING = object()
_MEMBER = (1, False, True)  # the first membership year, no waiting period, a member
_LAST_DAY = date.max.toordinal()
_END = _LAST_DAY + 1  # no boundary before the end of the calendar


class _PlanFacts(NamedTuple):
    """What the key needs to know of a plan, read once per plan object."""

    plan: Plan | None  # kept alive: the key holds id(plan), which must not be reused
    plain: bool  # plan years are calendar years, the membership date changes nothing but joining


class TotalsMemo:
    MAX_ENTRIES = 32_768  # about 16 MiB at most: memory stays flat whatever the input
    MAX_DAYS = 40_000  # days of the calendar table (a century), then it starts again
    MAX_PLANS = 1024  # plan objects held for the keys (the plan cache reloads evicted files)

    def __init__(self, tariffs: Tariffs, today: date):
        self.tariffs = tariffs
        self.today = today
        self._changes = tariffs.change_dates()
        self._first_day = tariffs.first_day.toordinal()
        self._memo: dict[tuple, Checkpoint] = {}
        self._plans: dict[int, _PlanFacts] = {}
        self._amounts: dict[str, Decimal] = {}
        self._days: dict[int, tuple[tuple, int]] = {}
        self._starts, self._everies, self._counts, self._sinces = (
            parsed_texts(name) for name in _DAYS
        )

    def totals(self, raw: Sequence, plan: Plan | None) -> Totals:
        """The totals of a batch row: `raw` holds its scenario fields as texts, in FIELDS order
        ("" for a default); InputError if one is not valid."""
        start = self._starts.get(raw[_START], _MISSING)
        every = self._everies.get(raw[_EVERY], _MISSING)
        sessions = self._counts.get(raw[_SESSIONS], _MISSING)
        since = self._sinces.get(raw[_SINCE], _MISSING)
        if start is _MISSING or every is _MISSING or sessions is _MISSING or since is _MISSING:
            values = parse_row(raw)  # a text not seen yet, or not a text
            start, every = values[_START], values[_EVERY]
            sessions, since = values[_SESSIONS], values[_SINCE]
        start = start or self.today
        every = every or _DEFAULT_EVERY
        sessions = sessions or _DEFAULT_SESSIONS
        first = start.toordinal()
        last = first + every * (sessions - 1)
        if last > _LAST_DAY or first < self._first_day:  # a bad row: its first error, in order
            scenario_of(parse_row(raw), self.today)  # a bad field, then a span past 9999-12-31
            self.tariffs.check_day(start)  # then a day before the tariffs
        facts = self._plans.get(id(plan))
        if facts is None:
            facts = self._learn(plan)
        # Most rows: no boundary inside the protocol, a plan that only asks whether the patient
        # has joined, and they have. Then the key's state comes from a table of days.
        if facts.plain and (since is None or since.toordinal() <= first):
            day = self._days.get(first)
            if day is None:
                day = self._day(start)
            state, next_boundary = day
            crossed = () if last < next_boundary else None
        else:
            crossed = None
        if crossed is None:
            state, crossed = self._where(start, every, date.fromordinal(last), since, plan)
        others = _OTHER_FIELDS(raw)
        plan_id = id(plan)
        memo = self._memo
        found = memo.get((state, crossed, others, plan_id, sessions))
        if found is not None:
            return found.totals
        # Go on from the longest protocol already computed whose sessions fall the same way.
        after = None
        for count in range(sessions - 1, 0, -1):
            after = memo.get((state, _before(crossed, count), others, plan_id, count))
            if after is not None:
                break
        scenario = scenario_of(parse_row(raw), self.today)  # every field checked
        if len(memo) + sessions > self.MAX_ENTRIES:
            self._forget()
        amount = self._amount
        for checkpoint in checkpoints(scenario, plan, self.tariffs, after):
            count = checkpoint.sessions
            # The same few amounts again and again: one object each, a third of the memory.
            kept = checkpoint._replace(
                totals=Totals._make(map(amount, checkpoint.totals)),
                pf_paid=amount(checkpoint.pf_paid),
                forfait_amount=amount(checkpoint.forfait_amount),
            )
            memo[(state, _before(crossed, count), others, plan_id, count)] = kept
        return checkpoint.totals

    def _amount(self, value: Decimal) -> Decimal:
        """One object for each amount (keyed by its text: 2 and 2.00 are equal, not the same)."""
        amounts = self._amounts
        found = amounts.get(text := str(value))
        if found is None:
            if len(amounts) >= self.MAX_ENTRIES:
                amounts.clear()
            found = amounts[text] = value
        return found

    def _forget(self) -> None:
        """Room for new entries: the oldest half goes (most rows reuse recent keys)."""
        memo = self._memo
        for key in list(itertools.islice(memo, len(memo) // 2)):
            del memo[key]

    def _learn(self, plan: Plan | None) -> _PlanFacts:
        if len(self._plans) >= self.MAX_PLANS:  # plan files reloaded again and again
            self._memo.clear()  # (keys name plans by id: only while the plan is held here)
            self._plans.clear()
        if plan is None:
            facts = _PlanFacts(None, True)
        else:
            calendar = plan.year != "membership" and plan.new_year() == (1, 1)
            facts = _PlanFacts(plan, calendar and not plan.needs_membership)
        self._plans[id(plan)] = facts
        return facts

    def _day(self, start: date) -> tuple[tuple, int]:
        """(the state of a protocol starting that day, the next boundary of the calendar)."""
        changes = self._changes
        epoch = bisect_right(changes, start)
        next_boundary = date(start.year + 1, 1, 1).toordinal() if start.year < 9999 else _END
        if epoch < len(changes):
            next_boundary = min(next_boundary, changes[epoch].toordinal())
        if len(self._days) >= self.MAX_DAYS:
            self._days.clear()
        found = self._days[start.toordinal()] = ((epoch, *_MEMBER), next_boundary)
        return found

    def _where(
        self, start: date, every: int, last: date, since: date | None, plan: Plan | None
    ) -> tuple[tuple, tuple]:
        """The state on the first day, and (kind, index) for each boundary inside the
        protocol, in a fixed order: index is that of the first session on or after it."""
        changes = self._changes
        epoch = bisect_right(changes, start)
        crossed: list[int] = []

        def cross(kind: int, boundary: date) -> None:
            """The boundary, with the index of the first session on or after it."""
            crossed.extend((kind, -((start - boundary).days // every)))

        index = epoch
        while index < len(changes) and changes[index] <= last:
            cross(_TARIFF, changes[index])
            index += 1
        for year in range(start.year + 1, last.year + 1):
            cross(_NEW_YEAR, date(year, 1, 1))
        if plan is None:
            return (epoch, *_MEMBER), tuple(crossed)
        membership = None
        if since is not None or plan.needs_membership:
            membership = Membership.of(since, start, plan)
        anchor = membership.anchor if membership is not None else None
        # A plan year that starts on 1 January for every row is a calendar year (its boundaries
        # are the 1 January ones); a membership year starts on 1 January for some rows only.
        if plan.year == "membership" or plan.new_year(anchor) != (1, 1):
            boundary = plan.next_year_start(start, anchor)
            while boundary is not None and boundary <= last:
                cross(_PLAN_YEAR, boundary)
                boundary = plan.next_year_start(boundary, anchor)
        if since is None:
            return (epoch, *_MEMBER), tuple(crossed)
        joined = start >= since
        if not joined and since <= last:
            cross(_JOINED, since)
        waiting_until = membership.waiting_until
        waiting = waiting_until is not None and start < waiting_until
        if waiting and waiting_until <= last:
            cross(_WAITING_OVER, waiting_until)
        # Membership years matter through the seniority steps only: from the last step's
        # year on, the terms no longer change.
        settled = plan.settled_year
        first_year = year = membership.year(start)
        while year < settled:
            boundary = anniversary(since, year)
            if boundary is None or boundary > last:
                break
            cross(_ANNIVERSARY, boundary)
            year += 1
        return (epoch, min(first_year, settled), waiting, joined), tuple(crossed)


def _before(crossed: tuple, count: int) -> tuple:
    """The boundaries the first `count` sessions cross: those before session `count`."""
    if not crossed:
        return crossed
    return tuple(
        value
        for kind, index in zip(crossed[::2], crossed[1::2], strict=True)
        if index < count
        for value in (kind, index)
    )
