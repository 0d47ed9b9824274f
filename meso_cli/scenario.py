"""The patient's situation and the protocol, validated the same way from options and batch rows."""

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

from meso_cli.errors import InputError
from meso_cli.i18n import _
from meso_cli.money import parse_amount
from meso_cli.tuples import NamedTuple

MAX_SESSIONS = 100  # a protocol is 3-4 sessions; 100 covers two years of weekly sessions
MAX_EVERY = 366
MAX_USED_SESSIONS = 366
DEFAULT_PRICE = {"therapeutic": Decimal("45.00"), "aesthetic": Decimal("150.00")}


# The values each choice accepts (plain tuples: an Enum class costs ~0.5 ms of start-up each).
CHOICES = {
    "purpose": ("therapeutic", "aesthetic"),
    "sector": ("1", "2-optam", "2", "3"),
    "regime": ("general", "alsace-moselle"),
    "care": ("standard", "ald", "maternity"),
    "billing": ("consultation", "act"),
    "practitioner": ("gp", "specialist"),  # gp: a GP or a médecin du sport; specialist: CS
}


class Scenario(NamedTuple):
    start: date
    sessions: int = 3
    price: Decimal = DEFAULT_PRICE["therapeutic"]
    purpose: str = "therapeutic"
    sector: str = "1"
    every: int = 7
    regime: str = "general"
    care: str = "standard"
    out_of_pathway: bool = False
    exempt: bool = False
    billing: str = "consultation"
    used_sessions: int = 0
    used_amount: Decimal = Decimal("0.00")
    practitioner: str = "gp"
    pf_paid: Decimal = Decimal("0.00")  # PF already paid in the first session's calendar year
    member_since: date | None = None  # membership of the plan: waiting periods, seniority

    # By day numbers: timedelta() parses its arguments as keywords, three times slower.
    def day(self, number: int) -> date:
        """The day of session `number` (1 = the first)."""
        return date.fromordinal(self.start.toordinal() + self.every * (number - 1))

    def days(self, first: int = 1) -> Iterator[date]:
        """The days of sessions `first` to the last, in order: day(n) for each."""
        start, every = self.start.toordinal(), self.every
        for index in range(first - 1, self.sessions):
            yield date.fromordinal(start + every * index)

    def as_plain(self) -> dict:
        return {
            "sessions": self.sessions,
            "price": self.price,
            "purpose": self.purpose,
            "sector": self.sector,
            "start": self.start.isoformat(),
            "every": self.every,
            "regime": self.regime,
            "care": self.care,
            "out_of_pathway": self.out_of_pathway,
            "exempt": self.exempt,
            "billing": self.billing,
            "used_sessions": self.used_sessions,
            "used_amount": self.used_amount,
            "practitioner": self.practitioner,
            "pf_paid": self.pf_paid,
            "member_since": self.member_since.isoformat() if self.member_since else None,
        }


FIELDS = Scenario._fields


def option_label(name: str) -> str:
    return "--" + name.replace("_", "-")


def make_scenario(values: Mapping[str, object], today: date, label=option_label) -> Scenario:
    """A Scenario from options or a batch row: values may be typed or text; None means default.

    `label(name)` names a field in messages: "--price" for options, "price" for batch columns.
    Fields are checked in the order of `values`; other keys (id, plan) are left alone.
    """
    parsed: list = [None] * len(FIELDS)
    for name, raw in values.items():
        index = _INDEX.get(name)
        if index is not None:
            parsed[index] = _parse(name, raw, label)
    return scenario_of(parsed, today)


def parse_row(raw: Sequence, label=str) -> list:
    """The scenario fields of a batch row, parsed: `raw` holds their texts first, in FIELDS order
    ("" for a default); the result holds the values, None for a default. InputError if bad.

    Each text is parsed once per field (batch rows repeat "45", "2026-03-02"): the lookups of a
    whole row run in C, and only a text not seen yet goes through its parser.
    """
    values = list(map(dict.get, _CACHES, raw, _NOT_SEEN))
    if _MISSING in values:
        for index, value in enumerate(values):
            if value is _MISSING:
                values[index] = _parse(FIELDS[index], raw[index], label)
    return values


def parsed_texts(name: str) -> dict:
    """The texts of one field parsed so far, with their values ("" → None: the default)."""
    return _PARSED[name]


def scenario_of(values: Sequence, today: date) -> Scenario:
    """The Scenario of parsed values in FIELDS order (None: the default), its span checked."""
    fields = {name: value for name, value in zip(FIELDS, values, strict=True) if value is not None}
    fields.setdefault("price", DEFAULT_PRICE[fields.get("purpose", "therapeutic")])
    fields.setdefault("start", today)
    return check_span(Scenario(**fields))


