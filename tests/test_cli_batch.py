from __future__ import annotations

import csv
import io
import json
import os
import random
import subprocess
import tracemalloc
from datetime import date
from decimal import Decimal

from meso_cli import batch as bulk
from tests.conftest import run
from tests.test_cli_estimate import installed_meso

HEADER = "id,plan,sessions,price,purpose,sector,start,every,regime,care,out_of_pathway,exempt,billing,used_sessions,used_amount\n"


def test_csv_rows_and_defaults():
    text = HEADER + "a,henner,5,,,,2026-02-02,,,,,,,,\nb,,1,30,,,2025-03-10,,,,,,,,\n"
    out = run(["batch", "-"], input=text)
    assert out.exit_code == 0, out.stderr
    assert out.stdout.splitlines() == [
        "id,total_price,total_secu,total_participation,total_mutuelle,total_remaining",
        "a,225.00,95.00,10.00,120.00,10.00",
        "b,30.00,19.00,2.00,0.00,11.00",
    ]


def test_missing_columns_take_the_defaults():
    out = run(["batch", "-"], input="id\nx\n", today=date(2026, 2, 2))
    assert out.stdout.splitlines()[1] == "x,135.00,57.00,6.00,0.00,78.00"  # 3 × (45, 19, 2)


def test_jsonl_in_and_out(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "p1", "plan": "cegema", "sessions": 4, "price": 90, "start": "2026-02-02"}\n'
        '{"id": "p2", "purpose": "aesthetic", "start": "2026-02-02", "sessions": 1, "out_of_pathway": true}\n',
        encoding="utf-8",
    )
    out = run(["batch", str(source), "--format", "jsonl"])
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows[0] == {
        "id": "p1",
        "total_price": 360,
        "total_secu": 76,
        "total_participation": 8,
        "total_mutuelle": 211,
        "total_remaining": 73,
    }  # 69 + 69 + 64 + 9; 2 + 2 + 7 + 62
    assert rows[1]["total_remaining"] == 150


def test_bad_rows_are_reported_and_left_out():
    text = "id,sessions,start,plan\nok,1,2026-02-02,\nbad,zero,2026-02-02,\nworse,1,2026-02-31,\nnoplan,1,2026-02-02,nope\nshort,1\n"
    out = run(["batch", "-"], input=text)
    assert out.exit_code == 1
    assert [line.split(",")[0] for line in out.stdout.splitlines()[1:]] == ["ok"]
    assert "line 3: sessions: expected a whole number, got 'zero'" in out.stderr
    assert (
        "line 4: start: expected a real date as YYYY-MM-DD or DD/MM/YYYY, got '2026-02-31'"
        in out.stderr
    )
    assert "line 5: no plan named 'nope'" in out.stderr
    assert "line 6: 2 fields where the header has 4" in out.stderr
    assert "meso: 4 rows left out" in out.stderr


def test_unknown_column_stops_at_the_header():
    out = run(["batch", "-"], input="id,sesions\n1,2\n")
    assert out.exit_code == 2
    assert "unknown column 'sesions' (did you mean 'sessions'?)" in out.stderr


