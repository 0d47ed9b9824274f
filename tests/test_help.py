"""Help that teaches (options with limits and defaults, examples, whole summaries, French),
meso explain-terms, dates and numbers as people write them, and plurals."""

from __future__ import annotations

import re

import pytest

from meso_cli.helptext import HELP
from tests.conftest import run

COMMANDS = [
    ["estimate"],
    ["compare"],
    ["batch"],
    ["plans"],
    ["plans", "list"],
    ["plans", "show"],
    ["plans", "validate"],
    ["plans", "new"],
    ["plans", "schema"],
    ["tariffs"],
    ["guide"],
    ["explain-terms"],
]
# Options whose value has limits or a default to state (flags are off unless given).
VALUED = re.compile(r"^  (?:-\w, )?(--[\w-]+) (?!\s)\S+", re.MULTILINE)


def _options(help_text: str) -> dict[str, str]:
    """Each option of a help page with its description (joined over wrapped lines)."""
    options: dict[str, str] = {}
    current = None
    for line in help_text.split("Options:")[-1].splitlines():
        match = re.match(r"^  (?:-\w, )?(--[\w/-]+)(.*)$", line)
        if match:
            current = match[1]
            options[current] = match[2]
        elif current and line.startswith("    "):
            options[current] += " " + line.strip()
        else:
            current = None
    return {name: " ".join(text.split()) for name, text in options.items()}


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_explains_its_options_and_ends_with_examples(command):
    out = run([*command, "--help"], width=100)
    assert out.exit_code == 0, out.stderr
    text = out.stdout
    options = _options(text)
    for name, description in options.items():
        assert description, f"{name} has no description"
    for match in VALUED.finditer(text.split("Options:")[-1]):
        name = match[1]
        if name in ("--help",):
            continue
        assert "[default:" in options[name] or "[required]" in options[name], (name, options[name])
    examples = text.split("Examples:")[-1].strip().splitlines()
    assert "Examples:" in text and 2 <= len(examples) <= 4, text
    assert all(line.strip().startswith(("meso ", "cat ")) for line in examples), examples


def test_the_limits_are_in_the_help():
    text = " ".join(run(["estimate", "--help"], width=200).stdout.split())
    assert "--sessions N Number of sessions, 1 to 100 [default: 3]." in text
    assert "--every DAYS Days between sessions, 1 to 366 [default: 7]." in text
    assert "YYYY-MM-DD or DD/MM/YYYY" in text and "45,50" in text
    for words in ("therapeutic:", "aesthetic:", "2-optam", "alsace-moselle", "ald:", "act ("):
        assert words in text, words


def test_summaries_are_whole():
    out = run(["--help"])
    listing = out.stdout.split("Commands:")[1].split("Examples:")[0]
    names = [line.split()[0] for line in listing.splitlines() if line.strip()]
    assert names == [
        "estimate",
        "compare",
        "batch",
        "plans",
        "tariffs",
        "guide",
        "explain-terms",
    ]
    assert "..." not in listing  # click cuts a long docstring with "..."


def _example_lines():
    for path, entry in HELP.items():
        for line in (entry.examples or "").splitlines():
            line = line.strip()
            if line.startswith("meso "):
                yield path, line


@pytest.mark.parametrize(("path", "line"), list(_example_lines()))
def test_the_examples_run(path, line, tmp_path, monkeypatch):
    if any(mark in line for mark in ("|", ">", ".csv", ".yaml", "guide")):
        pytest.skip("needs a file, a pipe or a terminal")
    monkeypatch.chdir(tmp_path)  # `plans new --dir .` writes here
    words = line.split()[1:]
    out = run(words, environ={"XDG_CONFIG_HOME": str(tmp_path)})
    assert out.exit_code == 0, (line, out.stderr)


@pytest.mark.parametrize("how", [["--lang", "fr"], ["--lang=fr"]], ids=["--lang fr", "--lang=fr"])
def test_help_in_french_with_the_option(how):
    out = run(["estimate", "--help", *how], width=100)
    assert out.stdout.startswith("Usage : meso estimate [OPTIONS]")
    flat = " ".join(out.stdout.split())
    assert "Nombre de séances, de 1 à 100 [par défaut : 3]." in flat
    assert "Affiche ce message et s'arrête." in flat
    assert "défaut\n" not in out.stdout  # never a line cut before a colon
    assert "Options :" in out.stdout and "Exemples :" in out.stdout


