"""Contrat responsable rules (Code de la sécurité sociale R871-2, L871-1) a plan may break.

Checked by `plans validate` and shown by `estimate`; a plan's own figures are never clamped. The
limits (100 %, 200 %, 20 points) are dated legal values in data/tariffs.yaml, with their
references; a plan file has no date, so the latest values apply.
"""

from __future__ import annotations

from decimal import Decimal

from meso_cli.i18n import translator


def responsible_rules(
    optam: Decimal, non_optam: Decimal, explicit_non_optam: bool = True, lang: str | None = None
) -> list[tuple[str, str]]:
    """(key, message) for each contrat-responsable rule broken (CSS R871-2), in `lang` (default:
    the command's language)."""
    _ = translator(lang)

    from meso_cli.tariffs import load_tariffs

    limits = load_tariffs().responsible
    least = limits["consultation_min"].latest().value
    most = limits["non_optam_max"].latest().value
    gap = limits["non_optam_gap"].latest().value
    found = []
    if optam < least:
        message = _(
            "consultation.optam is {value} % BR: a contrat responsable covers at least {least} % BR"
            " (the whole ticket modérateur, CSS R871-2)"
        )
        found.append(("optam", message.format(value=optam, least=least)))
    if non_optam < least:
        message = _(
            "consultation.non_optam is {value} % BR: a contrat responsable covers at least {least} % BR"
        )
        found.append(("non_optam", message.format(value=non_optam, least=least)))
    if non_optam > most:
        message = _(
            "consultation.non_optam is {value} % BR: a contrat responsable covers non-OPTAM"
            " doctors up to {most} % BR in total (CSS R871-2)"
        )
        found.append(("non_optam", message.format(value=non_optam, most=most)))
    elif non_optam > least and non_optam > optam - gap:
        default = "" if explicit_non_optam else _(" (defaults to optam: set non_optam)")
        message = _(
            "consultation.non_optam is {value} % BR{default}: a contrat responsable covers"
            " non-OPTAM dépassements at least {gap} points below OPTAM ({optam} %), so at most"
            " {most} % (CSS R871-2)"
        )
        ceiling = max(optam - gap, least)
        found.append(
            (
                "non_optam",
                message.format(
                    value=non_optam, default=default, optam=optam, most=ceiling, gap=gap
                ),
            )
        )
    return found


def plan_warnings(plan, lang: str | None = None) -> list[str]:
    """The same rules, from a loaded plan (built-in or compiled), as plain messages."""
    if not plan.responsible:
        return []
    consultation = plan.consultation
    broken = responsible_rules(
        consultation.optam,
        consultation.percent_for("2"),
        consultation.non_optam is not None,
        lang,
    )
    return [message for _key, message in broken]
