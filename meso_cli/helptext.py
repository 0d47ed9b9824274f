"""What `--help` says, in the user's language: each command's text, summary and examples, and the
words of the command-line parser (click, vendored by Typer), which has no translations of its own.

The texts are English msgids (N_); `localize()` translates a command's texts when cli.py builds it,
after the language was chosen from argv (`--lang`) or the environment.
"""

from __future__ import annotations

import re

from typer._click.core import Context
from typer._click.formatting import HelpFormatter

from meso_cli.i18n import LANGUAGES, N_, _, choose_language, ngettext


class Help:
    """A command's help text, its one-line summary for the command list, and its examples."""

    def __init__(self, text: str, summary: str | None = None, examples: str | None = None):
        self.text = text
        self.summary = summary or text
        self.examples = examples


# `\b` before a paragraph keeps its lines as written (click does not rewrap it).
HELP = {
    "": Help(
        N_(
            "What mesotherapy sessions really cost in France: Sécu, mutuelle and reste à charge."
            "\n\nExit status: 0 ok; 1 some result is an error (an invalid plan, a bad batch row);"
            " 2 usage or input error; 70 a bug in meso; 74 the output cannot be written; 130"
            " interrupted; 141 the reader left early (| head)."
        ),
        examples=N_(
            "Examples:\n\n\b\n  meso guide\n  meso estimate --plan henner --sessions 5\n"
            "  meso compare --price 90 --sessions-range 1-6\n  meso explain-terms"
        ),
    ),
    "estimate": Help(
        N_("Price, Sécu, mutuelle and remaining charge of each session, and in total."),
        N_("What each session costs you, Sécu and mutuelle deducted."),
        N_(
            "Examples:\n\n\b\n  meso estimate --plan henner --sessions 5 --start 2026-02-02\n"
            "  meso estimate --price 45,50 --sector 2-optam --start 02/02/2026\n"
            "  meso estimate --plan cegema --purpose aesthetic --format json\n"
            "  meso estimate --plan henner --explain --lang fr"
        ),
    ),
    "compare": Help(
        N_("Which plan leaves the least to pay: every plan's totals, best first."),
        N_("Which plan leaves the least to pay, best first."),
        N_(
            "Examples:\n\n\b\n  meso compare --price 90 --sessions 5\n"
            "  meso compare henner cegema --sessions 4\n"
            "  meso compare --price 90 --sessions-range 1-6 --no-chart"
        ),
    ),
    "batch": Help(
        N_(
            "Estimate many scenarios: columns named like the estimate options (id, plan, sessions,"
            " price, purpose, sector, start…), one totals row each."
        ),
        N_("Many scenarios from a CSV or JSON Lines file."),
        N_(
            "Examples:\n\n\b\n  meso batch people.csv\n"
            "  meso batch people.csv --format jsonl\n"
            "  cat people.jsonl | meso batch - --input-format jsonl"
        ),
    ),
    "plans": Help(
        N_("List, show, check and create plan files."),
        examples=N_(
            "Examples:\n\n\b\n  meso plans list\n  meso plans show henner\n  meso plans new my-plan"
        ),
    ),
    "plans list": Help(
        N_(
            "Every plan found: MESO_PLANS_PATH, the user's plans directory, then the built-in"
            " plans."
        ),
        N_("Every plan found, and where."),
        N_("Examples:\n\n\b\n  meso plans list\n  meso plans list --format json"),
    ),
    "plans show": Help(
        N_("Every guarantee of a plan, in words."),
        examples=N_(
            "Examples:\n\n\b\n  meso plans show henner\n  meso plans show ./my-plan.yaml\n"
            "  meso plans show cegema --format json"
        ),
    ),
    "plans validate": Help(
        N_("Check plan files: every problem as file:line:column: message; exit 1 if any."),
        N_("Check plan files; exit 1 if any has a problem."),
        N_("Examples:\n\n\b\n  meso plans validate my-plan.yaml\n  meso plans validate *.yaml"),
    ),
    "plans new": Help(
        N_("Write a commented plan template to the user's plans directory."),
        N_("Write a plan template to fill in."),
        N_(
            "Examples:\n\n\b\n  meso plans new my-plan\n  meso plans new my-plan --dir .\n"
            "  meso plans new my-plan --force"
        ),
    ),
    "plans schema": Help(
        N_("The JSON Schema of the plan format (for editors: yaml-language-server, VS Code)."),
        N_("The JSON Schema of plan files."),
        N_(
            "Examples:\n\n\b\n  meso plans schema > plan.schema.json\n  meso plans schema | head -8"
        ),
    ),
    "tariffs": Help(
        N_("The Sécu values in force on a day: bases by sector, rates, participation, yearly cap."),
        N_("The Sécu values in force on a day, with sources."),
        N_(
            "Examples:\n\n\b\n  meso tariffs\n  meso tariffs --date 2024-06-01\n"
            "  meso tariffs --date 01/06/2024 --format csv"
        ),
    ),
    "guide": Help(
        N_(
            "Asks the few questions that matter, one by one, shows the estimate and the"
            " equivalent 'meso estimate' command. Needs a terminal."
        ),
        N_("Questions one by one, then the estimate."),
        N_("Examples:\n\n\b\n  meso guide\n  meso guide --lang fr"),
    ),
    "explain-terms": Help(
        N_(
            "What the words of French health insurance mean: secteur 1/2/3, OPTAM, parcours de"
            " soins, ALD, PF, BR, forfait médecines douces, reste à charge."
        ),
        N_("What secteur, OPTAM, ALD, PF, BR… mean."),
        N_("Examples:\n\n\b\n  meso explain-terms\n  meso explain-terms --lang fr"),
    ),
}

