"""The wording of each note the engine emits, in English msgids translated through gettext."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from meso_cli import i18n
from meso_cli.i18n import N_, ngettext, translator
from meso_cli.money import format_eur, format_percent
from meso_cli.records import Note, Percent

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
    "sector_3": N_("secteur 3: the Sécu reimburses on the tarif d'autorité only"),
    "pf_cap_paid": N_(
        "participation forfaitaire capped: {cap} a year reached in {year}, {paid} of it paid"
        " before these sessions"
    ),
    "pf_already_paid": N_("participation forfaitaire already paid in {year}: {amount}"),
    "specialist": N_(
        "specialist consultation; an APC (a one-off opinion asked by the médecin traitant) is not"
        " a session of a protocol and is not estimated"
    ),
    "uncertain_value": N_("{label}: {value} is uncertain (medium confidence): {reference}"),
    "after_review": N_(
        "after {reviewed}, the day the tariff data was last reviewed, the figures use the values"
        " known on that day: check for an update of meso"
    ),
    "forfait_waiting": N_("{plan} forfait: waiting period (délai de carence) until {until}"),
    "forfait_not_covered": N_(
        "{plan}: this plan's médecines douces list does not include mesotherapy: no forfait"
    ),
    "membership_assumed": N_(
        "{plan}: no membership date (--member-since): the waiting period is taken as over, and"
        " the first membership year as starting with the first session"
    ),
    "forfait_no_aesthetic": N_("{plan} forfait does not pay for aesthetic sessions"),
    "forfait_only_unreimbursed": N_(
        "{plan} forfait pays only for sessions the Sécu does not reimburse"
    ),
    "forfait_already_used": lambda params, lang: ngettext(
        "forfait already used in {year}: {sessions} session, {amount}",
        "forfait already used in {year}: {sessions} sessions, {amount}",
        params["sessions"],
        lang,
    ),
    "price_below_base": N_("price below the base {base}: the Sécu reimburses on the price"),
    "pf_cap": N_("participation forfaitaire capped: {cap} a year reached in {year}"),
    "pf_below_share": N_(
        "the Sécu share {share} is below the participation forfaitaire {pf}: no participation is"
        " deducted"
    ),
    "forfait_sessions_used_up": lambda params, lang: ngettext(
        "{plan} forfait used up ({count} session in {year})",
        "{plan} forfait used up ({count} sessions in {year})",
        params["count"],
        lang,
    ),
    "forfait_envelope_used_up": N_("{plan} forfait used up ({amount} in {year})"),
    "forfait_envelope_partial": N_("{plan} forfait: only {amount} left in {year}"),
    "base_changed": N_("base changed from {old} to {new} on {since}"),
    "pf_changed": N_("participation forfaitaire changed from {old} to {new} on {since}"),
    "pmss_changed": N_("PMSS changed from {old} to {new} on {since}: the forfait's % PMSS too"),
    "not_member_yet": N_(
        "{plan}: member since {since}: the plan pays nothing for the sessions before that day"
    ),
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
    template = TEMPLATES[note.code]
    if callable(template):  # a message with a plural: ngettext picks the form for the count
        template = template(dict(note.params), lang)
    else:
        template = translator(lang)(template)
    params = {key: format_value(value, lang) for key, value in note.params}
    return template.format(**params)
