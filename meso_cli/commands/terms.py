"""meso explain-terms: the words of French health insurance that a patient must pick, in two lines."""

import typer

from meso_cli.cliutil import environment
from meso_cli.i18n import N_, _
from meso_cli.options import LangOpt

# (term, two lines): the terms stay in French, as they are written on a bill or a contract.
TERMS = (
    (
        "secteur 1",
        N_(
            "The doctor charges the Sécu tariff (30 € for a GP consultation), no extra fee.\n"
            "The Sécu and the mutuelle pay back on that tariff: the cheapest choice."
        ),
    ),
    (
        "secteur 2",
        N_(
            "The doctor sets the fee freely (dépassement d'honoraires above the tariff).\n"
            "Outside OPTAM, the Sécu pays back on a lower base (23 €): more is left to you."
        ),
    ),
    (
        "OPTAM",
        N_(
            "An agreement some secteur 2 doctors sign to limit their extra fees.\n"
            "Their patients are paid back on the secteur 1 base (--sector 2-optam)."
        ),
    ),
    (
        "secteur 3",
        N_(
            "The doctor is outside the convention with the Sécu (non conventionné).\n"
            "The Sécu pays back on a token tariff (0.61 € for a GP): almost nothing."
        ),
    ),
    (
        "parcours de soins",
        N_(
            "Care coordinated by your médecin traitant, the GP you declared to the Sécu.\n"
            "Not referred by them, the Sécu pays 30 %, not 70 % (--out-of-pathway)."
        ),
    ),
    (
        "ALD",
        N_(
            "Affection de longue durée: a long-term illness recognised by the Sécu.\n"
            "Care linked to it is paid at 100 %; the PF is still due (--care ald)."
        ),
    ),
    (
        "PF",
        N_(
            "Participation forfaitaire: 2 € the Sécu keeps on each consultation since 2024-05-15.\n"
            "At most 50 € a year; none under 18, with the CSS or AME, or in maternity."
        ),
    ),
    (
        "BR",
        N_(
            "Base de remboursement: the tariff the Sécu pays back on (30 € for a GP in secteur 1).\n"
            "Mutuelles write their guarantees in % BR: 100 % BR = the whole tariff."
        ),
    ),
    (
        "forfait médecines douces",
        N_(
            "A yearly allowance of some mutuelles for alternative care such as mesotherapy:\n"
            "so many € a session, so many sessions or € a year (see 'meso plans show')."
        ),
    ),
    (
        "reste à charge",
        N_(
            "What is left for you to pay: the price minus what the Sécu and the mutuelle pay.\n"
            "It is the last column of 'meso estimate' and what 'meso compare' ranks."
        ),
    ),
)


def explain_terms(ctx: typer.Context, lang: LangOpt = None) -> None:
    """What the words of French health insurance mean (help text: meso_cli/helptext.py)."""
    env = environment(ctx, lang=lang)
    blocks = []
    for term, lines in TERMS:
        blocks.append(term + "\n" + "".join(f"  {line}\n" for line in _(lines).split("\n")))
    env.stdout.write("\n".join(blocks))
