"""meso guide: questions on a terminal, answers checked by the estimate's parsers, the estimate and
its one-line command; a polite refusal without a terminal."""

from __future__ import annotations

import shlex

from tests.conftest import run

# purpose, price, sessions, every, start, practitioner, sector, referred, plan, used sessions, €
ANSWERS = "1\n90\n5\n\n02/02/2026\n1\n2\n\nhenner\n\n\n"


def test_the_guide_shows_the_estimate_and_its_command():
    out = run(["guide"], stdin_tty=True, input=ANSWERS)
    assert out.exit_code == 0, out.stderr
    command = out.stdout.splitlines()[-1].strip()
    assert command == (
        "meso estimate --price 90 --sessions 5 --start 02/02/2026 --sector 2-optam --plan henner"
    )
    same = run(shlex.split(command)[1:])
    assert out.stdout.startswith("\n" + same.stdout)
    assert "The same estimate in one command:" in out.stdout
    assert "Why these sessions?" in out.stderr and " henner\n" in out.stderr


def test_a_bad_answer_is_said_and_asked_again():
    answers = (
        "x\n1\n-4\n45,50\n0\nthree\n٣\n3\n\n31/02/2026\n2026-02-02\n1\n9\n1\nmaybe\nno\nnope\n0\n"
    )
    out = run(["guide"], stdin_tty=True, input=answers)
    assert out.exit_code == 0, out.stderr
    for message in (
        "  expected one of 1, 2, got 'x'",
        "  must not be negative, got -4",
        "  must be from 1 to 100, got 0",
        "  expected a whole number, got 'three'",
        "  expected a whole number, got '٣'",
        "  expected a real date as YYYY-MM-DD or DD/MM/YYYY, got '31/02/2026'",
        "  expected one of 1, 2, 3, 4, got '9'",
        "  expected true or false, got 'maybe'",
        "  no plan named 'nope'",
    ):
        assert message in out.stderr, message
    assert out.stdout.splitlines()[-1].strip() == (
        "meso estimate --price 45,50 --sessions 3 --start 2026-02-02 --out-of-pathway"
    )


def test_the_guide_speaks_french():
    answers = "1\n\n1\n\n\n1\n1\no\n0\n"
    out = run(["guide", "--lang", "fr"], stdin_tty=True, input=answers)
    assert out.exit_code == 0, out.stderr
    assert "Pourquoi ces séances ?" in out.stderr
    assert "Répondez de 1 à 2 [1] : " in out.stderr
    assert "secteur 2 OPTAM : dépassements limités ; remboursé comme le secteur 1" in out.stderr
    assert "La même estimation en une commande :" in out.stdout
    assert out.stdout.splitlines()[-1].strip() == "meso estimate --sessions 1 --lang fr"
    assert "1 séance à partir du 22/11/2026" in out.stdout


def test_an_aesthetic_session_skips_the_sécu_questions():
    out = run(["guide"], stdin_tty=True, input="2\n\n1\n\n\n0\n")
    assert out.exit_code == 0, out.stderr
    assert "sector" not in out.stderr and "Price of one session, in euros [150]: " in out.stderr
    assert out.stdout.splitlines()[-1].strip() == "meso estimate --purpose aesthetic --sessions 1"


def test_without_a_terminal_it_refuses_in_one_line():
    out = run(["guide"], input="1\n")
    assert out.exit_code == 2 and out.stdout == ""
    assert out.stderr == (
        "meso: meso guide asks questions on a terminal; for a script use 'meso estimate' with"
        " options (see 'meso estimate --help')\n"
    )


def test_the_end_of_input_stops_the_guide():
    out = run(["guide"], stdin_tty=True, input="1\n90\n")
    assert out.exit_code == 2 and out.stdout == ""
    assert out.stderr.splitlines()[-1] == "meso: no answer: the guide stopped"
