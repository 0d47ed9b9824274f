"""meso guide: the few questions that matter, one by one, then the estimate and its command line.

Each answer goes through the parsers of `meso estimate` (scenario.py, discovery.py): a bad answer
is said in the same words and asked again. The estimate itself is `meso estimate`'s own code.
"""

from __future__ import annotations

import shlex
import sys

import typer

from meso_cli.cliutil import environment
from meso_cli.errors import ExitStatus, InputError, MesoError
from meso_cli.i18n import N_, _
from meso_cli.options import LangOpt

PURPOSES = (
    ("therapeutic", N_("therapeutic: to treat a health problem (pain, tendinitis…), reimbursed")),
    ("aesthetic", N_("aesthetic: cosmetic, nothing from the Sécu")),
)
SECTORS = (
    ("1", N_("secteur 1: charges the Sécu tariff, no extra fee")),
    ("2-optam", N_("secteur 2 OPTAM: extra fees, limited; paid back like secteur 1")),
    ("2", N_("secteur 2: sets the fee freely; the Sécu pays back on a lower base")),
    ("3", N_("secteur 3: outside the convention; almost nothing paid back")),
)
PRACTITIONERS = (
    ("gp", N_("a GP (médecin généraliste) or a sports doctor")),
    ("specialist", N_("a specialist (rheumatologist, MPR)")),
)
YES = {"o": "oui"}  # French speakers answer "o" as English speakers answer "y"


class _Stop(Exception):
    """No more answers (end of input)."""


def guide(ctx: typer.Context, lang: LangOpt = None) -> None:
    """Questions one by one, then the estimate (help text: meso_cli/helptext.py)."""
    env = environment(ctx, lang=lang)
    if not env.stdin_isatty:
        message = _(
            "meso guide asks questions on a terminal; for a script use 'meso estimate' with"
            " options (see 'meso estimate --help')"
        )
        raise InputError(message)
    try:
        answers = _ask_all(env)
    except _Stop:
        env.error("meso: " + _("no answer: the guide stopped"))
        raise typer.Exit(ExitStatus.USAGE) from None
    from meso_cli.commands.estimate import estimate

    env.stdout.write("\n")
    estimate(ctx, lang=lang, **dict(answers))
    env.stdout.write("\n" + _("The same estimate in one command:") + "\n")
    chosen = [("lang", lang.value)] if lang else []  # the same language as this guide
    env.stdout.write("  " + command_line(answers + chosen) + "\n")


def command_line(answers: list[tuple[str, object]]) -> str:
    words = ["meso", "estimate"]
    for name, value in answers:
        option = "--" + name.replace("_", "-")
        if value is True:
            words.append(option)
        elif value not in (None, False):
            words += [option, shlex.quote(str(value))]
    return " ".join(words)


def _ask_all(env) -> list[tuple[str, object]]:
    """The answers as (estimate option, value) pairs; None where the default stands."""
    from meso_cli.scenario import (
        DEFAULT_PRICE,
        MAX_EVERY,
        MAX_SESSIONS,
        MAX_USED_SESSIONS,
    )

    answers: list[tuple[str, object]] = []
    purpose = _choose(env, _("Why these sessions?"), PURPOSES)
    answers.append(("purpose", None if purpose == "therapeutic" else purpose))
    default_price = f"{DEFAULT_PRICE[purpose]:.0f}"
    price = _ask(env, _("Price of one session, in euros"), "price", default_price)
    answers.append(("price", None if price == default_price else price))
    sessions = _ask(
        env, _("How many sessions? (1 to {high})").format(high=MAX_SESSIONS), "sessions", "3"
    )
    answers.append(("sessions", sessions))
    every = _ask(
        env,
        _("How many days between two sessions? (1 to {high})").format(high=MAX_EVERY),
        "every",
        "7",
    )
    answers.append(("every", None if every == "7" else every))
    start = _ask(env, _("Day of the first session (YYYY-MM-DD or DD/MM/YYYY)"), "start", "")
    answers.append(("start", start or None))
    if purpose == "therapeutic":
        practitioner = _choose(env, _("Who gives the sessions?"), PRACTITIONERS)
        answers.append(("practitioner", None if practitioner == "gp" else practitioner))
        sector = _choose(env, _("The doctor's sector (shown on annuaire.ameli.fr)"), SECTORS)
        answers.append(("sector", None if sector == "1" else sector))
        referred = _ask(
            env,
            _("Referred by your médecin traitant, or is it your médecin traitant? (yes or no)"),
            "out_of_pathway",
            _("yes"),
        )
        answers.append(("out_of_pathway", not _yes(referred)))
    plan = _choose_plan(env)
    answers.append(("plan", plan))
    if plan is not None:
        used = _ask(
            env,
            _("Forfait sessions the plan already paid this plan year (0 to {high})").format(
                high=MAX_USED_SESSIONS
            ),
            "used_sessions",
            "0",
        )
        answers.append(("used_sessions", None if used == "0" else used))
        amount = _ask(
            env, _("Forfait euros the plan already paid this plan year"), "used_amount", "0"
        )
        answers.append(("used_amount", None if amount == "0" else amount))
    return answers


