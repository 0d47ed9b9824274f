"""A mutuelle plan: its consultation guarantee, its forfait médecines douces, its plan year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from meso_cli.money import HUNDRED


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
    """The forfait médecines douces: any subset of three limits, per plan year."""

    per_session: Decimal | None = None
    sessions_per_year: int | None = None
    per_year: Decimal | None = None
    aesthetic: bool = False
    only_unreimbursed: bool = False


class Plan(NamedTuple):
    id: str
    name: str
    insurer: str | None = None
    source: str | None = None
    year: str = "calendar"  # calendar | contract
    contract_start: tuple[int, int] | None = None  # (month, day) when year is contract
    consultation: Consultation = Consultation()
    forfait: Forfait | None = None
    responsible: bool = True
    origin: str = ""  # where it was found: a path, or "built-in"

    @property
    def label(self) -> str:
        return self.insurer or self.name

    def year_start(self, day: date) -> date:
        """First day of the plan year that contains `day`."""
        if self.year != "contract" or self.contract_start is None:
            return date(day.year, 1, 1)
        month, dom = self.contract_start
        start = date(day.year, month, dom)
        return start if start <= day else date(day.year - 1, month, dom)

    def year_label(self, day: date) -> str:
        start = self.year_start(day)
        if self.year != "contract":
            return str(start.year)
        return f"{start.isoformat()}/{date(start.year + 1, start.month, start.day).isoformat()}"

    @classmethod
    def from_plain(cls, plan_id: str, data: dict, origin: str = "") -> Plan:
        """From validated plain data (see planfile.py), amounts as str, int or Decimal."""

        def amount(value):
            return None if value is None else Decimal(str(value))

        consultation = data.get("consultation") or {}
        forfait = data.get("forfait")
        start = data.get("contract_start")
        return cls(
            id=plan_id,
            name=data["name"],
            insurer=data.get("insurer"),
            source=data.get("source"),
            year=data.get("year", "calendar"),
            contract_start=tuple(int(part) for part in start.split("-")) if start else None,
            consultation=Consultation(
                optam=amount(consultation.get("optam", 100)),
                non_optam=amount(consultation.get("non_optam")),
                basis=consultation.get("basis", "total"),
            ),
            forfait=None
            if forfait is None
            else Forfait(
                per_session=amount(forfait.get("per_session")),
                sessions_per_year=forfait.get("sessions_per_year"),
                per_year=amount(forfait.get("per_year")),
                aesthetic=bool(forfait.get("aesthetic", False)),
                only_unreimbursed=bool(forfait.get("only_unreimbursed", False)),
            ),
            responsible=bool(data.get("responsible", True)),
            origin=origin,
        )

    def to_plain(self) -> dict:
        """The plan in the plan-file format (Decimals kept), defaults written out."""
        consultation = {"optam": self.consultation.optam, "basis": self.consultation.basis}
        if self.consultation.non_optam is not None:
            consultation["non_optam"] = self.consultation.non_optam
        data: dict = {"name": self.name}
        for key in ("insurer", "source"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        data["year"] = self.year
        if self.contract_start:
            data["contract_start"] = "{:02d}-{:02d}".format(*self.contract_start)
        data["consultation"] = consultation
        if self.forfait is not None:
            forfait = self.forfait
            data["forfait"] = {
                key: getattr(forfait, key)
                for key in ("per_session", "sessions_per_year", "per_year")
                if getattr(forfait, key) is not None
            }
            data["forfait"]["aesthetic"] = forfait.aesthetic
            data["forfait"]["only_unreimbursed"] = forfait.only_unreimbursed
        data["responsible"] = self.responsible
        return data
