"""Bad input never hurts: each case asserts the exit status, the message, and no traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from meso_cli.errors import ExitStatus
from tests.conftest import run

VALID = "name: Test\nforfait:\n  per_session: 50\n"

# (case, file content, expected file:line:column message)
BAD_PLANS = [
    ("syntax", "name: [unclosed\n", ":2:1: invalid YAML"),
    (
        "unknown key",
        "name: A\nforfiat:\n  per_session: 60\n",
        ":2:1: unknown key 'forfiat' (did you mean 'forfait'?)",
    ),
    (
        "unknown nested key",
        "name: A\nforfait:\n  per_sesion: 60\n",
        ":3:3: unknown key 'forfait.per_sesion' (did you mean 'forfait.per_session'?)",
    ),
    (
        "wrong type",
        "name: A\nforfait:\n  per_session: sixty\n",
        ":3:16: 'forfait.per_session' must be an amount in euros or \"N % PMSS\" (0 < N ≤ 100), got 'sixty'",
    ),
    (
        "negative",
        "name: A\nforfait:\n  per_session: -5\n",
        ":3:16: 'forfait.per_session' must not be negative, got -5",
    ),
    (
        "infinite",
        "name: A\nforfait:\n  per_year: .inf\n",
        ":3:13: 'forfait.per_year' must be a finite number, got '.inf'",
    ),
    (
        "nan",
        "name: A\nforfait:\n  per_year: .nan\n",
        ":3:13: 'forfait.per_year' must be a finite number, got '.nan'",
    ),
    (
        "three decimals",
        "name: A\nforfait:\n  per_session: 10.555\n",
        ":3:16: 'forfait.per_session' has more than two decimals: 10.555",
    ),
    (
        "impossible date",
        'name: A\nyear: contract\ncontract_start: "13-45"\n',
        ":3:17: 'contract_start' is not a day of the year: 13-45",
    ),
    (
        "29 February",
        'name: A\nyear: contract\ncontract_start: "02-29"\n',
        ":3:17: 'contract_start' cannot be 02-29",
    ),
    (
        "date shape",
        "name: A\nyear: contract\ncontract_start: April\n",
        ":3:17: 'contract_start' must be MM-DD",
    ),
    ("duplicate key", "name: A\nname: B\n", ":2:1: duplicate key 'name'"),
    ("not a mapping", "- a\n- b\n", ":1:1: a plan file must be a mapping of keys"),
    ("empty", "", ":1:1: empty file"),
    ("comments only", "# nothing\n", ":1:1: empty file"),
    (
        "python tag",
        "name: !!python/object/apply:os.system ['echo hi']\n",
        ":1:7: YAML tags are not allowed here (!!python/object/apply:os.system)",
    ),
    ("missing name", "forfait:\n  per_year: 100\n", ":1:1: missing required key 'name'"),
    (
        "contract without start",
        "name: A\nyear: contract\n",
        ":2:7: 'contract_start' (MM-DD) is required when year is contract",
    ),
    (
        "start without contract",
        'name: A\ncontract_start: "04-01"\n',
        ":2:17: 'contract_start' is only used with 'year: contract'",
    ),
    (
        "forfait without limit",
        "name: A\nforfait:\n  aesthetic: true\n",
        ":3:3: 'forfait' needs at least one limit",
    ),
    (
        "fractional count",
        "name: A\nforfait:\n  sessions_per_year: 2.5\n",
        ":3:22: 'forfait.sessions_per_year' must be a whole number, got '2.5'",
    ),
    (
        "percent too high",
        "name: A\nconsultation:\n  optam: 2000\n",
        ":3:10: 'consultation.optam' must be at most 1000 % BR, got 2000",
    ),
    (
        "two documents",
        "name: a\n---\nname: b\n",
        ":2:1: only one YAML document is allowed per file",
    ),
    ("list value", "name: [a, b]\n", ":1:7: 'name' must be a single value, not a list"),
    (
        "scalar section",
        "name: A\nconsultation: 5\n",
        ":2:15: 'consultation' must be a mapping of keys",
    ),
    (
        "bad boolean",
        "name: A\nforfait:\n  per_year: 10\n  aesthetic: maybe\n",
        ":4:14: 'forfait.aesthetic' must be true or false, got 'maybe'",
    ),
    (
        "bad choice",
        "name: A\nconsultation:\n  basis: ontop\n",
        ":3:10: 'consultation.basis' must be one of total, on_top, got 'ontop' (did you mean 'on_top'?)",
    ),
    ("deep nesting", "name: " + "[" * 100, ":1:38: nested deeper than 32 levels"),
]


@pytest.mark.parametrize(
    ("content", "message"), [case[1:] for case in BAD_PLANS], ids=[c[0] for c in BAD_PLANS]
)
def test_bad_plan_files(tmp_path, content, message):
    path = tmp_path / "plan.yaml"
    path.write_text(content, encoding="utf-8")
    checked = run(["plans", "validate", str(path)])
    assert checked.exit_code == 1
    assert f"{path}{message}" in checked.stdout
    used = run(["estimate", "--plan", str(path), "--start", "2026-02-02"])
    assert used.exit_code == 2
    assert f"{path}{message}" in used.stderr
    for output in (checked.stdout, checked.stderr, used.stdout, used.stderr):
        assert "Traceback" not in output


def test_flow_nesting_past_pyyaml_own_limit(tmp_path):
    # PyYAML >= 6.0.4 refuses 1000 levels of [[[… while scanning, before our check sees the
    # 33rd: the words stay ours, the position is where PyYAML stopped (1:38 on older ones).
    path = tmp_path / "plan.yaml"
    path.write_text("name: " + "[" * 50_000, encoding="utf-8")
    out = run(["plans", "validate", str(path)])
    assert out.exit_code == 1
    assert re.fullmatch(
        rf"{re.escape(str(path))}:\d+:\d+: nested deeper than 32 levels\n", out.stdout
    )


def test_every_problem_of_a_file_at_once(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(
        "name: A\nforfiat: 1\nyear: yearly\nforfait:\n  per_session: -1\n", encoding="utf-8"
    )
    lines = run(["plans", "validate", str(path)]).stdout.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{path}:2:1",
        f"{path}:3:7",
        f"{path}:5:16",
    ]


def test_alias_bomb_is_refused_quickly(tmp_path):
    levels = ["a: &a [x,x,x,x,x,x,x,x,x]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(levels) + "\nname: *i\n", encoding="utf-8")
    out = run(["plans", "validate", str(path)])
    assert out.exit_code == 1 and "'name' must be a single value, not a list" in out.stdout


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: Mutuelle générale\n".encode("latin-1"))
    out = run(["plans", "validate", str(path)])
    assert f"{path}:1:17: is not UTF-8 text (byte 0xe9)" in out.stdout


def test_too_large(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("name: A\n" + "# padding\n" * 30_000, encoding="utf-8")
    assert f"{path}:1:1: is larger than 256 KiB" in run(["plans", "validate", str(path)]).stdout


def test_directory_and_missing_plan_paths(tmp_path):
    folder = tmp_path / "plans.yaml"
    folder.mkdir()
    out = run(["estimate", "--plan", str(folder)])
    assert out.exit_code == 2 and f"{folder}:1:1: is a directory, not a plan file" in out.stderr
    missing = run(["estimate", "--plan", str(tmp_path / "none.yaml")])
    assert missing.exit_code == 2 and "--plan: no such file" in missing.stderr
    validate = run(["plans", "validate", str(tmp_path / "none.yaml")])
    assert (
        validate.exit_code == 1 and "cannot be read: No such file or directory" in validate.stdout
    )


@pytest.mark.parametrize(
    ("consultation", "message"),
    [
        (
            "optam: 80",
            "consultation.optam is 80 % BR: a contrat responsable covers at least 100 % BR",
        ),
        (
            "optam: 300\n  non_optam: 250",
            "consultation.non_optam is 250 % BR: a contrat responsable covers non-OPTAM doctors up to 200 % BR in total",
        ),
        (
            "optam: 150\n  non_optam: 140",
            "consultation.non_optam is 140 % BR: a contrat responsable covers non-OPTAM dépassements at least 20 points below OPTAM (150 %), so at most 130 %",
        ),
        ("optam: 150", "(defaults to optam: set non_optam)"),
    ],
)
def test_contrat_responsable_breaches_are_reported_not_clamped(tmp_path, consultation, message):
    path = tmp_path / "resp.yaml"
    path.write_text(f"name: R\nconsultation:\n  {consultation}\n", encoding="utf-8")
    checked = run(["plans", "validate", str(path)])
    assert checked.exit_code == 1
    assert f"{path}:" in checked.stdout and ": warning: consultation." in checked.stdout
    assert message in checked.stdout
    used = run(["estimate", "--plan", str(path), "--start", "2026-02-02", "-f", "json"])
    assert used.exit_code == 0 and message in used.stderr
    assert any(message in warning for warning in json.loads(used.stdout)["warnings"])


def test_a_non_responsible_plan_may_do_what_it_says(tmp_path):
    path = tmp_path / "free.yaml"
    path.write_text("name: F\nresponsible: false\nconsultation:\n  optam: 80\n", encoding="utf-8")
    assert run(["plans", "validate", str(path)]).exit_code == 0


EXPECTED_DATE = "expected a real date as YYYY-MM-DD or DD/MM/YYYY"
BAD_OPTIONS = [
    (["--sessions", "0"], "--sessions: must be from 1 to 100, got 0"),
    (["--sessions", "101"], "--sessions: must be from 1 to 100, got 101"),
    (["--sessions", "x"], "meso: --sessions: expected a whole number, got 'x'"),
    (["--sessions", "３"], "meso: --sessions: expected a whole number, got '３'"),
    (["--sessions", "+3"], "meso: --sessions: expected a whole number, got '+3'"),
    (["--price", "0"], "--price: must be above 0"),
    (["--price", "-5"], "--price: must not be negative, got -5"),
    (["--price", "nan"], "--price: expected an amount in euros, got 'nan'"),
    (["--price", "inf"], "--price: expected an amount in euros, got 'inf'"),
    (["--price", "٤٥"], "--price: expected an amount in euros, got '٤٥'"),
    (["--price", "1_000"], "--price: expected an amount in euros, got '1_000'"),
    (["--price", "1e2"], "--price: expected an amount in euros, got '1e2'"),
    (["--price", "45.555"], "--price: has more than two decimals: 45.555"),
    (["--price", "1000000000"], "--price: is too large: 1000000000"),
    (["--start", "2026-13-01"], f"--start: {EXPECTED_DATE}, got '2026-13-01'"),
    (["--start", "tomorrow"], f"--start: {EXPECTED_DATE}, got 'tomorrow'"),
    (["--start", "20260202"], f"--start: {EXPECTED_DATE}, got '20260202'"),
    (["--start", "2026-W06-1"], f"--start: {EXPECTED_DATE}, got '2026-W06-1'"),
    (["--start", "2026-02-02T10:00"], f"--start: {EXPECTED_DATE}, got '2026-02-02T10:00'"),
    (["--start", "31/02/2026"], f"--start: {EXPECTED_DATE}, got '31/02/2026'"),
    (["--start", "02/02/26"], f"--start: {EXPECTED_DATE}, got '02/02/26'"),
    (["--start", "２０２６-02-02"], f"--start: {EXPECTED_DATE}, got '２０２６-02-02'"),
    (["--start", "2016-01-01"], "no tariff known before 2017-05-01 (session on 2016-01-01)"),
    (["--every", "0"], "--every: must be from 1 to 366, got 0"),
    (["--every", "x"], "meso: --every: expected a whole number, got 'x'"),
    (
        ["--purpose", "cosmetic"],
        "meso: --purpose: expected one of therapeutic, aesthetic, got 'cosmetic'",
    ),
    (["--sector", "4"], "meso: --sector: expected one of 1, 2-optam, 2, 3, got '4'"),
    (["--used-sessions", "٣"], "meso: --used-sessions: expected a whole number, got '٣'"),
    (["--used-sessions", "-1"], "--used-sessions: must be from 0 to 366, got -1"),
    (["--used-amount", "abc"], "--used-amount: expected an amount in euros, got 'abc'"),
    (["--plan", "nonexistent"], "--plan: no plan named 'nonexistent'"),
    (["--lang", "de"], "meso estimate: --lang: expected one of en, fr, got 'de'"),
    (["--format", "xml"], "--format: expected one of table, json, csv, tsv, got 'xml'"),
]


@pytest.mark.parametrize(
    ("args", "message"), BAD_OPTIONS, ids=[" ".join(a) for a, _ in BAD_OPTIONS]
)
def test_bad_options(args, message):
    out = run(["estimate", *args])
    assert out.exit_code == 2
    assert message in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert out.stdout == "" and "Traceback" not in out.stderr


def test_bad_compare_range_and_tariffs_date():
    for args, message in (
        (["compare", "--sessions-range", "3-1"], "--sessions-range: expected A-B"),
        (["compare", "--sessions-range", "a-b"], "--sessions-range: expected A-B"),
        (["compare", "-n", "2", "--sessions-range", "1-3"], "give one or the other"),
        (["tariffs", "--date", "2026-02-30"], "--date: expected a real date"),
    ):
        out = run(args)
        assert out.exit_code == 2 and message in out.stderr and "Traceback" not in out.stderr


BAD_ROWS = [
    ("id,sessions\nr,zero\n", "line 2: sessions: expected a whole number, got 'zero'"),
    (
        "id,start\nr,2026-02-31\n",
        f"line 2: start: {EXPECTED_DATE}, got '2026-02-31'",
    ),
    ("id,start\nr,2010-01-01\n", "line 2: no tariff known before 2017-05-01"),
    ("id,out_of_pathway\nr,maybe\n", "line 2: out_of_pathway: expected true or false, got 'maybe'"),
    ("id,sector\nr,5\n", "line 2: sector: expected one of 1, 2-optam, 2, 3, got '5'"),
    ("id,price\nr,1.001\n", "line 2: price: has more than two decimals: 1.001"),
    ("id,used_amount\nr,-3\n", "line 2: used_amount: must not be negative, got -3"),
    ("id,sessions\nr,1,2\n", "line 2: 3 fields where the header has 2"),
    ("id,plan\nr,unknown\n", "line 2: no plan named 'unknown'"),
]


@pytest.mark.parametrize(("text", "message"), BAD_ROWS)
def test_bad_batch_rows(text, message):
    out = run(["batch", "-"], input=text)
    assert out.exit_code == 1
    assert message in out.stderr and "Traceback" not in out.stderr
    assert out.stdout.splitlines()[0].startswith("id,total_price")


BAD_JSONL = [
    ('{"id": 1, "sessions": 2\n', "line 1: invalid JSON"),
    ("[1, 2]\n", "line 1: a row must be a JSON object"),
    ('{"id": 1, "sesions": 2}\n', "line 1: unknown key 'sesions'"),
    ('{"id": 1, "price": [45]}\n', "line 1: price: expected a single value, got [45]"),
    ('{"id": 1, "sessions": true}\n', "line 1: sessions: expected a whole number, got True"),
]


@pytest.mark.parametrize(("text", "message"), BAD_JSONL)
def test_bad_jsonl_rows(text, message):
    out = run(
        ["batch", "-", "--input-format", "jsonl"],
        input=text + '{"id": "fine", "start": "2026-02-02"}\n',
    )
    assert out.exit_code == 1
    assert message in out.stderr and "Traceback" not in out.stderr
    assert out.stdout.splitlines()[-1].startswith("fine,")


def test_batch_row_size_and_nesting_limits(tmp_path):
    big = tmp_path / "big.csv"
    big.write_text('id,plan\n"' + "a" * 70_000 + '",\nok,\n', encoding="utf-8")
    out = run(["batch", str(big)])
    assert out.exit_code == 1 and "line 2: longer than 64 KiB" in out.stderr
    assert out.stdout.splitlines()[1:] == ["ok,135.00,57.00,6.00,0.00,78.00"]  # the row after
    deep = "[" * 50_000 + "\n" + '{"id": "ok", "start": "2026-02-02"}\n'
    nested = run(["batch", "-", "--input-format", "jsonl"], input=deep)
    assert nested.exit_code == 1 and "line 1: nested too deeply" in nested.stderr
    long_line = '{"id": "' + "x" * 70_000 + '"}\n'
    too_long = run(["batch", "-", "--input-format", "jsonl"], input=long_line)
    assert too_long.exit_code == 1 and "line 1: longer than 64 KiB" in too_long.stderr


def test_batch_header_errors_stop_the_run_encoding_errors_spoil_one_row(tmp_path):
    out = run(["batch", "-"], input="id,sesions\n1,2\n")
    assert (
        out.exit_code == 2 and "unknown column 'sesions' (did you mean 'sessions'?)" in out.stderr
    )
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,plan\né,\nok,\n".encode("latin-1"))
    bad = run(["batch", str(latin)])
    assert bad.exit_code == 1 and "line 2: not UTF-8 text (byte 0xe9)" in bad.stderr
    assert bad.stdout.splitlines()[1].startswith("ok,") and "Traceback" not in bad.stderr


def test_unexpected_errors_are_one_line_and_debug_shows_the_traceback(monkeypatch):
    import meso_cli.engine

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(meso_cli.engine, "estimate", broken)
    out = run(["estimate", "--start", "2026-02-02"])
    assert out.exit_code == ExitStatus.UNEXPECTED == 70  # a bug, not a usage error
    assert (
        out.stderr.strip()
        == "meso: unexpected error: RuntimeError: boom (run 'meso --debug …' for the traceback)"
    )
    debug = run(["--debug", "estimate", "--start", "2026-02-02"])
    assert debug.exit_code == ExitStatus.UNEXPECTED
    assert (
        "Traceback (most recent call last)" in debug.stderr and "RuntimeError: boom" in debug.stderr
    )


def test_plan_file_is_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(f"name: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    run(["estimate", "--plan", str(path)])
    assert not Path(marker).exists()


def test_sessions_past_the_last_day_of_the_calendar_are_an_input_error():
    out = run(["estimate", "--start", "9999-12-01", "--sessions", "100", "--every", "366"])
    assert out.exit_code == 2
    assert out.stderr == "meso: the sessions run past 9999-12-31\n"
