"""A mutuelle plan: its consultation guarantee, its forfait médecines douces, its plan year.

A plan may have levels (one product, several sets of figures: `ID:LEVEL`) and seniority steps
(from the Nth membership year, some figures change). Both are laid over the base key by key
inside `consultation` and `forfait` when the plan is loaded, so the engine only ever reads
complete terms. Rulebook: docs/rules.md#real-contracts.
"""

import unicodedata
from datetime import date
from decimal import Decimal
from functools import lru_cache

from meso_cli.money import HUNDRED
from meso_cli.tuples import NamedTuple

MESOTHERAPY = ("mesotherapy", "mesotherapie")


class PmssShare(NamedTuple):
    """An amount written "N % PMSS": N % of the PMSS in force on the session day."""

    percent: Decimal

    def __str__(self) -> str:
        return f"{self.percent.normalize():f} % PMSS"


Amount = Decimal | PmssShare


class Consultation(NamedTuple):
    """The "N % BR" guarantee on the consultation billed with the session."""

    optam: Decimal = HUNDRED  # secteur 1 and secteur 2 OPTAM
    non_optam: Decimal | None = None  # secteur 2 outside OPTAM (and secteur 3); None: as optam
    basis: str = "total"  # total: N % includes the Sécu share | on_top: paid on top of it

    def percent_for(self, sector: str) -> Decimal:
        if sector in ("1", "2-optam"):
            return self.optam
        return self.optam if self.non_optam is None else self.non_optam


class Forfait(NamedTuple):
    """The forfait médecines douces: any subset of its limits, per plan year."""

    per_session: Amount | None = None
    sessions_per_year: int | None = None
    per_year: Amount | None = None
    aesthetic: bool = False
    only_unreimbursed: bool = False
    practices: tuple[str, ...] | None = None  # None: no list, every practice is covered
    percent_of_price: Decimal | None = None  # at most this % of the price, before the limits
    waiting_months: int | None = None  # délai de carence, from the membership date

    @property
    def covers_mesotherapy(self) -> bool:
        return self.practices is None or _lists_mesotherapy(self.practices)


class Terms(NamedTuple):
    """What a plan pays in one membership year: its consultation guarantee and its forfait."""

    consultation: Consultation
    forfait: Forfait | None


