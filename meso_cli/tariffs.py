"""Sécu tariffs keyed by effective date (OpenFisca-style), read from data/tariffs.yaml."""

from __future__ import annotations

import bisect
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from meso_cli.errors import InputError
from meso_cli.i18n import _

SECTORS = ("1", "2-optam", "2", "3")
RATE_CASES = ("general", "out_of_pathway", "alsace-moselle", "ald", "maternity")


class Dated(NamedTuple):
    """One value of a parameter, in force from `since`, with where it comes from."""

    value: Decimal
    since: date
    reference: str


class Parameter:
    def __init__(self, name: str, values: list[Dated], label: str = ""):
        self.name = name
        self.label = label or name
        self.values = sorted(values, key=lambda item: item.since)
        self._days = [item.since for item in self.values]

    def at(self, day: date) -> Dated:
        """The newest value whose date is on or before `day`."""
        index = bisect.bisect_right(self._days, day) - 1
        if index < 0:
            message = _("no {name} known before {day}")
            raise InputError(message.format(name=self.name, day=self._days[0].isoformat()))
        return self.values[index]


class Tariffs(NamedTuple):
    reviewed: date
    covers_from: date
    covers_until: date
    bases: dict[str, Parameter]
    rates: dict[str, Parameter]
    participation: Parameter
    participation_cap: Parameter

    def change_dates(self) -> list[date]:
        """Every day on which some value changes, in order."""
        parameters = [
            *self.bases.values(),
            *self.rates.values(),
            self.participation,
            self.participation_cap,
        ]
        return sorted({value.since for parameter in parameters for value in parameter.values})

    def check_day(self, day: date) -> None:
        if day < self.covers_from:
            message = _("no tariff known before {first} (session on {day})")
            raise InputError(message.format(first=self.covers_from, day=day))
        if day > self.covers_until:
            message = _(
                "no tariff known after {last} (session on {day}): the tariff data was reviewed"
                " on {reviewed}"
            )
            raise InputError(
                message.format(last=self.covers_until, day=day, reviewed=self.reviewed)
            )

    @classmethod
    def from_plain(cls, data: dict) -> Tariffs:
        def parameter(name: str, entry: dict, label: str = "") -> Parameter:
            values = [
                Dated(Decimal(str(item["value"])), date.fromisoformat(day), item["reference"])
                for day, item in entry["values"].items()
            ]
            return Parameter(name, values, label or entry.get("label", ""))

        bases: dict[str, Parameter] = {}
        for sector, entry in data["base"].items():
            source = data["base"][entry["same_as"]] if "same_as" in entry else entry
            bases[sector] = parameter(f"base for secteur {sector}", source, entry.get("label", ""))
        return cls(
            reviewed=date.fromisoformat(data["reviewed"]),
            covers_from=date.fromisoformat(data["covers"]["from"]),
            covers_until=date.fromisoformat(data["covers"]["until"]),
            bases=bases,
            rates={case: parameter(f"rate {case}", entry) for case, entry in data["rate"].items()},
            participation=parameter("participation forfaitaire", data["participation"]["amount"]),
            participation_cap=parameter(
                "participation forfaitaire yearly cap", data["participation"]["yearly_cap"]
            ),
        )


@lru_cache(maxsize=1)
def load_tariffs() -> Tariffs:
    """The shipped tariffs, from data/tariffs.yaml as compiled by tools/compile_data.py."""
    from meso_cli._compiled import TARIFFS

    return Tariffs.from_plain(TARIFFS)