def _read(env, prompt: str) -> str:
    env.stderr.write(prompt)
    env.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        env.stderr.write("\n")
        raise _Stop
    return line.strip()


def _ask(env, question: str, field: str, default: str) -> str:
    """An answer that the scenario parser of `field` accepts (the default when empty)."""
    from meso_cli.scenario import parse_field

    shown = default or _("today")
    while True:
        answer = _read(env, _("{question} [{default}]: ").format(question=question, default=shown))
        answer = answer or default
        if field == "out_of_pathway":
            answer = YES.get(answer.lower(), answer)
        if not answer:
            return answer
        try:
            parse_field(field, answer)
        except ValueError as error:
            env.error("  " + str(error))
            continue
        return answer


def _yes(answer: str) -> bool:
    from meso_cli.scenario import parse_field

    return parse_field("out_of_pathway", answer)


def _choose(env, question: str, options) -> str:
    env.stderr.write(question + "\n")
    for number, (_value, words) in enumerate(options, 1):
        env.stderr.write(f"  {number} {_(words)}\n")
    values = [value for value, _words in options]
    while True:
        question = _("Answer 1 to {high}").format(high=len(options))
        answer = _read(env, _("{question} [{default}]: ").format(question=question, default=1))
        answer = answer or "1"
        if answer.isascii() and answer.isdigit() and 1 <= int(answer) <= len(options):
            return values[int(answer) - 1]
        if answer in values:
            return answer
        message = _("expected one of {choices}, got {value}")
        choices = ", ".join(str(number) for number in range(1, len(options) + 1))
        env.error("  " + message.format(choices=choices, value=repr(answer)))


def _choose_plan(env) -> str | None:
    from meso_cli.discovery import find_plan, list_plans
    from meso_cli.plan import levels_message

    ids = []
    for entry in list_plans(env.environ):
        if entry.plan is not None and not entry.shadowed_by and not entry.plan.draft:
            ids.extend([level.id for _name, level in entry.plan.levels] or [entry.id])
    env.stderr.write(_("Your mutuelle plan") + "\n")
    env.stderr.write("  0 " + _("none (Sécu only)") + "\n")
    for number, plan_id in enumerate(ids, 1):
        env.stderr.write(f"  {number} {plan_id}\n")
    while True:
        question = _("Answer 0 to {high}, or a plan id or file").format(high=len(ids))
        answer = _read(env, _("{question} [{default}]: ").format(question=question, default=0))
        answer = answer or "0"
        if answer.isascii() and answer.isdigit() and int(answer) <= len(ids):
            return ids[int(answer) - 1] if int(answer) else None
        try:
            plan, _warnings = find_plan(answer, env.environ)
        except MesoError as error:
            env.error("  " + str(error))
            continue
        if plan.levels:
            env.error("  " + levels_message(plan))
            continue
        return answer
