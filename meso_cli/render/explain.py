"""--explain: the chain of rules that produced each figure of a session, with their sources.

explain_plain() gives the steps as data for JSON (the same in every language); explanation_lines()
words them for people. Both only render the records the engine's rules left on each session
(engine.py decides, this module never does); the amounts of the steps add up to the session's
figures (tested).
"""

from __future__ import annotations

from meso_cli.i18n import N_, _, ngettext
from meso_cli.plan import Plan
from meso_cli.records import Estimate, Percent, SessionResult
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
    "participation_below_share": N_("no PF: the share is below the PF {pf} = {secu}"),
    "guarantee_total": N_(
        "{percent} BR = {ceiling}, Sécu share {normal_share} included → {amount}"
    ),
    "guarantee_on_top": N_("{percent} BR = {ceiling} on top of the Sécu share → {amount}"),
    "forfait": N_("forfait {plan}: min({due}{limits}) = {amount}"),
    "forfait_per_session": N_("{amount} a session"),
    "forfait_envelope": N_("{amount} left in {year}"),
    "forfait_sessions": lambda values, lang: ngettext(
        "{count} session left in {year}", "{count} sessions left in {year}", values["count"], lang
    ),
    "forfait_none": N_("forfait {plan}: nothing left to pay back"),
    "forfait_waiting": N_("forfait {plan}: nothing during the waiting period, until {until}"),
    "forfait_price_share": N_("at most {percent} of the price"),
    "forfait_pmss": N_("PMSS {pmss} since {since}"),
    "remaining": N_("{price} − {secu} − {mutuelle} = {amount}"),
}


def explain_plain(result: Estimate) -> list[dict]:
    """Per session, the steps as data: rule, amount, and what the rule used (with sources)."""
    return [
        {"number": session.number, "steps": session_steps(session, result.plan)}
        for session in result.sessions
    ]


def session_steps(session: SessionResult, plan: Plan | None) -> list[dict]:
    """The records of the session's rules, as plain data, in the order the rules ran."""
    base = session.base_record
    step = {"rule": "base", "amount": base.amount}
    if base.tariff is not None:
        step.update(
            label=base.label,
            tariff=base.tariff.value,
            since=base.tariff.since,
            reference=base.tariff.reference,
        )
    if base.below_tariff:
        step["decision"] = "price_below_tariff"
    if base.secu != "reimbursed":
        step["decision"] = "no_secu_" + base.secu
    steps = [step]
    share = session.share_record
    if share is not None:
        steps.append({"rule": "secu_share", "amount": share.amount, "rate": share.rate})
        record = session.participation_record
        step = {"rule": "participation", "amount": record.amount}
        if record.tariff is not None:
            step.update(
                tariff=record.tariff.value,
                since=record.tariff.since,
                reference=record.tariff.reference,
            )
        step["decision"] = record.decision
        steps.append(step)
    steps.append({"rule": "secu", "amount": session.secu})
    if plan is not None:
        guarantee = session.guarantee_record
        if guarantee is not None:
            steps.append(
                {
                    "rule": "guarantee",
                    "amount": guarantee.amount,
                    "percent": guarantee.percent,
                    "basis": guarantee.basis,
                    "ceiling": guarantee.ceiling,
                    "normal_share": share.normal_amount,
                }
            )
        forfait = session.forfait_record
        if forfait is not None:
            steps.append(
                {
                    "rule": "forfait",
                    "amount": forfait.amount,
                    "due": forfait.due,
                    "per_session": forfait.per_session,
                    "envelope_left": forfait.envelope_left,
                    "sessions_left": forfait.sessions_left,
                    "plan_year": forfait.plan_year,
                    "decision": forfait.decision,
                }
            )
            if forfait.percent_of_price is not None:
                steps[-1]["percent_of_price"] = forfait.percent_of_price
            if forfait.pmss is not None:
                steps[-1].update(pmss=forfait.pmss.value, pmss_since=forfait.pmss.since)
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


