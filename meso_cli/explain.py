"""--explain: the chain of rules that produced each figure of a session, with their sources.

explain_plain() gives the steps as data for JSON (the same in every language); explanation_lines()
renders them for people. Both read the figures the engine kept on each SessionResult, and the
amounts of the steps add up to the session's figures (tested).
"""

from __future__ import annotations

from meso_cli.engine import Estimate, Percent, SessionResult
from meso_cli.i18n import N_, _
from meso_cli.plan import Plan
from meso_cli.render.notes import format_date, format_value

TEXTS = {
    "base": N_("base {base} ({label}, since {since}, {reference})"),
    "base_price": N_("base {base}: the price, below the tariff {tariff} ({label})"),
    "act": N_("no base: the act alone (CCAM ANLB003) is priced 0 €"),
    "aesthetic": N_("no Sécu reimbursement for an aesthetic session"),
    "share": N_("{rate} × {base} = {share}"),
    "participation": N_("− PF {pf} (since {since}, {reference}) = {secu}"),
    "participation_capped": N_("− PF {pf} (the yearly cap is reached) = {secu}"),
    "no_participation": N_("no PF = {secu}"),
    "guarantee_total": N_(
        "{percent} BR = {ceiling}, Sécu share {normal_share} included → {amount}"
    ),
    "guarantee_on_top": N_("{percent} BR = {ceiling} on top of the Sécu share → {amount}"),
    "forfait": N_("forfait {plan}: min({due}{limits}) = {amount}"),
    "forfait_per_session": N_("{amount} a session"),
    "forfait_envelope": N_("{amount} left in {year}"),
    "forfait_sessions": N_("{count} session(s) left in {year}"),
    "forfait_none": N_("forfait {plan}: nothing left to pay back"),
    "remaining": N_("{price} − {secu} − {mutuelle} = {amount}"),
}


def explain_plain(result: Estimate) -> list[dict]:
    """Per session, the steps as data: rule, amount, and what the rule used (with sources)."""
    return [
        {"number": session.number, "steps": session_steps(session, result.plan)}
        for session in result.sessions
    ]


def session_steps(session: SessionResult, plan: Plan | None) -> list[dict]:
    steps = []
    tariff = session.base_tariff
    base = {"rule": "base", "amount": session.base}
    if tariff is not None:
        base.update(
            label=session.base_label,
            tariff=tariff.value,
            since=tariff.since,
            reference=tariff.reference,
        )
    steps.append(base)
    if session.rate:
        steps.append({"rule": "secu_share", "amount": session.share, "rate": session.rate})
        participation = {"rule": "participation", "amount": session.participation}
        if session.participation_tariff is not None:
            participation.update(
                tariff=session.participation_tariff.value,
                since=session.participation_tariff.since,
                reference=session.participation_tariff.reference,
            )
        steps.append(participation)
    steps.append({"rule": "secu", "amount": session.secu})
    if plan is not None:
        if session.guarantee_ceiling is not None:
            steps.append(
                {
                    "rule": "guarantee",
                    "amount": session.guarantee,
                    "percent": session.guarantee_percent,
                    "basis": plan.consultation.basis,
                    "ceiling": session.guarantee_ceiling,
                    "normal_share": session.normal_share,
                }
            )
        if session.plan_year is not None:
            steps.append(
                {
                    "rule": "forfait",
                    "amount": session.forfait,
                    "due": session.forfait_due,
                    "per_session": plan.forfait.per_session,
                    "envelope_left": session.forfait_envelope_left,
                    "sessions_left": session.forfait_sessions_left,
                    "plan_year": session.plan_year,
                }
            )
        steps.append({"rule": "mutuelle", "amount": session.mutuelle})
    steps.append({"rule": "remaining", "amount": session.remaining})
    return steps


def explanation_lines(result: Estimate, lang: str) -> list[str]:
    lines = []
    for session in result.sessions:
        day = format_date(session.day, lang)
        lines.append(_("Session {number} ({day}):").format(number=session.number, day=day))
        lines.extend("  " + line for line in _session_lines(session, result.plan, lang))
    return lines


def _session_lines(session: SessionResult, plan: Plan | None, lang: str) -> list[str]:
    def say(key: str, **values) -> str:
        text = TEXTS[key] if lang == "en" else _(TEXTS[key])
        return text.format(**{name: format_value(value, lang) for name, value in values.items()})

    tariff = session.base_tariff
    if tariff is None:
        secu = [say("act")]
    else:
        if session.base < tariff.value:
            secu = [
                say("base_price", base=session.base, tariff=tariff.value, label=session.base_label)
            ]
        else:
            secu = [
                say(
                    "base",
                    base=session.base,
                    label=session.base_label,
                    since=tariff.since,
                    reference=tariff.reference,
                )
            ]
        if not session.rate:
            secu.append(say("aesthetic"))
        else:
            secu.append(
                say("share", rate=Percent(session.rate), base=session.base, share=session.share)
            )
            pf = session.participation_tariff
            if pf is None:
                secu.append(say("no_participation", secu=session.secu))
            elif session.participation < min(pf.value, session.share):
                secu.append(
                    say("participation_capped", pf=session.participation, secu=session.secu)
                )
            else:
                secu.append(
                    say(
                        "participation",
                        pf=session.participation,
                        since=pf.since,
                        reference=pf.reference,
                        secu=session.secu,
                    )
                )
    lines = [_("Sécu: {chain}").format(chain="; ".join(secu))]
    if plan is not None:
        pieces = []
        if session.guarantee_ceiling is not None:
            pieces.append(
                say(
                    f"guarantee_{plan.consultation.basis}",
                    percent=Percent(session.guarantee_percent),
                    ceiling=session.guarantee_ceiling,
                    normal_share=session.normal_share,
                    amount=session.guarantee,
                )
            )
        if session.plan_year is not None:
            if session.forfait_due > 0:
                limits = []
                if plan.forfait.per_session is not None:
                    limits.append(say("forfait_per_session", amount=plan.forfait.per_session))
                if session.forfait_envelope_left is not None:
                    limits.append(
                        say(
                            "forfait_envelope",
                            amount=session.forfait_envelope_left,
                            year=session.plan_year,
                        )
                    )
                if session.forfait_sessions_left is not None:
                    limits.append(
                        say(
                            "forfait_sessions",
                            count=session.forfait_sessions_left,
                            year=session.plan_year,
                        )
                    )
                pieces.append(
                    say(
                        "forfait",
                        plan=plan.label,
                        due=session.forfait_due,
                        limits="".join(", " + limit for limit in limits),
                        amount=session.forfait,
                    )
                )
            else:
                pieces.append(say("forfait_none", plan=plan.label))
        chain = "; ".join(pieces) or _("nothing to pay back")
        total = format_value(session.mutuelle, lang)
        lines.append(_("Mutuelle: {chain} (in all {amount})").format(chain=chain, amount=total))
    lines.append(
        _("Remaining: {chain}").format(
            chain=say(
                "remaining",
                price=session.price,
                secu=session.secu,
                mutuelle=session.mutuelle,
                amount=session.remaining,
            )
        )
    )
    return lines
