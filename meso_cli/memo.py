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
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from operator import itemgetter

from meso_cli.engine import Checkpoint, Membership, checkpoints
from meso_cli.money import plain
from meso_cli.plan import Plan, anniversary
from meso_cli.records import Totals
from meso_cli.scenario import FIELDS, MAX_SESSIONS, Scenario, parse_row, parsed_texts, scenario_of
from meso_cli.tariffs import Tariffs
from meso_cli.tuples import NamedTuple

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
_ONE_DAY = timedelta(days=1)
_NO_CUTS = ((),) * (MAX_SESSIONS + 1)  # no boundary inside the protocol
# A plan's boundaries over two calendar years, for one membership date: (their days as
# ordinals, their kinds, the state before the first and after each, the window's end).
_Calendar = tuple[list[int], list[int], list[tuple], int]


class _PlanFacts(NamedTuple):
    """What the key needs to know of a plan, read once per plan object."""

    plan: Plan | None  # kept alive: the key holds id(plan), which must not be reused
    plain: bool  # plan years are calendar years, the membership date changes nothing but joining


class Found(NamedTuple):
    """A memo entry: the protocol after its first n sessions, and its totals as money.plain
    writes them ("19.00"), kept with them: batch writes them as they are instead of formatting
    the same few amounts row after row."""

    checkpoint: Checkpoint
    texts: tuple[str, ...]