def _sayer(lang: str):
    def say(key: str, **values) -> str:
        text = TEXTS[key]
        if callable(text):  # a message with a plural
            text = text(values, lang)
        elif lang != "en":
            text = _(text)
        return text.format(**{name: format_value(value, lang) for name, value in values.items()})

    return say


def _secu_chain(session: SessionResult, say) -> list[str]:
    base = session.base_record
    if base.tariff is None:
        return [say("act")]
    if base.below_tariff:
        chain = [say("base_price", base=base.amount, tariff=base.tariff.value, label=base.label)]
    else:
        tariff = base.tariff
        chain = [
            say(
                "base",
                base=base.amount,
                label=base.label,
                since=tariff.since,
                reference=tariff.reference,
            )
        ]
    share = session.share_record
    if share is None:
        chain.append(say("aesthetic"))
        return chain
    chain.append(say("share", rate=Percent(share.rate), base=base.amount, share=share.amount))
    record = session.participation_record
    if record.tariff is None:
        chain.append(say("no_participation", secu=session.secu))
    elif record.decision == "below_share":
        chain.append(say("participation_below_share", pf=record.tariff.value, secu=session.secu))
    elif record.decision == "capped":
        chain.append(say("participation_capped", pf=record.amount, secu=session.secu))
    else:
        tariff = record.tariff
        chain.append(
            say(
                "participation",
                pf=record.amount,
                since=tariff.since,
                reference=tariff.reference,
                secu=session.secu,
            )
        )
    return chain


def _mutuelle_chain(session: SessionResult, plan: Plan, say) -> list[str]:
    pieces = []
    guarantee = session.guarantee_record
    if guarantee is not None:
        pieces.append(
            say(
                f"guarantee_{guarantee.basis}",
                percent=Percent(guarantee.percent),
                ceiling=guarantee.ceiling,
                normal_share=session.share_record.normal_amount,
                amount=guarantee.amount,
            )
        )
    forfait = session.forfait_record
    if forfait is None:
        return pieces
    if forfait.decision == "nothing_due":
        return [*pieces, say("forfait_none", plan=plan.label)]
    if forfait.decision == "waiting":
        return [*pieces, say("forfait_waiting", plan=plan.label, until=forfait.limit)]
    limits = []
    if forfait.percent_of_price is not None:
        limits.append(say("forfait_price_share", percent=Percent(forfait.percent_of_price)))
    if forfait.per_session is not None:
        limits.append(say("forfait_per_session", amount=forfait.per_session))
    if forfait.envelope_left is not None:
        limits.append(say("forfait_envelope", amount=forfait.envelope_left, year=forfait.plan_year))
    if forfait.sessions_left is not None:
        limits.append(say("forfait_sessions", count=forfait.sessions_left, year=forfait.plan_year))
    if forfait.pmss is not None:
        limits.append(say("forfait_pmss", pmss=forfait.pmss.value, since=forfait.pmss.since))
    pieces.append(
        say(
            "forfait",
            plan=plan.label,
            due=forfait.due,
            limits="".join(", " + limit for limit in limits),
            amount=forfait.amount,
        )
    )
    return pieces


def _session_lines(session: SessionResult, plan: Plan | None, lang: str) -> list[str]:
    say = _sayer(lang)
    lines = [_("Sécu: {chain}").format(chain="; ".join(_secu_chain(session, say)))]
    if plan is not None:
        chain = "; ".join(_mutuelle_chain(session, plan, say)) or _("nothing to pay back")
        total = format_value(session.mutuelle, lang)
        lines.append(_("Mutuelle: {chain} (in all {amount})").format(chain=chain, amount=total))
    remaining = say(
        "remaining",
        price=session.price,
        secu=session.secu,
        mutuelle=session.mutuelle,
        amount=session.remaining,
    )
    lines.append(_("Remaining: {chain}").format(chain=remaining))
    return lines
