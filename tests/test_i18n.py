"""French and English: tables, money, language choice, catalogs; explain; chart; safety notes."""

from __future__ import annotations

import gettext
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from meso_cli.engine import estimate
from meso_cli.explain import explain_plain
from meso_cli.i18n import choose_language
from meso_cli.money import format_eur
from meso_cli.scenario import make_scenario
from tests.conftest import TODAY, run

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "meso_cli" / "locale"
HENNER = ["estimate", "--plan", "henner", "--sessions", "6", "--start", "2026-10-20"]
NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("amount", "lang", "text"),
    [
        ("1234.50", "fr", f"1{NNBSP}234,50{NBSP}€"),
        ("1234.50", "en", "€1,234.50"),
        ("0.00", "fr", f"0,00{NBSP}€"),
        ("45.00", "en", "€45.00"),
        ("1234567.89", "fr", f"1{NNBSP}234{NNBSP}567,89{NBSP}€"),
        ("-2.50", "en", "-€2.50"),
    ],
)
def test_money_as_each_locale_writes_it(amount, lang, text):
    assert format_eur(Decimal(amount), lang) == text


@pytest.mark.parametrize(
    ("option", "environ", "lang"),
    [
        ("fr", {"LANG": "en_US.UTF-8"}, "fr"),
        (None, {"LANG": "fr_FR.UTF-8"}, "fr"),
        (None, {"LANGUAGE": "de:fr", "LANG": "en_US.UTF-8"}, "fr"),
        (None, {"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, "en"),
        (None, {"LC_MESSAGES": "fr_BE.UTF-8"}, "fr"),
        (None, {"LANG": "de_DE.UTF-8"}, "en"),
        (None, {}, "en"),
    ],
)
def test_language_choice(option, environ, lang):
    assert choose_language(option, environ) == lang


def test_french_table():
    lines = run([*HENNER, "--lang", "fr"]).stdout.splitlines()
    assert lines[0] == (
        "Henner (forfait médecines douces) · 6 séances à partir du 20/10/2026, tous les 7 jours"
        f" · 45,00{NBSP}€ la séance · secteur 1 · thérapeutique"
    )
    assert lines[1].split() == [
        "#",
        "Date",
        "Prix",
        "Base",
        "Sécu",
        "PF",
        "Mutuelle",
        "Reste",
        "à",
        "charge",
    ]
    assert re.split(" +", lines[2].strip()) == [
        "1",
        "20/10/2026",
        f"45,00{NBSP}€",
        f"30,00{NBSP}€",
        f"19,00{NBSP}€",
        f"2,00{NBSP}€",
        f"24,00{NBSP}€",
        f"2,00{NBSP}€",
    ]
    assert re.split(" +", lines[8].strip())[0:2] == ["Total", f"270,00{NBSP}€"]
    assert "  - séance 6 : forfait Henner épuisé (5 séances en 2026)" in lines


def test_english_table():
    lines = run(HENNER).stdout.splitlines()
    assert lines[0] == (
        "Henner (forfait médecines douces) · 6 sessions from 2026-10-20, every 7 days"
        " · €45.00 a session · secteur 1 · therapeutic"
    )
    assert lines[1].split() == ["#", "Date", "Price", "Base", "Sécu", "PF", "Mutuelle", "Remaining"]
    assert lines[8].split() == ["Total", "€270.00", "€114.00", "€12.00", "€129.00", "€27.00"]
    assert "  - session 6: Henner forfait used up (5 sessions in 2026)" in lines


def test_language_from_the_environment():
    out = run(HENNER, environ={"LANG": "fr_FR.UTF-8"})
    assert "Reste à charge" in out.stdout


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv"])
def test_machine_formats_are_the_same_in_every_language(fmt):
    args = [*HENNER, "--format", fmt, "--explain"] if fmt == "json" else [*HENNER, "--format", fmt]
    english = run(args).stdout
    assert run([*args, "--lang", "fr"]).stdout == english
    assert run(args, environ={"LANG": "fr_FR.UTF-8"}).stdout == english


def test_batch_and_compare_json_ignore_the_language():
    args = ["compare", "--start", "2026-02-02", "--sessions-range", "1-3", "-f", "json"]
    assert run(args).stdout == run([*args, "--lang", "fr"]).stdout


def test_explain_steps_add_up(tariffs, henner):
    for values in (
        {"start": "2026-10-20", "sessions": "7"},
        {"start": "2024-05-01", "sessions": "3", "out_of_pathway": "true", "sector": "2"},
        {"start": "2025-01-06", "sessions": "30", "price": "30"},
        {"start": "2026-02-02", "purpose": "aesthetic"},
        {"start": "2026-02-02", "billing": "act"},
    ):
        result = estimate(make_scenario(values, TODAY), henner, tariffs)
        for session, explained in zip(result.sessions, explain_plain(result), strict=True):
            steps = {step["rule"]: step for step in explained["steps"]}
            assert steps["base"]["amount"] == session.base
            if "secu_share" in steps:
                assert (
                    steps["secu_share"]["amount"] - steps["participation"]["amount"]
                    == steps["secu"]["amount"]
                )
            assert steps["secu"]["amount"] == session.secu
            paid = (
                steps.get("guarantee", {"amount": 0})["amount"]
                + steps.get("forfait", {"amount": 0})["amount"]
            )
            assert (
                min(paid, session.price - session.secu)
                == steps["mutuelle"]["amount"]
                == session.mutuelle
            )
            assert session.price - session.secu - session.mutuelle == steps["remaining"]["amount"]


def test_explain_text_in_french_cites_its_sources():
    out = run(
        [
            "estimate",
            "--plan",
            "henner",
            "-n",
            "1",
            "--start",
            "2026-02-02",
            "--explain",
            "--lang",
            "fr",
        ]
    ).stdout
    assert f"base 30,00{NBSP}€ (G, secteur 1, depuis le 22/12/2024, arrêté du 20 juin 2024" in out
    assert f"70{NBSP}% × 30,00{NBSP}€ = 21,00{NBSP}€" in out
    assert f"− PF 2,00{NBSP}€ (depuis le 15/05/2024" in out
    assert (
        f"forfait Henner : min(15,00{NBSP}€, 60,00{NBSP}€ par séance, 5 séance(s) restante(s) en 2026) = 15,00{NBSP}€"
        in out
    )


def test_explain_json_has_structured_steps():
    data = json.loads(
        run(
            [
                "estimate",
                "--plan",
                "cegema",
                "-n",
                "1",
                "--start",
                "2026-02-02",
                "--explain",
                "-f",
                "json",
            ]
        ).stdout
    )
    rules = [step["rule"] for step in data["sessions"][0]["steps"]]
    assert rules == [
        "base",
        "secu_share",
        "participation",
        "secu",
        "guarantee",
        "forfait",
        "mutuelle",
        "remaining",
    ]
    base = data["sessions"][0]["steps"][0]
    assert base["since"] == "2024-12-22" and "arrêté du 20 juin 2024" in base["reference"]


def test_chart_is_readable_without_colour():
    out = run([*HENNER, "--chart"]).stdout.splitlines()
    assert "## Sécu   == mutuelle   .. reste à charge" in out
    assert "session 1 #################=====================.. €2.00 left" in out
    assert "session 6 #################========............... €17.00 left" in out
    tty = run([*HENNER, "--chart"], tty=True, environ={"NO_COLOR": "1"}).stdout
    assert "█" in tty and "\x1b[" not in tty


def test_compare_with_a_range_draws_the_chart_by_default():
    out = run(["compare", "--start", "2026-02-02", "--sessions-range", "1-2"]).stdout
    assert "1 × henner" in out and "2 × cegema" in out
    assert (
        "1 × henner"
        not in run(
            ["compare", "--start", "2026-02-02", "--sessions-range", "1-2", "--no-chart"]
        ).stdout
    )
    assert (
        "henner"
        in run(["compare", "--start", "2026-02-02", "--chart"]).stdout.split("reste à charge")[-1]
    )


def test_contra_indications_on_a_terminal_only():
    reminder = "Contra-indications: pregnancy, breastfeeding, anticoagulant treatment"
    assert reminder in run(HENNER, tty=True).stdout
    assert reminder not in run(HENNER).stdout  # piped
    assert reminder not in run([*HENNER, "-f", "json"], tty=True).stdout
    assert reminder not in run([*HENNER, "--quiet"], tty=True).stdout
    pregnant = run([*HENNER, "--care", "maternity"], tty=True).stdout
    assert (
        "Pregnancy is a contra-indication to mesotherapy, whatever the Sécu would pay" in pregnant
    )
    french = run([*HENNER, "--care", "maternity", "--lang", "fr"], tty=True).stdout
    assert "La grossesse est une contre-indication à la mésothérapie" in french


def test_every_message_in_the_code_has_a_french_translation():
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    used = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / "meso_cli"), keywords={"_": None, "N_": None}
        )
    }
    with (LOCALE / "fr" / "LC_MESSAGES" / "meso.po").open("rb") as handle:
        catalog = read_po(handle)
    translated = {message.id: message.string for message in catalog if message.id}
    missing = sorted(message for message in used if not translated.get(message))
    assert not missing, f"add French to tools/fr_catalog.py and rebuild the catalog: {missing}"


