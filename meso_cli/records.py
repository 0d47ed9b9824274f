"""What an estimate is made of: the records each rule leaves, sessions, totals, notes.

Plain values with no behaviour beyond a few derived amounts, shared by the engine (which makes
them), decisions.py (which reads notes out of them) and the renderers.
"""

from datetime import date
from decimal import Decimal

from meso_cli.money import ZERO
from meso_cli.plan import Plan
from meso_cli.scenario import Scenario
from meso_cli.tariffs import Dated
from meso_cli.tuples import NamedTuple


class Percent(Decimal):
    """A rate shown as a percentage in notes (a Decimal in every other respect)."""


class Note(NamedTuple):
    """An assumption or rule that changed a figure; rendered (and translated) by notes.py."""

    code: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, code: str, **params) -> "Note":
        return cls(code, tuple(params.items()))


# The records: what each rule decided, kept for notes and --explain (never re-derived there).


class BaseRecord(NamedTuple):
    amount: Decimal  # the base the Sécu reimburses on
    tariff: Dated | None  # None: the act alone is billed (CCAM ANLB003, priced 0 €)
    label: str
    below_tariff: bool  # the price is below the tariff: the Sécu reimburses on the price
    secu: str = "reimbursed"  # whether the Sécu pays on it: reimbursed | aesthetic | act


class ShareRecord(NamedTuple):
    """The Sécu share before the PF; None on a session the Sécu does not reimburse."""

    amount: Decimal
    rate: Decimal
    normal_amount: Decimal  # at the normal rate: what a contrat responsable counts as paid
    normal_rate: Decimal


class ParticipationRecord(NamedTuple):
    amount: Decimal
    tariff: Dated | None  # None: no PF is due (exempt, maternity, not reimbursed)
    decision: str  # due | capped | below_share | not_due
    cap: Decimal | None = None
    year: int | None = None


class GuaranteeRecord(NamedTuple):
    amount: Decimal
    percent: Decimal
    basis: str  # total | on_top
    ceiling: Decimal  # percent × base


class ForfaitRecord(NamedTuple):
    amount: Decimal
    due: Decimal  # what is left after the Sécu (normal rate), the guarantee, percent_of_price
    per_session: Decimal | None  # in euros on the session day
    envelope_left: Decimal | None  # before this session
    sessions_left: int | None  # before this session
    plan_year: str
    # paid | nothing_due | sessions_used_up | envelope_used_up | envelope_partial | waiting
    decision: str
    limit: object = None  # the limit that stopped it, for the note (a date for waiting)
    pmss: Dated | None = None  # the PMSS used, when a limit is written in % PMSS
    percent_of_price: Decimal | None = None


class SessionResult(NamedTuple):
    number: int
    day: date
    price: Decimal
    base: Decimal
    secu: Decimal
    participation: Decimal
    mutuelle: Decimal
    remaining: Decimal
    notes: list[Note]
    # The records of each rule, in order (share, guarantee, forfait may be None: not applied).
    base_record: BaseRecord | None = None
    share_record: ShareRecord | None = None
    participation_record: ParticipationRecord | None = None
    guarantee_record: GuaranteeRecord | None = None
    forfait_record: ForfaitRecord | None = None

    @property
    def share(self) -> Decimal:
        return self.share_record.amount if self.share_record else ZERO

    @property
    def guarantee(self) -> Decimal:
        return self.guarantee_record.amount if self.guarantee_record else ZERO

    @property
    def forfait(self) -> Decimal:
        return self.forfait_record.amount if self.forfait_record else ZERO


class Totals(NamedTuple):
    price: Decimal
    secu: Decimal
    participation: Decimal
    mutuelle: Decimal
    remaining: Decimal


class Estimate(NamedTuple):
    scenario: Scenario
    plan: Plan | None
    sessions: list[SessionResult]
    totals: Totals
    notes: list[Note]  # scenario-wide assumptions
