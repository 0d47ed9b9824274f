from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run

HENNER_5 = ["estimate", "--plan", "henner", "--sessions", "5", "--start", "2026-02-02"]


def test_json_has_the_contract_keys():
    out = run([*HENNER_5, "--format", "json"])
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["plan"] == {"id": "henner", "name": "Henner (forfait médecines douces)"}
    assert set(data["sessions"][0]) >= {
        "number",
        "date",
        "price",
        "base",
        "secu",
        "participation",
        "mutuelle",
        "remaining",
        "notes",
    }
    assert data["sessions"][0]["date"] == "2026-02-02"
    assert data["totals"] == {
        "price": 225,
        "secu": 95,
        "participation": 10,
        "mutuelle": 120,
        "remaining": 10,
    }
    assert '"remaining": 10.00' in out.stdout  # exact cents, not a float's rendering


def test_json_without_plan_has_null_plan():
    data = json.loads(run(["estimate", "--start", "2026-02-02", "-f", "json"]).stdout)
    assert data["plan"] is None and len(data["sessions"]) == 3


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_csv_and_tsv_have_one_header_and_one_row_per_session(fmt, delimiter):
    out = run([*HENNER_5, "--format", fmt])
    rows = list(csv.reader(io.StringIO(out.stdout), delimiter=delimiter))
    assert rows[0] == [
        "number",
        "date",
        "price",
        "base",
        "secu",
        "participation",
        "mutuelle",
        "remaining",
        "notes",
    ]
    assert len(rows) == 6
    assert rows[1] == ["1", "2026-02-02", "45.00", "30.00", "19.00", "2.00", "24.00", "2.00", ""]
    assert "\x1b" not in out.stdout and out.stderr == ""


def test_table_on_a_pipe_has_no_colour_nor_boxes():
    out = run(["estimate", "--plan", "henner", "-n", "7", "--start", "2026-10-01"])
    assert out.exit_code == 0
    assert "\x1b" not in out.stdout
    assert not any(ch in out.stdout for ch in "┏━│┃─")
    assert "session 6: Henner forfait used up (5 sessions in 2026)" in out.stdout
    lines = out.stdout.splitlines()
    total = next(line for line in lines if line.startswith("Total"))
    assert total.split() == ["Total", "€315.00", "€133.00", "€14.00", "€138.00", "€44.00"]


def test_table_on_a_terminal_draws_boxes_and_colour_unless_no_color():
    out = run(HENNER_5, tty=True)
    assert "━" in out.stdout and "\x1b[" in out.stdout
    plain = run(HENNER_5, tty=True, environ={"NO_COLOR": "1"})
    assert "━" in plain.stdout and "\x1b[" not in plain.stdout
    flag = run([*HENNER_5, "--no-color"], tty=True)
    assert "\x1b[" not in flag.stdout


def test_assumption_notes_are_shown():
    out = run(["estimate", "--purpose", "aesthetic", "--start", "2026-02-02"])
    assert "aesthetic: no Sécu reimbursement" in out.stdout


def test_plan_by_path(tmp_path):
    plan = tmp_path / "mine.yaml"
    plan.write_text("name: Mine\nforfait:\n  per_session: 10\n", encoding="utf-8")
    data = json.loads(
        run(
            ["estimate", "--plan", str(plan), "-n", "1", "--start", "2026-02-02", "-f", "json"]
        ).stdout
    )
    assert data["plan"]["id"] == "mine" and data["sessions"][0]["mutuelle"] == 19  # 9 + 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sessions", "0"], "--sessions: must be from 1 to 100, got 0"),
        (["--price", "abc"], "--price: expected an amount in euros, got 'abc'"),
        (
            ["--start", "2026-02-30"],
            "--start: expected a real date as YYYY-MM-DD or DD/MM/YYYY, got '2026-02-30'",
        ),
        (["--plan", "nope"], "--plan: no plan named 'nope'"),
        (["--start", "2010-01-01"], "no tariff known before 2017-05-01"),
    ],
)
def test_bad_options_give_one_line_and_exit_2(args, message):
    out = run(["estimate", *args])
    assert out.exit_code == 2
    assert message in out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""


def installed_meso() -> str:
    candidate = Path(sys.executable).parent / "meso"
    found = str(candidate) if candidate.exists() else shutil.which("meso")
    if not found:
        pytest.skip("the meso command is not installed in this environment")
    return found