@pytest.mark.parametrize("variable", ["LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"])
def test_help_in_french_from_the_locale(variable):
    out = run(["--help"], environ={variable: "fr_FR.UTF-8"})
    assert "Commandes :" in out.stdout
    assert "Ce que vous coûte chaque séance, Sécu et mutuelle déduites." in out.stdout
    english = run(["--help"], environ={variable: "fr_FR.UTF-8", "LC_ALL": "C"})
    if variable != "LANGUAGE":
        assert "Commands:" in english.stdout


@pytest.mark.parametrize(
    ("args", "english", "french"),
    [
        (["estimate", "--bogus"], "no such option: --bogus", "option inconnue : --bogus"),
        (["estimate", "a"], "unexpected extra argument: a", "argument en trop : a"),
        (["estimate", "a", "b"], "unexpected extra arguments: a b", "arguments en trop : a b"),
        (["batch"], "missing argument FILE|-", "argument FILE|- manquant"),
        (["estimat"], "no such command: estimat (did you mean estimate?)", "commande inconnue"),
        (
            ["estimate", "-f", "xml"],
            "--format: expected one of table, json, csv, tsv, got 'xml'",
            "--format: attendu l'un de table, json, csv, tsv, reçu 'xml'",
        ),
        (
            ["estimate", "--sessions"],
            "--sessions: a value is required",
            "--sessions: une valeur est attendue",
        ),
    ],
)
def test_usage_errors_in_both_languages(args, english, french):
    out = run(args)
    assert out.exit_code == 2 and english in out.stderr, out.stderr
    assert len(out.stderr.splitlines()) == 1
    out = run(args, environ={"LANG": "fr_FR.UTF-8"})
    assert out.exit_code == 2 and french in out.stderr, out.stderr
    assert ("(voir 'meso" in out.stderr) == ("(see 'meso" in run(args).stderr)


TERMS = [
    "secteur 1",
    "secteur 2",
    "OPTAM",
    "secteur 3",
    "parcours de soins",
    "ALD",
    "PF",
    "BR",
    "forfait médecines douces",
    "reste à charge",
]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_explain_terms_says_each_term_in_two_lines(lang):
    out = run(["explain-terms", "--lang", lang])
    assert out.exit_code == 0
    blocks = out.stdout.strip("\n").split("\n\n")
    assert [block.splitlines()[0] for block in blocks] == TERMS
    assert all(len(block.splitlines()) == 3 for block in blocks)
    if lang == "fr":
        assert "Affection de longue durée : une maladie longue" in out.stdout
    else:
        assert "Affection de longue durée: a long-term illness" in out.stdout


# Dates and numbers as people write them.

ESTIMATE = ["estimate", "--plan", "henner", "-n", "2", "-f", "json"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_day_as_the_french_write_it(lang):
    iso = run([*ESTIMATE, "--start", "2026-02-02", "--lang", lang])
    french = run([*ESTIMATE, "--start", "02/02/2026", "--lang", lang])
    short = run([*ESTIMATE, "--start", "2/2/2026", "--lang", lang])
    assert iso.exit_code == 0 and french.stdout == iso.stdout == short.stdout


def test_a_price_with_a_decimal_comma():
    dot = run([*ESTIMATE, "--start", "2026-02-02", "--price", "45.50"])
    comma = run([*ESTIMATE, "--start", "2026-02-02", "--price", "45,50"])
    assert dot.exit_code == 0 and comma.stdout == dot.stdout and '"price": 45.50' in dot.stdout


def test_batch_columns_parse_the_same_way():
    rows = (
        'id,start,price,sessions\na,02/02/2026,"45,50",2\nb,2026-02-02,45.50,2\nc,20260202,45,2\n'
    )
    out = run(["batch", "-"], input=rows)
    lines = out.stdout.splitlines()
    assert lines[1].split(",")[1:] == lines[2].split(",")[1:]
    assert "line 4: start: expected a real date as YYYY-MM-DD or DD/MM/YYYY" in out.stderr


def test_tariffs_date_in_both_forms():
    iso = run(["tariffs", "--date", "2024-06-01", "-f", "csv"])
    french = run(["tariffs", "--date", "01/06/2024", "-f", "csv"])
    assert iso.exit_code == 0 and french.stdout == iso.stdout
    bad = run(["tariffs", "--date", "20240601"])
    assert bad.exit_code == 2 and "--date: expected a real date" in bad.stderr


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--sessions", "0", "meso: --sessions: must be from 1 to 100, got 0"),
        ("--every", "0", "meso: --every: must be from 1 to 366, got 0"),
        ("--price", "0", "meso: --price: must be above 0"),
        ("--used-sessions", "400", "meso: --used-sessions: must be from 0 to 366, got 400"),
        ("--sector", "9", "meso: --sector: expected one of 1, 2-optam, 2, 3, got '9'"),
    ],
)
def test_every_scenario_option_fails_the_same_way(option, value, message):
    out = run(["estimate", option, value])
    assert out.exit_code == 2 and out.stderr == message + "\n"


