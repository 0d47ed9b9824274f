"""The wording of each note the engine emits, in English msgids translated through gettext."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from meso_cli import i18n
from meso_cli.engine import Note, Percent
from meso_cli.i18n import N_, translator
from meso_cli.money import format_eur, format_percent

TEMPLATES = {
    "aesthetic_no_secu": N_("aesthetic: no Sécu reimbursement"),
    "act_billing": N_("billed as the act alone (CCAM ANLB003, tariff 0 €): no Sécu reimbursement"),
    "out_of_pathway": N_(
        "out of the parcours de soins: Sécu rate {rate}; the penalty is not covered by a contrat"
        " responsable"
    ),
    "alsace_out_of_pathway": N_(
        "Alsace-Moselle out of the parcours de soins: rate taken as {rate} (uncertain)"
    ),
    "care_ignores_pathway": N_(
        "{care}: rate 100 %, the out-of-pathway penalty is not applied (uncertain)"
    ),
    "maternity_no_pf": N_("maternity: 100 %, no participation forfaitaire"),
    "exempt": N_("exempt from the participation forfaitaire (under 18, CSS, AME)"),
    "ald": N_("ALD: 100 %, the participation forfaitaire is still due"),
    "sector_3": N_(
        "secteur 3: reimbursed on the tarif d'autorité; whether the participation forfaitaire"
        " applies is unknown: it is deducted here"
    ),
    "sector_2_confidence": N_(
        "secteur 2 non OPTAM: its base is kept unchanged after 2024-12-22 (medium confidence)"
    ),
    "forfait_no_aesthetic": N_("{plan} forfait does not pay for aesthetic sessions"),
    "forfait_only_unreimbursed": N_(
        "{plan} forfait pays only for sessions the Sécu does not reimburse"
    ),
    "forfait_already_used": N_("forfait already used in {year}: {sessions} session(s), {amount}"),
    "price_below_base": N_("price below the base {base}: the Sécu reimburses on the price"),
    "pf_cap": N_("participation forfaitaire capped: {cap} a year reached in {year}"),
    "pf_above_share": N_(
        "participation forfaitaire {pf} above the Sécu share {share}: nothing paid back"
    ),
    "forfait_sessions_used_up": N_("{plan} forfait used up ({count} sessions in {year})"),
    "forfait_envelope_used_up": N_("{plan} forfait used up ({amount} in {year})"),
    "forfait_envelope_partial": N_("{plan} forfait: only {amount} left in {year}"),
    "base_changed": N_("base changed from {old} to {new} on {since}"),
    "pf_changed": N_("participation forfaitaire changed from {old} to {new} on {since}"),
}


def format_value(value: object, lang: str) -> str:
    if isinstance(value, Percent):
        return format_percent(value, lang)
    if isinstance(value, Decimal):
        return format_eur(value, lang)
    if isinstance(value, date):
        return format_date(value, lang)
    return str(value)


def format_date(day: date, lang: str) -> str:
    return day.strftime("%d/%m/%Y") if lang == "fr" else day.isoformat()


def render(note: Note, lang: str | None = None) -> str:
    """The note in `lang` (default: the active language); English for machine formats."""
    lang = lang or i18n.current()
    template = translator(lang)(TEMPLATES[note.code])
    params = {key: format_value(value, lang) for key, value in note.params}
    return template.format(**params)