def test_installed_command_in_a_pipeline():
    """The real console script, stdout piped: no ANSI codes, parseable output."""
    env = {**os.environ, "XDG_CONFIG_HOME": "/nonexistent-meso-config"}
    env.pop("MESO_PLANS_PATH", None)
    done = subprocess.run(
        [
            installed_meso(),
            "estimate",
            "--plan",
            "henner",
            "--sessions",
            "5",
            "--start",
            "2026-02-02",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout
    assert json.loads(done.stdout)["totals"]["remaining"] == 10
    table = subprocess.run(
        [installed_meso(), "estimate", "--plan", "henner", "--start", "2026-02-02"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert table.returncode == 0 and "\x1b" not in table.stdout and "Total" in table.stdout
    bad = subprocess.run(
        [installed_meso(), "estimate", "--sessions", "x"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


# Issue contract: real dates and real doctors, each figure computed by hand (docs/rules.md).
PLAN_100 = "name: P\nconsultation: {optam: 100}\n"


def _csv_rows(out):
    return list(csv.DictReader(io.StringIO(out.stdout)))


def test_contract_specialist_referred_and_not(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text(PLAN_100, encoding="utf-8")
    args = ["estimate", "--practitioner", "specialist", "--sessions", "1", "--start", "2026-03-02"]
    row = _csv_rows(run([*args, "--price", "31.50", "--plan", plan, "-f", "csv"]))[0]
    assert (row["base"], row["secu"], row["participation"], row["mutuelle"], row["remaining"]) == (
        "31.50",
        "20.05",
        "2.00",
        "9.45",
        "2.00",
    )
    row = _csv_rows(
        run([*args, "--out-of-pathway", "--price", "26.50", "--plan", plan, "-f", "csv"])
    )[0]
    assert (row["base"], row["secu"], row["mutuelle"], row["remaining"]) == (
        "26.50",
        "5.95",
        "7.95",
        "12.60",
    )


def test_contract_secteur_3_without_plan():
    out = run(
        [
            "estimate",
            "--sector",
            "3",
            "--sessions",
            "1",
            "--price",
            "50",
            "--start",
            "2025-03-10",
            "-f",
            "csv",
        ]
    )
    row = _csv_rows(out)[0]
    assert (row["base"], row["secu"], row["participation"]) == ("0.61", "0.43", "0.00")


def test_contract_dates_after_the_data_and_before_it():
    out = run(["estimate", "--start", "2029-06-04", "--sessions", "3", "-f", "json"])
    assert out.exit_code == 0
    data = json.loads(out.stdout)
    assert {(s["base"], s["participation"]) for s in data["sessions"]} == {(30.00, 2.00)}
    assert sum("tariff data was last reviewed" in note for note in data["notes"]) == 1
    assert data["scenario"]["practitioner"] == "gp" and data["scenario"]["pf_paid"] == 0
    refused = run(["estimate", "--start", "2017-04-30"])
    assert refused.exit_code == 2 and "before 2017-05-01" in refused.stderr
    tariffs = run(["tariffs", "--date", "2031-01-01"])
    assert tariffs.exit_code == 0 and "tariff data was last reviewed" in tariffs.stdout


def test_contract_pf_paid():
    out = run(
        ["estimate", "--pf-paid", "49", "--sessions", "3", "--start", "2026-03-02", "-f", "csv"]
    )
    assert [row["participation"] for row in _csv_rows(out)] == ["1.00", "0.00", "0.00"]
    assert "1.00 of it paid before" not in out.stdout  # the note says 49.00 was paid
    assert "€49.00 of it paid before these sessions" in out.stdout
    bad = run(["estimate", "--pf-paid", "50.5"])
    assert bad.exit_code == 2 and "--pf-paid" in bad.stderr


def test_batch_columns_practitioner_and_pf_paid(tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "id,practitioner,pf_paid,sessions,start,price\n"
        "a,specialist,,1,2026-03-02,31.50\n"
        "b,gp,49,3,2026-03-02,45\n",
        encoding="utf-8",
    )
    out = run(["batch", rows])
    assert out.stdout.splitlines()[1:] == [
        "a,31.50,20.05,2.00,0.00,11.45",  # Sécu only: 31.50 − 20.05
        "b,135.00,62.00,1.00,0.00,73.00",  # PF 1 + 0 + 0: Sécu 20 + 21 + 21
    ]