def test_progress_bar_on_a_terminal_for_a_file(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(
        "id,start\n" + "".join(f"{n},2026-02-02\n" for n in range(50)), encoding="utf-8"
    )
    quiet = run(["batch", str(source)])
    assert quiet.stderr == ""  # stderr is not a terminal: no bar
    from meso_cli.environment import Environment

    env = Environment(
        None, None, stdout_isatty=False, stderr_isatty=True, environ={"XDG_CONFIG_HOME": "/x"}
    )
    from typer.testing import CliRunner

    from meso_cli.cli import app

    result = CliRunner().invoke(app, ["batch", str(source)], obj=env)
    assert result.exit_code == 0 and "batch" in result.stderr and "100 %" in result.stderr
    assert len(result.stdout.splitlines()) == 51


def test_input_format_from_the_file_name(tmp_path):
    row = '{"id": "a", "plan": "henner", "sessions": 1, "start": "2026-02-02"}\n'
    expected = "id,total_price,total_secu,total_participation,total_mutuelle,total_remaining\na,45.00,19.00,2.00,24.00,2.00\n"
    for name in ("rows.jsonl", "rows.ndjson"):
        (tmp_path / name).write_text(row, encoding="utf-8")
        assert run(["batch", str(tmp_path / name)]).stdout == expected
    # Any other name is read as CSV, unless --input-format says otherwise.
    (tmp_path / "rows.txt").write_text(row, encoding="utf-8")
    assert run(["batch", str(tmp_path / "rows.txt")]).exit_code == 2
    assert run(["batch", str(tmp_path / "rows.txt"), "--input-format", "jsonl"]).stdout == expected


def test_missing_file_and_directory(tmp_path):
    out = run(["batch", str(tmp_path / "none.csv")])
    assert out.exit_code == 2 and "cannot be read: No such file or directory" in out.stderr
    assert run(["batch", str(tmp_path)]).exit_code == 2


def _scenarios(count: int, seed: int = 7, months: int = 12):
    rng = random.Random(seed)
    for index in range(count):
        yield (
            index,
            {
                "id": str(index),
                "plan": rng.choice(["henner", "neoliane", "cegema", ""]),
                "sessions": str(rng.randint(1, 8)),
                "price": rng.choice(["45", "60", "35.50", ""]),
                "purpose": rng.choice(["therapeutic", "therapeutic", "aesthetic"]),
                "sector": rng.choice(["1", "2-optam", "2", "3"]),
                "start": f"2026-{rng.randint(1, months):02d}-{rng.randint(1, 28):02d}",
                "every": rng.choice(["7", "14"]),
            },
        )


def _rows(count: int, **options):
    """_scenarios as the readers give them to bulk.run."""
    return ((line, bulk.row_of(row)) for line, row in _scenarios(count, **options))


def test_batch_streams_rows_lazily(tariffs):
    consumed = []

    def rows():
        for line, row in _rows(1000):
            consumed.append(line)
            yield line, row

    results = bulk.run(
        rows(), bulk.PlanCache({"XDG_CONFIG_HOME": "/nonexistent"}), tariffs, date(2026, 1, 1)
    )
    first = next(results)
    assert first[0] == "0" and consumed == [0]  # the first row is out before the second is read


def test_batch_memory_is_flat(tariffs):
    """After a warm-up that fills the bounded memos, 50,000 more rows allocate nothing that stays."""
    cache = bulk.PlanCache({"XDG_CONFIG_HOME": "/nonexistent"})
    sink = io.StringIO()
    writer = csv.writer(sink)
    rows = _rows(60_000, months=1)  # starts within one month: the memos fill up at once
    tracemalloc.start()
    try:
        for index, result in enumerate(bulk.run(rows, cache, tariffs, date(2026, 1, 1))):
            writer.writerow(result)
            if index % 1000 == 0:
                sink.seek(0)
                sink.truncate()
            if index == 10_000:
                warm = tracemalloc.get_traced_memory()[0]
                tracemalloc.reset_peak()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak - warm < 256 * 1024, (warm, peak)


def test_totals_memo_is_bounded(tariffs, monkeypatch):
    from meso_cli.memo import TotalsMemo

    monkeypatch.setattr(TotalsMemo, "MAX_ENTRIES", 50)
    memo = TotalsMemo(tariffs, date(2026, 1, 1))
    for _line, row in _rows(2_000):
        memo.find(row, None)
        assert len(memo._memo) <= 50 and len(memo._amounts) <= 50 and len(memo._totals) <= 50


def test_100k_rows_through_the_installed_command(tmp_path, tariffs):
    source = tmp_path / "100k.csv"
    columns = ["id", "plan", "sessions", "price", "purpose", "sector", "start", "every"]
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        rows = {}
        for index, row in _scenarios(100_000):
            writer.writerow(row)
            if index % 9973 == 0:
                rows[row["id"]] = row
    env = {**os.environ, "XDG_CONFIG_HOME": "/nonexistent-meso-config"}
    env.pop("MESO_PLANS_PATH", None)
    done = subprocess.run(
        [installed_meso(), "batch", str(source)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-500:]
    out = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(out) == 100_000
    by_id = {row["id"]: row for row in out}
    for key, row in rows.items():  # a sample of 11 rows, each against `meso estimate`
        args = [
            installed_meso(),
            "estimate",
            "--format",
            "json",
            "--sessions",
            row["sessions"],
            "--purpose",
            row["purpose"],
            "--sector",
            row["sector"],
            "--start",
            row["start"],
            "--every",
            row["every"],
        ]
        args += ["--plan", row["plan"]] if row["plan"] else []
        args += ["--price", row["price"]] if row["price"] else []
        single = subprocess.run(args, capture_output=True, text=True, env=env, check=True)
        totals = json.loads(single.stdout)["totals"]
        for key_out in ("price", "secu", "participation", "mutuelle", "remaining"):
            assert Decimal(by_id[key][f"total_{key_out}"]) == Decimal(str(totals[key_out])), (
                row,
                key_out,
            )


def test_amounts_keep_two_decimals_whatever_the_plan_file_writes(tmp_path):
    # 5.000 is a valid amount (it is 5.00): by hand, each session pays Sécu 21.00 - 2.00 PF, the
    # guarantee 100 % BR 30.00 - 21.00 = 9.00, the forfait min(45 - 21 - 9, 5) = 5.00.
    plan = tmp_path / "zeros.yaml"
    plan.write_text("name: Zeros\nforfait:\n  per_session: 5.000\n", encoding="utf-8")
    text = f"id,plan,sessions,price,start\na,{plan},3,45,2026-02-02\n"
    out = run(["batch", "-"], input=text)
    assert out.stdout.splitlines()[1] == "a,135.00,57.00,6.00,42.00,36.00"
    out = run(["batch", "-", "--format", "jsonl"], input=text)
    assert json.loads(out.stdout, parse_float=str)["total_mutuelle"] == "42.00"
    out = run(["batch", "-", "--excel"], input=text)
    assert out.stdout.splitlines()[1].endswith(";42,00;36,00")


def test_batch_leaves_the_collector_as_it_found_it():
    import gc

    before = gc.get_threshold()
    gc.set_threshold(701, 11, 12)
    try:
        out = run(["batch", "-"], input="id,plan\na,henner\n")
        assert out.exit_code == 0 and gc.get_threshold() == (701, 11, 12)
    finally:
        gc.set_threshold(*before)
