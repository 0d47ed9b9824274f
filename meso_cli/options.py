"""The options every command shares, defined once (sqlite-utils style): scenario and output."""

import enum
from typing import Annotated

import typer

from meso_cli.discovery import complete_plan_id
from meso_cli.scenario import Billing, Care, Practitioner, Purpose, Regime, Sector


class Format(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"


class Lang(str, enum.Enum):
    en = "en"
    fr = "fr"


# Scenario options, shared by estimate and compare (and named like the batch columns).
PlanOpt = Annotated[
    str | None,
    typer.Option(
        "--plan",
        "-p",
        metavar="NAME|PATH",
        help="Plan id or YAML path (none: Sécu only).",
        autocompletion=complete_plan_id,
    ),
]
SessionsOpt = Annotated[
    int | None,
    typer.Option(
        "--sessions", "-n", metavar="N", help="Number of sessions [default: 3].", show_default=False
    ),
]
PriceOpt = Annotated[
    str | None,
    typer.Option(
        "--price",
        metavar="EUR",
        help="Price of a session in € [default: 45 therapeutic, 150 aesthetic].",
    ),
]
PurposeOpt = Annotated[Purpose | None, typer.Option("--purpose", help="[default: therapeutic]")]
SectorOpt = Annotated[Sector | None, typer.Option("--sector", help="Doctor's sector [default: 1].")]
StartOpt = Annotated[
    str | None,
    typer.Option(
        "--start", metavar="YYYY-MM-DD", help="First session, YYYY-MM-DD [default: today]."
    ),
]
EveryOpt = Annotated[
    int | None, typer.Option("--every", metavar="DAYS", help="Days between sessions [default: 7].")
]
RegimeOpt = Annotated[Regime | None, typer.Option("--regime", help="[default: general]")]
CareOpt = Annotated[
    Care | None, typer.Option("--care", help="ald or maternity: 100 % [default: standard].")
]
PathwayOpt = Annotated[
    bool, typer.Option("--out-of-pathway", help="Not referred by the médecin traitant: 30 %.")
]
ExemptOpt = Annotated[
    bool, typer.Option("--exempt", help="No participation forfaitaire (under 18, CSS, AME).")
]
BillingOpt = Annotated[
    Billing | None,
    typer.Option(
        "--billing", help="consultation (Sécu pays on G) or act (0 €) [default: consultation]."
    ),
]
UsedSessionsOpt = Annotated[
    int | None,
    typer.Option(
        "--used-sessions",
        metavar="N",
        help="Forfait sessions already used in the first session's plan year.",
    ),
]
UsedAmountOpt = Annotated[
    str | None,
    typer.Option(
        "--used-amount",
        metavar="EUR",
        help="Forfait € already used in the first session's plan year.",
    ),
]
PractitionerOpt = Annotated[
    Practitioner | None,
    typer.Option(
        "--practitioner",
        help="gp (a GP or médecin du sport: G) or specialist (rhumatologue, MPR) [default: gp].",
    ),
]
PfPaidOpt = Annotated[
    str | None,
    typer.Option(
        "--pf-paid",
        metavar="EUR",
        help="Participations forfaitaires already paid this calendar year, 0 to 50 [default: 0].",
    ),
]
MemberSinceOpt = Annotated[
    str | None,
    typer.Option(
        "--member-since",
        metavar="YYYY-MM-DD",
        help="Day you joined the plan: its waiting period, membership year and seniority.",
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colour (as NO_COLOR).")]
LangOpt = Annotated[
    Lang | None,
    typer.Option("--lang", help="Language of tables and messages [default: from LANG]."),
]