class TotalsMemo:
    MAX_ENTRIES = 32_768  # entries, and tuples of cuts: memory stays flat however many rows
    MAX_DAYS = 40_000  # days of the calendar table (a century), then it starts again
    MAX_PLANS = 1024  # plan objects held for the keys (the plan cache reloads evicted files)
    MAX_CALENDARS = 4096  # (plan, membership date, year) tables, a few dozen boundaries each

    def __init__(self, tariffs: Tariffs, today: date):
        self.tariffs = tariffs
        self.today = today
        self._changes = tariffs.change_dates()
        self._first_day = tariffs.first_day.toordinal()
        self._memo: dict[tuple, Found] = {}
        self._plans: dict[int, _PlanFacts] = {}
        self._amounts: dict[str, Decimal] = {}
        self._texts: dict[str, str] = {}
        self._totals: dict[tuple[str, ...], tuple[tuple[str, ...], Totals]] = {}  # by texts
        self._days: dict[int, tuple[tuple, int]] = {}
        self._cut_cache: dict[tuple, tuple[tuple, ...]] = {}
        self._cut_tuples = 0
        self._scenarios: dict[tuple, Scenario] = {}  # by the texts of the other fields
        self._calendars: dict[tuple, _Calendar] = {}
        self._starts, self._everies, self._counts, self._sinces = (
            parsed_texts(name) for name in _DAYS
        )

    def find(self, raw: Sequence, plan: Plan | None) -> Found:
        """The entry of a batch row: its totals (.checkpoint.totals) and their texts. `raw` holds
        the row's scenario fields as texts, in FIELDS order ("" for a default); InputError if
        one is not valid."""
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
        plan_id = id(plan)
        facts = self._plans.get(plan_id)
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
            placed = None
            if since is not None or facts.plain:
                placed = self._placed(start.year, first, every, last, since, plan)
            if placed is None:
                placed = self._where(start, every, date.fromordinal(last), since, plan)
            state, crossed = placed
        others = _OTHER_FIELDS(raw)
        memo = self._memo
        found = memo.get((state, crossed, others, plan_id, sessions))
        if found is not None:
            return found
        # Go on from the longest protocol already computed whose sessions fall the same way.
        cuts = self._cuts(crossed, sessions) if crossed else _NO_CUTS
        after = None
        for count in range(sessions - 1, 0, -1):
            after = memo.get((state, cuts[count], others, plan_id, count))
            if after is not None:
                after = after.checkpoint
                break
        scenario = self._scenario(raw, others, start, every, sessions, since)
        if len(memo) + sessions > self.MAX_ENTRIES:
            self._forget()
        amounts, texts, known = self._amounts, self._texts, self._totals
        # At most 7 amounts and one Totals a checkpoint: each table stays within MAX_ENTRIES.
        if (
            len(amounts) + 7 * sessions > self.MAX_ENTRIES
            or len(known) + sessions > self.MAX_ENTRIES
        ):
            amounts.clear()
            texts.clear()
            known.clear()
        # The same few totals again and again (an eighth as many as checkpoints in bench/), of
        # the same few amounts: one Totals and one tuple of texts each, one object and one text
        # an amount, a third of the memory. Keyed by text: 2 and 2.00 are equal, not the same.
        same, same_text, seen = amounts.setdefault, texts.setdefault, known.get
        for count, totals, pf_paid, forfait_sessions, forfait_amount in checkpoints(
            scenario, plan, self.tariffs, after
        ):
            exact = tuple(map(str, totals))  # map, not a comprehension: no frame of its own
            shared = seen(exact)
            if shared is None:  # texts as every output writes them: "42.00" for 42.000 too
                shown = tuple(map(plain, totals))
                shown = tuple(map(same_text, shown, shown))
                key = shown if shown == exact else exact  # the same tuple, but for 42.000
                shared = known[key] = (shown, Totals._make(map(same, exact, totals)))
            entry = memo[(state, cuts[count], others, plan_id, count)] = Found(
                Checkpoint(
                    count,
                    shared[1],
                    same(str(pf_paid), pf_paid),
                    forfait_sessions,
                    same(str(forfait_amount), forfait_amount),
                ),
                shared[0],
            )
        return entry

    def _scenario(self, raw, others, start, every, sessions, since) -> Scenario:
        """The row's Scenario: its other fields parsed once per texts (every field checked)."""
        found = self._scenarios.get(others)
        if found is None:
            if len(self._scenarios) >= self.MAX_ENTRIES:
                self._scenarios.clear()
            found = self._scenarios[others] = scenario_of(parse_row(raw), self.today)
        values = list(found)
        values[_START], values[_EVERY], values[_SESSIONS], values[_SINCE] = (
            start, every, sessions, since,
        )  # fmt: skip
        return Scenario._make(values)

    def _cuts(self, crossed: tuple, sessions: int) -> tuple[tuple, ...]:
        """The boundaries that the first 0, 1, … `sessions` sessions cross (_before)."""
        found = self._cut_cache.get((crossed, sessions))
        if found is None:
            # Bounded by the tuples it holds, not by entries: an entry is sessions + 1 tuples.
            self._cut_tuples += sessions + 1
            if self._cut_tuples > self.MAX_ENTRIES:
                self._cut_cache.clear()
                self._cut_tuples = sessions + 1
            found = tuple(_before(crossed, count) for count in range(sessions + 1))
            self._cut_cache[(crossed, sessions)] = found
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
            self._calendars.clear()
        if plan is None:
            facts = _PlanFacts(None, True)
        else:
            calendar = plan.year != "membership" and plan.new_year() == (1, 1)
            facts = _PlanFacts(plan, calendar and not plan.needs_membership)
        self._plans[id(plan)] = facts
        return facts

    def _day(self, start: date) -> tuple[tuple, int]:
        """(the state of a protocol starting that day, the next boundary of the calendar)."""
        until = date(start.year + 1, 1, 1) if start.year < date.max.year else date.max
        following = (day.toordinal() for _kind, day in self._boundaries(start, until, None, None))
        if len(self._days) >= self.MAX_DAYS:
            self._days.clear()
        found = self._days[start.toordinal()] = (
            self._state(start, None, None),
            min(following, default=_END),
        )
        return found

    def _placed(
        self, year: int, first: int, every: int, last: int, since: date | None, plan: Plan | None
    ) -> tuple[tuple, tuple] | None:
        """_where's answer from the table of the plan and membership date (None: the protocol
        ends past the table; then _where). Not for a plan that needs a membership date that
        the row does not give: its plan years then start on the row's own first day. `year`
        is that of the first day."""
        table = self._calendars.get((id(plan), since, year))
        if table is None:
            table = self._calendar(plan, since, year)
        days, kinds, states, end = table
        if last >= end:
            return None
        low = bisect_right(days, first)
        high = bisect_right(days, last, low)
        if low == high:
            return states[low], ()
        if high == low + 1:
            return states[low], (kinds[low], -((first - days[low]) // every))
        pairs = sorted((kinds[k], -((first - days[k]) // every)) for k in range(low, high))
        return states[low], tuple(value for pair in pairs for value in pair)

    def _calendar(self, plan: Plan | None, since: date | None, year: int) -> _Calendar:
        """The boundaries of two calendar years from 1 January of `year`, in date order, each
        with its kind, and the state on the first day and after each boundary."""
        start = date(year, 1, 1)
        end = date(year + 2, 1, 1).toordinal() if year + 2 <= date.max.year else _END
        until = date.fromordinal(end - 1) if end != _END else date.max
        found = sorted(
            (day.toordinal(), kind)
            for kind, day in self._boundaries(start - _ONE_DAY, until, since, plan)
        )
        days = [day for day, _kind in found]
        states = [self._state(start, since, plan)]
        states.extend(self._state(date.fromordinal(day), since, plan) for day in days)
        if len(self._calendars) >= self.MAX_CALENDARS:
            self._calendars.clear()
        table = self._calendars[(id(plan), since, year)] = (
            days,
            [kind for _day, kind in found],
            states,
            end,
        )
        return table

    def _where(
        self, start: date, every: int, last: date, since: date | None, plan: Plan | None
    ) -> tuple[tuple, tuple]:
        """The state on the first day, and (kind, index) for each boundary inside the
        protocol, in a fixed order: index is that of the first session on or after it."""
        crossed = []
        for kind, day in self._boundaries(start, last, since, plan):
            crossed.extend((kind, -((start - day).days // every)))
        return self._state(start, since, plan), tuple(crossed)

    def _state(self, day: date, since: date | None, plan: Plan | None) -> tuple:
        """Where a protocol starting on `day` stands: tariff epoch, membership year (up to the
        last seniority step), inside the waiting period, joined."""
        epoch = bisect_right(self._changes, day)
        if plan is None or since is None:
            return (epoch, *_MEMBER)
        membership = Membership.of(since, day, plan)
        waiting_until = membership.waiting_until
        waiting = waiting_until is not None and day < waiting_until
        return (epoch, min(membership.year(day), plan.settled_year), waiting, day >= since)

    def _boundaries(
        self, after: date, until: date, since: date | None, plan: Plan | None
    ) -> Iterator[tuple[int, date]]:
        """(kind, day) of each boundary in (after, until], by kind, then by day. With no
        membership date, a membership plan year starts on the anniversary of `after`."""
        changes = self._changes
        index = bisect_right(changes, after)
        while index < len(changes) and changes[index] <= until:
            yield _TARIFF, changes[index]
            index += 1
        for year in range(after.year + 1, until.year + 1):
            yield _NEW_YEAR, date(year, 1, 1)
        if plan is None:
            return
        membership = None
        if since is not None or plan.needs_membership:
            membership = Membership.of(since, after, plan)
        anchor = membership.anchor if membership is not None else None
        # A plan year that starts on 1 January for every row is a calendar year (its boundaries
        # are the 1 January ones); a membership year starts on 1 January for some rows only.
        if plan.year == "membership" or plan.new_year(anchor) != (1, 1):
            boundary = plan.next_year_start(after, anchor)
            while boundary is not None and boundary <= until:
                yield _PLAN_YEAR, boundary
                boundary = plan.next_year_start(boundary, anchor)
        if since is None:
            return
        if after < since <= until:
            yield _JOINED, since
        waiting_until = membership.waiting_until
        if waiting_until is not None and after < waiting_until <= until:
            yield _WAITING_OVER, waiting_until
        # Membership years matter through the seniority steps only: from the last step's
        # year on, the terms no longer change.
        settled = plan.settled_year
        year = membership.year(after)
        while year < settled:
            boundary = anniversary(since, year)
            if boundary is None or boundary > until:
                break
            yield _ANNIVERSARY, boundary
            year += 1


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
