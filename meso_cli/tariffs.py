"""Sécu values keyed by effective date (OpenFisca style), from data/tariffs.yaml.

A parameter's value on a day is the newest one whose date is on or before it: a value holds until
a newer one is entered, so a day after the data's review date gets the latest known value (the
engine notes it). Before the first known day there is nothing to apply. Rulebook: docs/rules.md.
"""

import bisect
from datetime import date
from decimal import Decimal
from functools import lru_cache

from meso_cli.errors import InputError
from meso_cli.i18n import _
from meso_cli.tuples import NamedTuple


class Dated(NamedTuple):
    """One value of a parameter, in force from `since`, with where it comes from."""

    value: Decimal
    since: date
    reference: str
    confidence: str | None = None  # "medium" where the sources are thin or disagree


class Parameter:
    """A named, dated value with its unit (EUR, percent, points)."""

    def __init__(self, name: str, label: str, unit: str, values: list[Dated]):
        self.name = name
        self.label = label
        self.unit = unit
        self.values = sorted(values, key=lambda item: item.since)
        self._days = [item.since for item in self.values]

    def at(self, day: date) -> Dated:
        """The newest value whose date is on or before `day`."""
        index = bisect.bisect_right(self._days, day) - 1
        if index < 0:
            message = _("no {name} known before {day}")
            raise InputError(message.format(name=self.label, day=self._days[0].isoformat()))
        return self.values[index]

    def latest(self) -> Dated:
        return self.values[-1]


class Tariffs(NamedTuple):
    reviewed: date  # the day the data was last checked against its sources
    first_day: date  # nothing is known before it
    bases: dict[str, Parameter]
    rates: dict[str, Parameter]
    participation: Parameter
    participation_cap: Parameter
    pmss: Parameter  # plafond mensuel de la sécurité sociale, for forfaits in % PMSS
    responsible: dict[str, Parameter]

    def parameters(self) -> list[Parameter]:
        """Every parameter, in the order `meso tariffs` lists them."""
        return [
            *self.bases.values(),
            *self.rates.values(),
            self.participation,
            self.participation_cap,
            self.pmss,
            *self.responsible.values(),
        ]

    def change_dates(self) -> list[date]:
        """Every day on which some value changes, in order."""
        return sorted({value.since for p in self.parameters() for value in p.values})

    def base(self, practitioner: str, sector: str, referred: bool) -> Parameter:
        """The consultation base: a GP's G, or a specialist's (without the MCS when not referred)."""
        if practitioner == "gp":
            return self.bases[sector]
        direct = self.bases.get(f"specialist.{sector}.direct")
        return direct if direct is not None and not referred else self.bases[f"specialist.{sector}"]

    def check_day(self, day: date) -> None:
        if day < self.first_day:
            message = _("no tariff known before {first} (session on {day})")
            raise InputError(message.format(first=self.first_day, day=day))

    @classmethod
    def from_plain(cls, data: dict) -> "Tariffs":
        def group(section: str) -> dict[str, Parameter]:
            entries = data[section]
            found = {}
            for key, entry in entries.items():
                values = entries[entry["same_as"]] if "same_as" in entry else entry
                found[key] = Parameter(
                    f"{section}.{key}",
                    entry.get("label", f"{section}.{key}"),
                    values["unit"],
                    [
                        Dated(
                            Decimal(str(item["value"])),
                            date.fromisoformat(day),
                            item["reference"],
                            item.get("confidence"),
                        )
                        for day, item in values["values"].items()
                    ],
                )
            return found

        participation = group("participation")
        return cls(
            reviewed=date.fromisoformat(data["reviewed"]),
            first_day=date.fromisoformat(data["first_day"]),
            bases=group("base"),
            rates=group("rate"),
            participation=participation["amount"],
            participation_cap=participation["yearly_cap"],
            pmss=group("pmss")["monthly"],
            responsible=group("responsible"),
        )


@lru_cache(maxsize=1)
def load_tariffs() -> "Tariffs":
    """The shipped tariffs, from data/tariffs.yaml as compiled by tools/compile_data.py."""
    from meso_cli._compiled import TARIFFS

    return Tariffs.from_plain(TARIFFS)