def test_the_shipped_mo_is_compiled_from_the_po():
    from babel.messages.pofile import read_po

    with (LOCALE / "fr" / "LC_MESSAGES" / "meso.po").open("rb") as handle:
        catalog = read_po(handle)
    with (LOCALE / "fr" / "LC_MESSAGES" / "meso.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in catalog:
        if isinstance(message.id, tuple):  # a plural: French uses the singular for 0 and 1
            forms = (compiled.ngettext(*message.id, 1), compiled.ngettext(*message.id, 2))
            assert forms == tuple(message.string), message.id
        elif message.id:
            assert compiled.gettext(message.id) == message.string, message.id


def test_messages_follow_the_language(tmp_path):
    out = run(["estimate", "--sessions", "0", "--lang", "fr"])
    assert (
        out.exit_code == 2
        and out.stderr.strip() == "meso: --sessions: doit être compris entre 1 et 100, reçu 0"
    )
    plan = tmp_path / "r.yaml"
    plan.write_text("name: R\nconsultation:\n  optam: 80\n", encoding="utf-8")
    checked = run(["plans", "validate", str(plan)], environ={"LANG": "fr_FR.UTF-8"})
    assert f"{plan}:3:10: attention : consultation.optam vaut 80 % BR" in checked.stdout
    assert "1 fichier(s) sur 1 avec des problèmes" in checked.stderr
    bad_row = run(["batch", "-", "--lang", "fr"], input="id,sessions\nx,zero\n")
    assert "ligne 2 : sessions: nombre entier attendu, reçu 'zero'" in bad_row.stderr


def test_machine_formats_stay_english_with_french_messages(tmp_path):
    plan = tmp_path / "r.yaml"
    plan.write_text("name: R\nconsultation:\n  optam: 80\n", encoding="utf-8")
    args = ["estimate", "--plan", str(plan), "-n", "1", "--start", "2026-02-02", "-f", "json"]
    french = run(args, environ={"LANG": "fr_FR.UTF-8"})
    assert french.stdout == run(args).stdout
    assert "consultation.optam is 80 % BR" in json.loads(french.stdout)["warnings"][0]
    assert "attention : consultation.optam vaut 80 % BR" in french.stderr
    for fmt in ("json", "csv"):
        listing = ["plans", "list", "-f", fmt]
        assert run([*listing, "--lang", "fr"]).stdout == run(listing).stdout