class Plan(NamedTuple):
    id: str
    name: str
    insurer: str | None = None
    source: str | None = None
    year: str = "calendar"  # calendar | contract | membership
    contract_start: tuple[int, int] | None = None  # (month, day) when year is contract
    consultation: Consultation = Consultation()
    forfait: Forfait | None = None
    responsible: bool = True
    origin: str = ""  # where it was found: a path, or "built-in"
    seniority: tuple[tuple[int, Terms], ...] = ()  # (from membership year, terms), ascending
    levels: tuple[tuple[str, "Plan"], ...] = ()  # (level, that level's plan); empty: no levels
    draft: bool = False

    @property
    def label(self) -> str:
        return self.insurer or self.name

    @property
    def needs_membership(self) -> bool:
        """Whether the membership date changes what this plan pays."""
        forfait = self.forfait
        waiting = forfait is not None and forfait.waiting_months is not None
        return self.year == "membership" or waiting or bool(self.seniority)

    def terms(self, membership_year: int = 1) -> Terms:
        """The terms in force in the Nth membership year (1 = the first)."""
        found = Terms(self.consultation, self.forfait)
        for from_year, terms in self.seniority:
            if membership_year >= from_year:
                found = terms
        return found

    @property
    def settled_year(self) -> int:
        """The membership year from which terms() no longer changes (the last seniority step)."""
        return self.seniority[-1][0] if self.seniority else 1

    def level(self, name: str) -> "Plan | None":
        for level, plan in self.levels:
            if level.casefold() == name.casefold():
                return plan
        return None

    def year_of(self, day: date, anchor: date | None = None) -> tuple[date, date | None]:
        """(first day of the plan year that contains `day`, first day of the next one; None:
        after 9999). `anchor` is the membership date."""
        month, dom = self.new_year(anchor)
        start = _same_day(day.year, month, dom)
        if start > day:
            start = _same_day(day.year - 1, month, dom)
        if start.year == date.max.year:
            return start, None
        # The anniversary of the anchor itself (29 February: the 28th in a common year, the
        # 29th again in a leap year), not of this year's clamped start.
        return start, _same_day(start.year + 1, month, dom)

    def year_start(self, day: date, anchor: date | None = None) -> date:
        """First day of the plan year that contains `day`; `anchor` is the membership date."""
        return self.year_of(day, anchor)[0]

    def next_year_start(self, day: date, anchor: date | None = None) -> date | None:
        """First day of the plan year after the one that contains `day` (None: after 9999)."""
        return self.year_of(day, anchor)[1]

    def year_label(self, day: date, anchor: date | None = None) -> str:
        return self.label_of_year(*self.year_of(day, anchor))

    def label_of_year(self, start: date, following: date | None) -> str:
        """How notes name the plan year from `start` to `following` (see year_of)."""
        if start.month == 1 and start.day == 1 and self.year == "calendar":
            return str(start.year)
        if following is None:  # the calendar ends before the plan year does
            return f"{start.isoformat()}/…"
        return f"{start.isoformat()}/{following.isoformat()}"

    def new_year(self, anchor: date | None = None) -> tuple[int, int]:
        """(month, day) on which this plan's years start."""
        if self.year == "contract" and self.contract_start is not None:
            return self.contract_start
        if self.year == "membership" and anchor is not None:
            return anchor.month, anchor.day
        return 1, 1

    @classmethod
    def from_plain(cls, plan_id: str, data: dict, origin: str = "") -> "Plan":
        """From validated plain data (see planfile.py), amounts as str, int or Decimal."""
        start = data.get("contract_start")
        consultation, forfait = _consultation(data.get("consultation")), _forfait(data)
        steps = []
        for step in data.get("seniority") or ():
            merged = _overlay(data if not steps else steps[-1][2], step)
            steps.append((int(step["from_year"]), _terms(merged), merged))
        levels = tuple(
            (str(name), cls.from_plain(f"{plan_id}:{name}", _overlay(data, level), origin))
            for name, level in (data.get("levels") or {}).items()
        )
        return cls(
            id=plan_id,
            name=data["name"],
            insurer=data.get("insurer"),
            source=data.get("source"),
            year=data.get("year", "calendar"),
            contract_start=tuple(int(part) for part in start.split("-")) if start else None,
            consultation=consultation,
            forfait=forfait,
            responsible=bool(data.get("responsible", True)),
            origin=origin,
            seniority=tuple((from_year, terms) for from_year, terms, _merged in steps),
            levels=levels,
            draft=bool(data.get("draft", False)),
        )

    def to_plain(self) -> dict:
        """The plan in the plan-file format (Decimals kept), defaults written out."""
        data: dict = {"name": self.name}
        for key in ("insurer", "source"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        data["year"] = self.year
        if self.contract_start:
            data["contract_start"] = "{:02d}-{:02d}".format(*self.contract_start)
        data.update(_terms_plain(Terms(self.consultation, self.forfait)))
        if self.seniority:
            data["seniority"] = [
                {"from_year": from_year, **_terms_plain(terms)}
                for from_year, terms in self.seniority
            ]
        if self.levels:
            data["levels"] = {name: level.to_plain() for name, level in self.levels}
        data["responsible"] = self.responsible
        return data


def levels_message(plan: "Plan") -> str:
    """What to say when a plan with levels is used without one."""
    from meso_cli.i18n import _

    names = ", ".join(level.id for _name, level in plan.levels)
    return _("plan {id} has levels: choose one, as {levels}").format(id=plan.id, levels=names)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _same_day(year: int, month: int, day: int) -> date:
    """That day of `year`; 29 February falls on the 28th in a common year."""
    if month == 2 and day == 29 and not _leap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > date.max.year:
        return date.max  # a waiting period that ends after the calendar does: never over
    last = 29 if month == 2 and _leap(year) else _MONTH_DAYS[month]
    return date(year, month, min(day.day, last))


def membership_year(member_since: date, day: date) -> int:
    """1 in the first year of membership, 2 from the first anniversary, and so on."""
    years = day.year - member_since.year
    if _same_day(day.year, member_since.month, member_since.day) > day:
        years -= 1
    return max(1, years + 1)


def anniversary(member_since: date, years: int) -> date | None:
    """The first day of membership year `years + 1` (None: after 9999-12-31)."""
    year = member_since.year + years
    if year > date.max.year:
        return None
    return _same_day(year, member_since.month, member_since.day)


@lru_cache(maxsize=256)  # asked for every estimate: a batch asks it for each row it computes
def _lists_mesotherapy(practices: tuple[str, ...]) -> bool:
    return any(_plain(practice) in MESOTHERAPY for practice in practices)


def _plain(text: str) -> str:
    """Lower case, no accents: "Mésothérapie" and "mesotherapie" are the same practice."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _overlay(base: dict, over: dict) -> dict:
    """`over` laid on `base` key by key inside consultation and forfait (levels stay behind)."""
    merged = {key: value for key, value in base.items() if key != "levels"}
    for section in ("consultation", "forfait"):
        if over.get(section):
            merged[section] = {**(base.get(section) or {}), **over[section]}
    return merged


def _amount(value) -> Amount | None:
    if value is None:
        return None
    text = str(value)
    if text.endswith("PMSS"):
        return PmssShare(Decimal(text.removesuffix("PMSS").strip().removesuffix("%").strip()))
    return Decimal(text)


def _percent(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _consultation(section: dict | None) -> Consultation:
    section = section or {}
    return Consultation(
        optam=Decimal(str(section.get("optam", 100))),
        non_optam=_percent(section.get("non_optam")),
        basis=section.get("basis", "total"),
    )


def _forfait(data: dict) -> Forfait | None:
    section = data.get("forfait")
    if not section:
        return None
    practices = section.get("practices")
    return Forfait(
        per_session=_amount(section.get("per_session")),
        sessions_per_year=section.get("sessions_per_year"),
        per_year=_amount(section.get("per_year")),
        aesthetic=bool(section.get("aesthetic", False)),
        only_unreimbursed=bool(section.get("only_unreimbursed", False)),
        practices=tuple(practices) if practices is not None else None,
        percent_of_price=_percent(section.get("percent_of_price")),
        waiting_months=section.get("waiting_months"),
    )


def _terms(data: dict) -> Terms:
    return Terms(_consultation(data.get("consultation")), _forfait(data))


def _terms_plain(terms: Terms) -> dict:
    consultation = terms.consultation
    data: dict = {"consultation": {"optam": consultation.optam, "basis": consultation.basis}}
    if consultation.non_optam is not None:
        data["consultation"]["non_optam"] = consultation.non_optam
    forfait = terms.forfait
    if forfait is not None:
        written = {}
        for key in ("practices", "per_session", "sessions_per_year", "per_year"):
            value = getattr(forfait, key)
            if value is not None:
                written[key] = str(value) if isinstance(value, PmssShare) else value
        for key in ("percent_of_price", "waiting_months"):
            if getattr(forfait, key) is not None:
                written[key] = getattr(forfait, key)
        written["aesthetic"] = forfait.aesthetic
        written["only_unreimbursed"] = forfait.only_unreimbursed
        data["forfait"] = written
    return data
