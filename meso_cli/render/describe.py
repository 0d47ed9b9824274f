"""A plan's guarantees in words, for `meso plans show` and the one-line summary of `plans list`,
in the language asked for (English in machine formats)."""

from __future__ import annotations

from meso_cli.i18n import ngettext, translator
from meso_cli.money import format_eur, format_percent
from meso_cli.plan import Plan, PmssShare


def _amount(amount, lang: str) -> str:
    """An amount in euros, or "N % PMSS" as written (its euros depend on the session day)."""
    return str(amount) if isinstance(amount, PmssShare) else format_eur(amount, lang)


def year_words(plan: Plan, lang: str) -> str:
    _ = translator(lang)
    if plan.year == "contract" and plan.contract_start:
        month, day = plan.contract_start
        return _("contract year, from {day:02d}-{month:02d} each year").format(day=day, month=month)
    if plan.year == "membership":
        return _("membership year, from the anniversary of the membership date (--member-since)")
    return _("calendar year (1 January to 31 December)")


def consultation_words(plan: Plan, lang: str) -> str:
    _ = translator(lang)
    consultation = plan.consultation
    optam = format_percent(consultation.optam, lang)
    non_optam = format_percent(consultation.percent_for("2"), lang)
    basis = (
        _("Sécu share included")
        if consultation.basis == "total"
        else _("paid on top of the Sécu share")
    )
    return _(
        "{optam} BR for secteur 1 and 2 OPTAM doctors, {non_optam} BR for secteur 2 outside"
        " OPTAM and secteur 3 ({basis})"
    ).format(optam=optam, non_optam=non_optam, basis=basis)


def _limits(plan: Plan, lang: str, short: bool) -> list[str]:
    """The forfait's limits in words (long for `plans show`, short for the `plans list` line)."""
    _ = translator(lang)
    forfait = plan.forfait
    words = []
    if forfait.per_session is not None:
        text = _("{amount}/session") if short else _("at most {amount} a session")
        words.append(text.format(amount=_amount(forfait.per_session, lang)))
    if forfait.sessions_per_year is not None:
        count = forfait.sessions_per_year
        text = (
            ngettext("{count} session/year", "{count} sessions/year", count, lang)
            if short
            else ngettext(
                "{count} session a plan year", "{count} sessions a plan year", count, lang
            )
        )
        words.append(text.format(count=count))
    if forfait.per_year is not None:
        text = _("{amount}/year") if short else _("{amount} a plan year in all")
        words.append(text.format(amount=_amount(forfait.per_year, lang)))
    return words


def forfait_words(plan: Plan, lang: str) -> list[str]:
    _ = translator(lang)
    forfait = plan.forfait
    if forfait is None:
        return [_("no forfait médecines douces")]
    words = _limits(plan, lang, short=False)
    words.append(
        _("aesthetic sessions too") if forfait.aesthetic else _("therapeutic sessions only")
    )
    if forfait.only_unreimbursed:
        words.append(_("only for sessions the Sécu does not reimburse"))
    if forfait.percent_of_price is not None:
        share = format_percent(forfait.percent_of_price, lang)
        words.append(_("at most {percent} of the price").format(percent=share))
    if forfait.waiting_months is not None:
        months = forfait.waiting_months
        text = ngettext(
            "waiting period of {count} month", "waiting period of {count} months", months, lang
        )
        words.append(text.format(count=months))
    if forfait.practices is not None:
        listed = ", ".join(forfait.practices)
        if forfait.covers_mesotherapy:
            words.append(_("practices: {practices}").format(practices=listed))
        else:
            message = _("practices: {practices} (mesotherapy is not among them: nothing paid)")
            words.append(message.format(practices=listed))
    return words


def summary(plan: Plan, lang: str) -> str:
    """One line: consultation percentage and forfait limits."""
    _ = translator(lang)
    parts = [_("{pct} BR").format(pct=format_percent(plan.consultation.optam, lang))]
    if plan.forfait is not None and not plan.forfait.covers_mesotherapy:
        parts.append(_("forfait: mesotherapy not covered"))
    elif plan.forfait is not None:
        limits = ", ".join(_limits(plan, lang, short=True))
        parts.append(_("forfait {limits}").format(limits=limits))
    return "; ".join(parts)


def details(plan: Plan, where: str, lang: str) -> list[tuple[str, str]]:
    """(label, words) for every guarantee of the plan."""
    _ = translator(lang)
    rows = [(_("Name"), plan.name)]
    if plan.insurer:
        rows.append((_("Insurer"), plan.insurer))
    rows.append((_("Found"), where))
    if plan.source:
        rows.append((_("Source"), plan.source))
    rows.append((_("Plan year"), year_words(plan, lang)))
    rows.append((_("Consultation"), consultation_words(plan, lang)))
    rows.append((_("Forfait médecines douces"), "; ".join(forfait_words(plan, lang))))
    for from_year, terms in plan.seniority:
        step = plan._replace(consultation=terms.consultation, forfait=terms.forfait)
        words = [consultation_words(step, lang), *forfait_words(step, lang)]
        label = _("From membership year {year}").format(year=from_year)
        rows.append((label, "; ".join(words)))
    for name, level in plan.levels:
        words = [consultation_words(level, lang), *forfait_words(level, lang)]
        rows.append((_("Level {level} ({id})").format(level=name, id=level.id), "; ".join(words)))
    rows.append((_("Contrat responsable"), _("yes") if plan.responsible else _("no")))
    return rows
