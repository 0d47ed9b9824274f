"""The options every command shares, defined once (sqlite-utils style): scenario and output.

Every scenario option is text here and is parsed by scenario.py, like a batch column: each one
accepts the same forms and fails with the same message shape (`meso: --sessions: must be from 1
to 100, got 0`). Help texts are English msgids (N_); cli.py translates them when it builds a
command, once the language is known. The defaults are written in the help text (not by Typer's
`show_default`), so that they are translated with it.
"""

import enum
from typing import Annotated

import typer

from meso_cli.discovery import complete_plan_id
from meso_cli.i18n import N_
from meso_cli.scenario import CHOICES


class Format(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"


class Lang(str, enum.Enum):
    en = "en"
    fr = "fr"


def _choices(field: str):
    """Shell completion of a scenario choice (the option itself is text, checked by scenario.py)."""
    values = CHOICES[field]

    def complete(incomplete: str) -> list[str]:
        return [value for value in values if value.startswith(incomplete)]

    return complete


def _choice_metavar(field: str) -> str:
    return "|".join(CHOICES[field])


# Scenario options, shared by estimate and compare (and named like the batch columns).
PlanOpt = Annotated[
    str | None,
    typer.Option(
        "--plan",
        "-p",
        metavar="NAME|PATH",
        help=N_("Plan id (see 'meso plans list') or a plan YAML file [default: none, Sécu only]."),
        autocompletion=complete_plan_id,
    ),
]
SessionsOpt = Annotated[
    str | None,
    typer.Option(
        "--sessions", "-n", metavar="N", help=N_("Number of sessions, 1 to 100 [default: 3].")
    ),
]
PriceOpt = Annotated[
    str | None,
    typer.Option(
        "--price",
        metavar="EUR",
        help=N_(
            "Price of one session in euros, above 0, two decimals at most: 45, 45.50 or 45,50"
            " [default: 45 therapeutic, 150 aesthetic]."
        ),
    ),
]
PurposeOpt = Annotated[
    str | None,
    typer.Option(
        "--purpose",
        metavar=_choice_metavar("purpose"),
        autocompletion=_choices("purpose"),
        help=N_(
            "therapeutic: care for a health problem (pain, tendinitis…), reimbursed; aesthetic:"
            " cosmetic, nothing from the Sécu [default: therapeutic]."
        ),
    ),
]
SectorOpt = Annotated[
    str | None,
    typer.Option(
        "--sector",
        metavar=_choice_metavar("sector"),
        autocompletion=_choices("sector"),
        help=N_(
            "The doctor's sector (shown on annuaire.ameli.fr): 1 charges the Sécu tariff; 2-optam"
            " may charge more but has signed to limit it; 2 sets the fee freely, lower Sécu"
            " base; 3 outside the convention, almost nothing back [default: 1]."
        ),
    ),
]
StartOpt = Annotated[
    str | None,
    typer.Option(
        "--start",
        metavar="DATE",
        help=N_("First session, YYYY-MM-DD or DD/MM/YYYY, from 2017-05-01 on [default: today]."),
    ),
]
EveryOpt = Annotated[
    str | None,
    typer.Option(
        "--every", metavar="DAYS", help=N_("Days between sessions, 1 to 366 [default: 7].")
    ),
]
RegimeOpt = Annotated[
    str | None,
    typer.Option(
        "--regime",
        metavar=_choice_metavar("regime"),
        autocompletion=_choices("regime"),
        help=N_(
            "Your health insurance scheme: general (Sécu pays 70 %) or alsace-moselle (the local"
            " scheme of Bas-Rhin, Haut-Rhin and Moselle, 90 %) [default: general]."
        ),
    ),
]
CareOpt = Annotated[
    str | None,
    typer.Option(
        "--care",
        metavar=_choice_metavar("care"),
        autocompletion=_choices("care"),
        help=N_(
            "standard; ald: care for a long-term illness (affection de longue durée), 100 %, the"
            " participation forfaitaire still due; maternity: from the 6th month of pregnancy to"
            " 12 days after birth, 100 %, no participation forfaitaire [default: standard]."
        ),
    ),
]
PathwayOpt = Annotated[
    bool,
    typer.Option(
        "--out-of-pathway",
        help=N_(
            "Not referred by your médecin traitant (out of the parcours de soins): the Sécu pays"
            " 30 %, not 70 % [default: off]."
        ),
    ),
]
ExemptOpt = Annotated[
    bool,
    typer.Option(
        "--exempt",
        help=N_("No participation forfaitaire (under 18, CSS, AME) [default: off]."),
    ),
]
BillingOpt = Annotated[
    str | None,
    typer.Option(
        "--billing",
        metavar=_choice_metavar("billing"),
        autocompletion=_choices("billing"),
        help=N_(
            "How the doctor bills: consultation (the GP consultation G, reimbursed) or act (the"
            " mesotherapy act ANLB003 alone, priced 0 €: nothing from the Sécu)"
            " [default: consultation]."
        ),
    ),
]
UsedSessionsOpt = Annotated[
    str | None,
    typer.Option(
        "--used-sessions",
        metavar="N",
        help=N_(
            "Forfait sessions already paid by the plan in the plan year of the first session,"
            " 0 to 366 [default: 0]."
        ),
    ),
]
UsedAmountOpt = Annotated[
    str | None,
    typer.Option(
        "--used-amount",
        metavar="EUR",
        help=N_(
            "Forfait euros already paid by the plan in the plan year of the first session"
            " [default: 0]."
        ),
    ),
]
PractitionerOpt = Annotated[
    str | None,
    typer.Option(
        "--practitioner",
        metavar=_choice_metavar("practitioner"),
        autocompletion=_choices("practitioner"),
        help=N_(
            "Who gives the sessions: gp (a GP or a médecin du sport, consultation G) or specialist"
            " (rhumatologue, MPR: the specialist consultation) [default: gp]."
        ),
    ),
]
PfPaidOpt = Annotated[
    str | None,
    typer.Option(
        "--pf-paid",
        metavar="EUR",
        help=N_(
            "Participations forfaitaires already paid this calendar year (at other doctors too),"
            " 0 to 50 [default: 0]."
        ),
    ),
]
MemberSinceOpt = Annotated[
    str | None,
    typer.Option(
        "--member-since",
        metavar="DATE",
        help=N_(
            "The day you joined the plan, YYYY-MM-DD or DD/MM/YYYY: its waiting period, membership"
            " year and seniority [default: unknown]."
        ),
    ),
]
FormatOpt = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        show_default=False,
        help=N_("Output format: table, json, csv or tsv [default: table]."),
    ),
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help=N_("No colour (as NO_COLOR)."))]
LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help=N_(
            "Language of tables and messages, en or fr [default: from LANGUAGE, LC_ALL,"
            " LC_MESSAGES or LANG]."
        ),
    ),
]