# The parser's own words (click has no catalog): the help option, the completion options, and the
# headings of the help page.
N_("Show this message and exit.")
N_("Install completion for the current shell.")
N_("Show completion for the current shell, to copy it or customize the installation.")
N_("Options")
N_("Arguments")
N_("Commands")
N_("[required]")


# French puts a space before these marks: the wrapper must not break a line there.
_BEFORE_MARK = re.compile(r" ([:;?!»])")
_NBSP = "\u00a0"


class MesoFormatter(HelpFormatter):
    """click's help formatter, with its words (Usage, headings, help option) translated."""

    def write_text(self, text: str) -> None:
        super().write_text(_BEFORE_MARK.sub(_NBSP + r"\1", text))

    def getvalue(self) -> str:
        return super().getvalue().replace(_NBSP, " ")  # plain spaces, as the catalog writes

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(
            f"{'':>{self.current_indent}}" + _("{heading}:").format(heading=_(heading)) + "\n"
        )

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        required = _("[required]")
        rows = [
            (term, _BEFORE_MARK.sub(_NBSP + r"\1", _(text).replace("[required]", required)))
            for term, text in rows
        ]
        super().write_dl(rows, col_max, col_spacing)


class MesoContext(Context):
    formatter_class = MesoFormatter


def localize(command, path: str = "") -> None:
    """Give a built command (and its subcommands) their help texts, in the active language."""
    command.context_class = MesoContext
    entry = HELP.get(path)
    if entry is not None:
        command.help = _(entry.text)
        command.short_help = _(entry.summary)
        command.epilog = _(entry.examples) if entry.examples else None
    for param in command.params:
        if getattr(param, "help", None):
            param.help = _(param.help)
    for name, sub in getattr(command, "commands", {}).items():
        localize(sub, f"{path} {name}".strip())


def argv_language(args: list[str], environ) -> str:
    """The language of the help and the usage errors, known before any command is built."""
    chosen = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            chosen = args[index + 1]
        elif arg.startswith("--lang="):
            chosen = arg.partition("=")[2]
    return choose_language(chosen if chosen in LANGUAGES else None, environ)


def usage_message(error) -> str:
    """A usage error of the parser, in our words and the user's language, as one line."""
    from typer._click import exceptions as click_errors

    if isinstance(error, click_errors.NoSuchOption):
        message = _("no such option: {name}").format(name=error.option_name)
        if error.possibilities:
            near = ", ".join(sorted(error.possibilities))
            message += _(" (did you mean {options}?)").format(options=near)
        return message
    if isinstance(error, click_errors.MissingParameter):
        param = error.param
        name = param.make_metavar(error.ctx) if param is not None else ""
        if param is not None and param.param_type_name == "option":
            return _("missing option {name}").format(name=_option_name(param))
        return _("missing argument {name}").format(name=name)
    if isinstance(error, click_errors.BadParameter):
        param = error.param
        where = _option_name(param) if param is not None else error.param_hint
        message = _invalid_value(error.message)
        return f"{where}: {message}" if where else message
    message = error.format_message()
    extra = re.fullmatch(r"Got unexpected extra argument\(s\) \((.*)\)", message)
    if extra:
        words = extra[1].split(" ")
        text = ngettext(
            "unexpected extra argument: {args}", "unexpected extra arguments: {args}", len(words)
        )
        return text.format(args=extra[1])
    unknown = re.fullmatch(r"No such command '(.*)'\.(?: Did you mean '(.*)'\?)?", message)
    if unknown:
        text = _("no such command: {name}").format(name=unknown[1])
        if unknown[2]:
            text += _(" (did you mean {name}?)").format(name=unknown[2])
        return text
    needs = re.fullmatch(r"Option '(.*)' requires an argument\.", message)
    if needs:
        return _("{option}: a value is required").format(option=needs[1])
    if message == "Missing command.":
        return _("missing command")
    return message


def _option_name(param) -> str:
    names = [name for name in param.opts if name.startswith("--")] or param.opts
    return names[0] if names else param.name


def _invalid_value(message: str) -> str:
    """Typer's choice error ("'x' is not one of 'a', 'b'.") in the words of scenario.py."""
    choice = re.fullmatch(r"(.*) is not one of (.*)\.", message, re.DOTALL)
    if choice:
        choices = ", ".join(part.strip("'") for part in choice[2].split(", "))
        return _("expected one of {choices}, got {value}").format(choices=choices, value=choice[1])
    return message
