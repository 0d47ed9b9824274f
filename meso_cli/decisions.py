"""Which notes an estimate carries, read from the records its rules left. Pure: no I/O.

A note names an assumption or a rule that changed a figure; notes.py words it. Nothing here
decides a figure: it only reports what the rules in engine.py decided, and what the data says of
its own confidence.
"""

from __future__ import annotations

from meso_cli.plan import Plan
from meso_cli.records import Note, Percent, SessionResult
from meso_cli.scenario import Scenario
from meso_cli.tariffs import Tariffs


def session_notes(
    session: SessionResult, previous: SessionResult | None, scenario: Scenario, plan: Plan | None
) -> list[Note]:
    notes = []
    base = session.base_record
    if base.below_tariff and session.share_record is not None:
        notes.append(Note.of("price_below_base", base=base.tariff.value))
    participation = session.participation_record
    if participation.decision == "capped":
        year = str(participation.year)
        if scenario.pf_paid and participation.year == scenario.start.year:
            paid = scenario.pf_paid
            notes.append(Note.of("pf_cap_paid", cap=participation.cap, year=year, paid=paid))
        else:
            notes.append(Note.of("pf_cap", cap=participation.cap, year=year))
    elif participation.decision == "below_share":
        pf = participation.tariff.value
        notes.append(Note.of("pf_below_share", pf=pf, share=session.share))
    forfait = session.forfait_record
    if forfait is not None:
        notes.extend(_forfait_notes(forfait, plan))
    if previous is not None:
        notes.extend(_tariff_changes(previous, session))
    return notes


def _forfait_notes(forfait, plan: Plan) -> list[Note]:
    year = forfait.plan_year
    if forfait.decision == "sessions_used_up":
        return [
            Note.of("forfait_sessions_used_up", plan=plan.label, count=forfait.limit, year=year)
        ]
    if forfait.decision == "envelope_used_up":
        return [
            Note.of("forfait_envelope_used_up", plan=plan.label, amount=forfait.limit, year=year)
        ]
    if forfait.decision == "waiting":
        return [Note.of("forfait_waiting", plan=plan.label, until=forfait.limit)]
    if forfait.decision == "envelope_partial":
        amount = forfait.envelope_left
        return [Note.of("forfait_envelope_partial", plan=plan.label, amount=amount, year=year)]
    return []


def _tariff_changes(previous: SessionResult, current: SessionResult) -> list[Note]:
    notes = []
    old, new = previous.base_record.tariff, current.base_record.tariff
    if old and new and old.value != new.value:
        notes.append(Note.of("base_changed", old=old.value, new=new.value, since=new.since))
    old, new = previous.participation_record.tariff, current.participation_record.tariff
    if old and new and old.value != new.value:
        notes.append(Note.of("pf_changed", old=old.value, new=new.value, since=new.since))
    old = previous.forfait_record.pmss if previous.forfait_record else None
    new = current.forfait_record.pmss if current.forfait_record else None
    if old and new and old.value != new.value:
        notes.append(Note.of("pmss_changed", old=old.value, new=new.value, since=new.since))
    return notes


def scenario_notes(
    scenario: Scenario, plan: Plan | None, sessions: list[SessionResult], tariffs: Tariffs
) -> list[Note]:
    notes = _secu_notes(scenario, sessions)
    notes.extend(_data_notes(sessions, tariffs))
    if plan is not None:
        notes.extend(_plan_notes(scenario, plan, sessions))
    return notes


def _secu_notes(scenario: Scenario, sessions: list[SessionResult]) -> list[Note]:
    notes = []
    if scenario.purpose == "aesthetic":
        notes.append(Note.of("aesthetic_no_secu"))
    if scenario.billing == "act":
        notes.append(Note.of("act_billing"))
    first = sessions[0].share_record
    if scenario.out_of_pathway:
        if scenario.care != "standard":
            notes.append(Note.of("care_ignores_pathway", care=scenario.care))
        elif first is not None:
            notes.append(Note.of("out_of_pathway", rate=Percent(first.rate)))
            if scenario.regime == "alsace-moselle":
                notes.append(Note.of("alsace_out_of_pathway", rate=Percent(first.rate)))
    if first is not None:
        if scenario.care == "maternity":
            notes.append(Note.of("maternity_no_pf"))
        elif scenario.exempt:
            notes.append(Note.of("exempt"))
        elif scenario.care == "ald":
            notes.append(Note.of("ald"))
        if scenario.sector == "3":
            notes.append(Note.of("sector_3"))
        if scenario.pf_paid:
            notes.append(
                Note.of("pf_already_paid", amount=scenario.pf_paid, year=str(scenario.start.year))
            )
    if scenario.practitioner == "specialist":
        notes.append(Note.of("specialist"))
    return notes


def _data_notes(sessions: list[SessionResult], tariffs: Tariffs) -> list[Note]:
    """Once each: a value of medium confidence that a session used; days after the review."""
    notes = []
    seen = set()
    for session in sessions:
        record = session.base_record
        tariff = record.tariff
        if session.share_record is None or tariff is None or tariff.confidence is None:
            continue
        if (record.label, tariff.since) not in seen:
            seen.add((record.label, tariff.since))
            notes.append(
                Note.of(
                    "uncertain_value",
                    label=record.label,
                    value=tariff.value,
                    confidence=tariff.confidence,
                    reference=tariff.reference,
                )
            )
    if sessions[-1].day > tariffs.reviewed:
        notes.append(Note.of("after_review", reviewed=tariffs.reviewed))
    return notes


def _plan_notes(scenario: Scenario, plan: Plan, sessions: list[SessionResult]) -> list[Note]:
    notes = []
    reimbursed = sessions[0].share_record is not None
    since = scenario.member_since
    if since is not None and since > scenario.start:
        notes.append(Note.of("not_member_yet", plan=plan.label, since=since))
    if plan.needs_membership and since is None:
        notes.append(Note.of("membership_assumed", plan=plan.label))
    if plan.forfait is not None and not plan.forfait.covers_mesotherapy:
        notes.append(Note.of("forfait_not_covered", plan=plan.label))
    elif plan.forfait is not None:
        if scenario.purpose == "aesthetic" and not plan.forfait.aesthetic:
            notes.append(Note.of("forfait_no_aesthetic", plan=plan.label))
        if plan.forfait.only_unreimbursed and reimbursed:
            notes.append(Note.of("forfait_only_unreimbursed", plan=plan.label))
    if scenario.used_sessions or scenario.used_amount:
        notes.append(
            Note.of(
                "forfait_already_used",
                sessions=scenario.used_sessions,
                amount=scenario.used_amount,
                year=plan.year_label(scenario.start, scenario.member_since or scenario.start),
            )
        )
    return notes
