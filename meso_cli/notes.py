"""The wording of each note the engine emits, in English msgids translated through gettext."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from meso_cli import i18n
from meso_cli.engine import Note, Percent
from meso_cli.i18n import _
from meso_cli.money import format_eur, format_percent


def _t(message: str) -> str:
    """Marks a msgid for extraction; translated when rendered."""
    return message


TEMPLATES = {
    "aesthetic_no_secu": _t("aesthetic: no Sécu reimbursement"),
    "act_billing": _t("billed as the act alone (CCAM ANLB003, tariff 0 €): no Sécu reimbursement"),
    "out_of_pathway": _t(
        "out of the parcours de soins: Sécu rate {rate}; the penalty is not covered by a contrat"
        " responsable"
    ),
    "alsace_out_of_pathway": _t(
        "Alsace-Moselle out of the parcours de soins: rate taken as {rate} (uncertain)"
    ),
    "care_ignores_pathway": _t(
        "{care}: rate 100 %, the out-of-pathway penalty is not applied (uncertain)"
    ),
    "maternity_no_pf": _t("maternity: 100 %, no participation forfaitaire"),
    "exempt": _t("exempt from the participation forfaitaire (under 18, CSS, AME)"),
    "ald": _t("ALD: 100 %, the participation forfaitaire is still due"),
    "sector_3": _t(
        "secteur 3: reimbursed on the tarif d'autorité; whether the participation forfaitaire"
        " applies is unknown: it is deducted here"
    ),
    "sector_2_confidence": _t(
        "secteur 2 non OPTAM: its base is kept unchanged after 2024-12-22 (medium confidence)"
    ),
    "forfait_no_aesthetic": _t("{plan} forfait does not pay for aesthetic sessions"),
    "forfait_only_unreimbursed": _t(
        "{plan} forfait pays only for sessions the Sécu does not reimburse"
    ),
    "forfait_already_used": _t("forfait already used in {year}: {sessions} session(s), {amount}"),
    "price_below_base": _t("price below the base {base}: the Sécu reimburses on the price"),
    "pf_cap": _t("participation forfaitaire capped: {cap} a year reached in {year}"),
    "pf_above_share": _t(
        "participation forfaitaire {pf} above the Sécu share {share}: nothing paid back"
    ),
    "forfait_sessions_used_up": _t("{plan} forfait used up ({count} sessions in {year})"),
    "forfait_envelope_used_up": _t("{plan} forfait used up ({amount} in {year})"),
    "forfait_envelope_partial": _t("{plan} forfait: only {amount} left in {year}"),
    "base_changed": _t("base changed from {old} to {new} on {since}"),
    "pf_changed": _t("participation forfaitaire changed from {old} to {new} on {since}"),
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
    if lang != "en":
        template = _(template)
    params = {key: format_value(value, lang) for key, value in note.params}
    return template.format(**params)