def last_day(start: date, every: int, sessions: int) -> date:
    """The day of the last session, if it is a real day (not after 9999-12-31)."""
    try:
        return start + timedelta(days=every * (sessions - 1))
    except OverflowError:  # 9999-12-01, 100 sessions every 366 days
        raise InputError(_("the sessions run past 9999-12-31")) from None


def check_span(scenario: Scenario) -> Scenario:
    """The scenario, if its last session is a real day (not after 9999-12-31)."""
    last_day(scenario.start, scenario.every, scenario.sessions)
    return scenario


def _parse(name: str, raw: object, label) -> object:
    """One field's value from an option or a cell, through the cache of its texts."""
    if raw is None or raw == "":
        return None
    if raw.__class__ is str:
        key = raw
    elif isinstance(raw, (list, dict)):
        message = _("expected a single value, got {value}").format(value=repr(raw))
        raise InputError(f"{label(name)}: {message}")
    else:
        key = (raw.__class__, raw)  # JSON true and 1 are equal keys: keep their types apart
    cache = _PARSED[name]
    parsed = cache.get(key, _MISSING)
    if parsed is _MISSING:
        try:
            parsed = _PARSERS[name](raw)
        except ValueError as error:  # not cached: the message is in the user's language
            raise InputError(f"{label(name)}: {error}") from None
        if len(cache) >= _PARSED_MAX:
            cache.clear()  # bounded: batch memory stays flat
            cache[""] = None
        cache[key] = parsed
    return parsed


def parse_field(name: str, raw: object) -> object:
    """One field's value from text, as an option or a batch column gives it; ValueError if bad."""
    return _PARSERS[name](raw)


# Batch rows repeat the same texts ("45", "2026-03-02"): each is parsed once per field.
_PARSED_MAX = 10_000
_MISSING = object()


# ASCII digits only: int() and str.isdigit() would take '３' or '٤٥'.
_WHOLE = re.compile(r"-?[0-9]+")
# The two ways people write a day: ISO (2026-02-02) and French (02/02/2026); nothing else
# (date.fromisoformat would take 20260202 and 2026-W06-1 on Python 3.11).
_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_FRENCH_DAY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


def _whole(low: int, high: int):
    def parse(raw) -> int:
        text = str(raw).strip()
        if isinstance(raw, bool) or not _WHOLE.fullmatch(text):
            raise ValueError(_("expected a whole number, got {value}").format(value=repr(raw)))
        number = int(text)
        if not low <= number <= high:
            message = _("must be from {low} to {high}, got {value}")
            raise ValueError(message.format(low=low, high=high, value=number))
        return number

    return parse


def _price(raw) -> Decimal:
    value = parse_amount(str(raw))
    if value == 0:
        raise ValueError(_("must be above 0"))
    return value


def parse_day(raw) -> date:
    """A day as YYYY-MM-DD or DD/MM/YYYY; ValueError (in the user's language) otherwise."""
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    iso = _ISO_DAY.fullmatch(text)
    french = None if iso else _FRENCH_DAY.fullmatch(text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if french:
            return date(int(french[3]), int(french[2]), int(french[1]))
    except ValueError:
        pass
    message = _("expected a real date as YYYY-MM-DD or DD/MM/YYYY, got {value}")
    raise ValueError(message.format(value=repr(raw)))


def _flag(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "y", "oui"):
        return True
    if text in ("0", "false", "no", "n", "non"):
        return False
    raise ValueError(_("expected true or false, got {value}").format(value=repr(raw)))


def _choice(allowed: tuple[str, ...]):
    def parse(raw) -> str:
        text = str(raw).strip()
        if text not in allowed:
            message = _("expected one of {choices}, got {value}")
            raise ValueError(message.format(choices=", ".join(allowed), value=repr(raw)))
        return text

    return parse


def _pf_paid(raw) -> Decimal:
    """Towards the yearly cap, so at most the cap itself (read from the tariff data)."""
    from meso_cli.tariffs import load_tariffs

    value = parse_amount(str(raw))
    cap = load_tariffs().participation_cap.latest().value
    if value > cap:
        raise ValueError(_("must be from 0 to {high}, got {value}").format(high=cap, value=value))
    return value


_PARSERS = {
    "start": parse_day,
    "member_since": parse_day,
    "sessions": _whole(1, MAX_SESSIONS),
    "price": _price,
    "every": _whole(1, MAX_EVERY),
    "out_of_pathway": _flag,
    "exempt": _flag,
    "used_sessions": _whole(0, MAX_USED_SESSIONS),
    "used_amount": lambda raw: parse_amount(str(raw)),
    "pf_paid": _pf_paid,
    **{name: _choice(kind) for name, kind in CHOICES.items()},
}
_PARSED: dict[str, dict] = {name: {"": None} for name in FIELDS}  # "": the default
_CACHES = tuple(_PARSED[name] for name in FIELDS)
_INDEX = {name: index for index, name in enumerate(FIELDS)}
_NOT_SEEN = (_MISSING,) * len(FIELDS)