# Plurals.


def test_one_session_is_singular_in_both_languages(tmp_path):
    args = ["estimate", "-n", "1", "--start", "2026-02-02", "--every", "1"]
    assert "1 session from 2026-02-02, every day" in run(args).stdout
    assert "1 séance à partir du 02/02/2026, tous les jours" in run([*args, "--lang", "fr"]).stdout
    two = ["estimate", "-n", "2", "--start", "2026-02-02"]
    assert "2 sessions from 2026-02-02, every 7 days" in run(two).stdout
    assert (
        "2 séances à partir du 02/02/2026, tous les 7 jours" in run([*two, "--lang", "fr"]).stdout
    )
    plan = tmp_path / "one.yaml"
    plan.write_text("name: One\nforfait:\n  per_session: 20\n  sessions_per_year: 1\n")
    used = ["estimate", "--plan", str(plan), "-n", "2", "--start", "2026-02-02"]
    assert "One forfait used up (1 session in 2026)" in run(used).stdout
    assert "forfait One épuisé (1 séance en 2026)" in run([*used, "--lang", "fr"]).stdout
    already = [*used, "--used-sessions", "1", "--explain"]
    assert "forfait already used in 2026: 1 session, €0.00" in run(already).stdout
    explained = run([*used, "-n", "1", "--explain", "--lang", "fr"]).stdout
    assert "1 séance restante en 2026" in explained


def test_batch_and_validate_count_in_words(tmp_path):
    out = run(["batch", "-"], input="id,sessions\nx,zero\n")
    assert out.stderr.splitlines()[-1] == "meso: 1 row left out"
    french = run(["batch", "-", "--lang", "fr"], input="id,sessions\nx,zero\ny,0\n")
    assert french.stderr.splitlines()[-1] == "meso: 2 lignes écartées"


def test_no_message_says_s_in_brackets():
    from pathlib import Path

    pot = (Path(__file__).resolve().parent.parent / "meso_cli" / "locale" / "meso.pot").read_text()
    assert "(s)" not in pot


def test_every_help_text_has_french():
    """An option added without N_() or without French would stay English in a French help page."""
    from pathlib import Path

    import typer
    from babel.messages.pofile import read_po

    from meso_cli import i18n
    from meso_cli.cli import COMMANDS, app
    from meso_cli.helptext import localize

    po = Path(__file__).resolve().parent.parent / "meso_cli/locale/fr/LC_MESSAGES/meso.po"
    with po.open("rb") as handle:
        french = {message.id for message in read_po(handle) if message.id and message.string}
    i18n.use("en")
    group = typer.main.get_command(app)
    localize(group)  # as LazyGroup.main does before parsing
    context = group.make_context("meso", ["estimate"], resilient_parsing=True)
    commands = [group]
    for name in COMMANDS:
        command = group.get_command(context, name)
        commands += [command, *getattr(command, "commands", {}).values()]
    missing = sorted(
        {
            text
            for command in commands
            for text in [command.help, command.short_help, command.epilog]
            + [getattr(param, "help", None) for param in command.params]
            if text and text not in french
        }
    )
    assert not missing


def test_the_installed_command_speaks_french_from_the_locale():
    """The real process: the language comes from LANG before any command is built."""
    import os
    import subprocess

    from tests.test_cli_estimate import installed_meso

    env = {**os.environ, "LANG": "fr_FR.UTF-8", "XDG_CONFIG_HOME": "/nonexistent-meso-config"}
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        env.pop(variable, None)
    bad = subprocess.run(
        [installed_meso(), "estimate", "--bogus"], capture_output=True, text=True, env=env
    )
    assert bad.returncode == 2
    assert bad.stderr == "meso estimate: option inconnue : --bogus (voir 'meso estimate --help')\n"
    guide = subprocess.run(
        [installed_meso(), "guide"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert guide.returncode == 2 and guide.stderr.startswith("meso: meso guide pose ses questions")
