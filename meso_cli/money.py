"""Money as Decimal: parsing, rounding half-up to the cent, formatting per locale."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from meso_cli.i18n import _

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
MAX_AMOUNT = Decimal(10) ** 9  # far above any real fee, far below Decimal's precision


def cents(amount: Decimal) -> Decimal:
    """Round half-up to the cent, as the Sécu and insurers do."""
    return amount.quantize(CENT, ROUND_HALF_UP)  # positional: a keyword costs a third more


def percent_of(percent: Decimal, amount: Decimal) -> Decimal:
    """percent % of amount, rounded half-up to the cent (scaleb(-2): an exact ÷ 100)."""
    return (percent * amount).scaleb(-2).quantize(CENT, ROUND_HALF_UP)


# ASCII digits only (Decimal() would take '٤٥', '1e3', '1_000' or 'NaN'); a dot or a comma.
_AMOUNT = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")


def parse_amount(text: str) -> Decimal:
    """A euro amount as typed by a person: '45', '45.5', '45,50', '45 €'. ValueError says why not."""
    cleaned = str(text).strip().removesuffix("€").strip()
    if not _AMOUNT.fullmatch(cleaned):
        raise ValueError(_("expected an amount in euros, got {value}").format(value=repr(text)))
    value = Decimal(cleaned.replace(",", "."))
    if value < 0:
        raise ValueError(_("must not be negative, got {value}").format(value=text))
    if value >= MAX_AMOUNT:
        raise ValueError(_("is too large: {value}").format(value=text))
    if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        raise ValueError(_("has more than two decimals: {value}").format(value=text))
    return value.quantize(CENT)


def plain(amount: Decimal) -> str:
    """Dot-decimal with two decimals, for machine formats: '1234.50'."""
    return f"{amount:.2f}"


# Typography per locale, as CLDR writes it: French groups with a narrow no-break space and puts
# the sign after a no-break space; English puts the sign first.
_NNBSP = "\u202f"
_NBSP = "\u00a0"


def format_eur(amount: Decimal, lang: str = "en") -> str:
    text = f"{abs(amount):,.2f}"
    sign = "-" if amount < 0 else ""
    if lang == "fr":
        text = text.replace(",", _NNBSP).replace(".", ",")
        return f"{sign}{text}{_NBSP}€"
    return f"{sign}€{text}"


def format_percent(value: Decimal, lang: str = "en") -> str:
    text = f"{value.normalize():f}"
    if lang == "fr":
        return f"{text.replace('.', ',')}{_NBSP}%"
    return f"{text} %"
