"""Contrat responsable rules (Code de la sécurité sociale R871-2, L871-1) a plan may break.

Checked by `plans validate` and shown by `estimate`; a plan's own figures are never clamped.
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
    found = []
    if optam < 100:
        message = _(
            "consultation.optam is {value} % BR: a contrat responsable covers at least 100 % BR"
            " (the whole ticket modérateur, CSS R871-2)"
        )
        found.append(("optam", message.format(value=optam)))
    if non_optam < 100:
        message = _(
            "consultation.non_optam is {value} % BR: a contrat responsable covers at least 100 % BR"
        )
        found.append(("non_optam", message.format(value=non_optam)))
    if non_optam > 200:
        message = _(
            "consultation.non_optam is {value} % BR: a contrat responsable covers non-OPTAM"
            " doctors up to 200 % BR in total (CSS R871-2)"
        )
        found.append(("non_optam", message.format(value=non_optam)))
    elif non_optam > 100 and non_optam > optam - 20:
        default = "" if explicit_non_optam else _(" (defaults to optam: set non_optam)")
        message = _(
            "consultation.non_optam is {value} % BR{default}: a contrat responsable covers"
            " non-OPTAM dépassements at least 20 points below OPTAM ({optam} %), so at most"
            " {most} % (CSS R871-2)"
        )
        most = max(optam - 20, Decimal(100))
        found.append(
            ("non_optam", message.format(value=non_optam, default=default, optam=optam, most=most))
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
