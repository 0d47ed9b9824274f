"""Hostile batch input (issue 12) and batch meets spreadsheets and pipes (issue 11).

Each bad row is `line N: message` on stderr, left out, and never stops the rows after it; memory
and time stay bounded whatever the input; ids pass through exactly.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import subprocess
import time
import tracemalloc
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from meso_cli import batch as bulk
from meso_cli.batch_input import LineSource
from meso_cli.cli import app
from meso_cli.environment import Environment
from tests.conftest import run
from tests.test_cli_estimate import installed_meso

GOOD = '{"id": "after", "start": "2026-02-02"}\n'
GOOD_TOTALS = "135.00,57.00,6.00,0.00,78.00"  # 3 sessions × (45, 19, 2), no plan


def meso_env() -> dict:
    env = {key: value for key, value in os.environ.items() if key != "MESO_PLANS_PATH"}
    env["XDG_CONFIG_HOME"] = "/nonexistent-meso-config"
    return env


def installed(args, *, stdin=None, input=None, timeout=60, env=None, shell=False):
    return subprocess.run(
        args if shell else [installed_meso(), *args],
        input=input,
        stdin=stdin,
        capture_output=True,
        timeout=timeout,
        env=env or meso_env(),
        shell=shell,
        check=False,
    )


# Issue 12 item 5: one bad JSON Lines row never stops the batch. --------------------------------

HOSTILE_JSONL = [
    ('{"id":1' + "0" * 5000 + "}", "invalid JSON: a number of more than 100 characters"),
    ('{"id":NaN}', "invalid JSON: NaN is not a JSON number"),
    ("Infinity", "invalid JSON: Infinity is not a JSON number"),
    ("-Infinity", "invalid JSON: -Infinity is not a JSON number"),
    ('{"id":"\\ud800"}', "invalid JSON: a lone surrogate \\ud800 is not a character"),
    ('{"id":' + "[" * 5000 + "]" * 5000 + "}", "nested too deeply: not a scenario"),
    ('{"id":1,"sessions":2,"id":3}', "invalid JSON: duplicate key 'id'"),
    ('{"id":{"a":1,"a":2}}', "invalid JSON: duplicate key 'a'"),
    ('{"id":1,"price":1e999999}', "price: expected an amount in euros, got '1e999999'"),
]


@pytest.mark.parametrize(("row", "message"), HOSTILE_JSONL, ids=[m for _, m in HOSTILE_JSONL])
def test_a_hostile_jsonl_row_is_reported_and_the_others_go_on(row, message):
    text = GOOD.replace("after", "before") + row + "\n" + GOOD
    out = run(["batch", "-", "--input-format", "jsonl"], input=text)
    assert out.exit_code == 1
    assert f"line 2: {message}" in out.stderr.splitlines()
    assert [line.split(",")[0] for line in out.stdout.splitlines()] == ["id", "before", "after"]
    assert out.stderr.splitlines()[-1] == "meso: 1 row left out"


def test_the_installed_command_reports_each_hostile_row(tmp_path):
    source = tmp_path / "rows.jsonl"
    source.write_text("\n".join(row for row, _ in HOSTILE_JSONL) + "\n" + GOOD, encoding="utf-8")
    done = installed(["batch", str(source), "-f", "jsonl"])
    assert done.returncode == 1
    stderr = done.stderr.decode("utf-8").splitlines()
    assert stderr == [
        *(f"line {n}: {message}" for n, (_, message) in enumerate(HOSTILE_JSONL, start=1)),
        f"meso: {len(HOSTILE_JSONL)} rows left out",
    ]
    assert json.loads(done.stdout)["id"] == "after"


# Issue 12 item 6: ids pass through exactly. -------------------------------------------------

JSON_IDS = ["0.001", "1.5", "-0.0", "-0", '{"a":1}', "true", "null", "1E+2", "[1,{}]", '"x"']


def test_json_ids_are_written_back_exactly():
    text = "".join(f'{{"id":{ident},"start":"2026-02-02"}}\n' for ident in JSON_IDS)
    out = run(["batch", "-", "--input-format", "jsonl", "-f", "jsonl"], input=text)
    assert out.exit_code == 0, out.stderr
    written = [
        line.split(',"total_price"')[0].removeprefix('{"id":') for line in out.stdout.splitlines()
    ]
    assert written == JSON_IDS
    assert json.loads(out.stdout.splitlines()[0])["total_price"] == 135


def test_json_ids_in_csv_output_are_their_json_text():
    text = "".join(f'{{"id":{ident},"start":"2026-02-02"}}\n' for ident in JSON_IDS)
    out = run(["batch", "-", "--input-format", "jsonl"], input=text)
    import csv

    ids = [row[0] for row in csv.reader(io.StringIO(out.stdout))][1:]
    assert ids == [*JSON_IDS[:-1], "x"]  # a JSON string is its text; no Python repr ever


def test_csv_ids_are_their_text_unchanged():
    ids = [" 007 ", "0.10", "=1+1", "a;b", 'say "hi"', "1e3", "é"]
    import csv

    sink = io.StringIO()
    writer = csv.writer(sink, lineterminator="\n")
    writer.writerow(["id", "start"])
    writer.writerows([ident, "2026-02-02"] for ident in ids)
    out = run(["batch", "-"], input=sink.getvalue())
    assert [row[0] for row in csv.reader(io.StringIO(out.stdout))][1:] == ids
    jsonl = run(["batch", "-", "-f", "jsonl"], input=sink.getvalue())
    assert [json.loads(line)["id"] for line in jsonl.stdout.splitlines()] == ids


# Issue 12 item 7: memory bounded by design. ---------------------------------------------------


class Endless(io.RawIOBase):
    """`size` bytes of one byte value, made as they are read (never held), then `tail`."""

    def __init__(self, size: int, tail: bytes = b"", fill: bytes = b"x"):
        self.left = size
        self.tail = tail
        self.fill = fill

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.left <= 0:
            count = min(len(buffer), len(self.tail))
            buffer[:count] = self.tail[:count]
            self.tail = self.tail[count:]
            return count
        count = min(len(buffer), self.left)
        buffer[:count] = self.fill * count
        self.left -= count
        return count


def test_an_over_long_line_is_skipped_while_read_in_bounded_memory():
    source = LineSource(Endless(30 * 1024 * 1024, b",\nafter,\n"))
    tracemalloc.start()
    try:
        lines = list(source)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024, peak  # 30 MiB went through; at most two blocks at a time
    assert lines == ["\n", "after,\n"]
    assert source.problems == {1: "longer than 64 KiB: not a scenario"}


def test_an_over_long_csv_line_is_a_bad_row_and_the_next_rows_go_on(tmp_path):
    source = tmp_path / "long.csv"
    with source.open("wb") as handle:
        handle.write(b"id,plan\nfirst,\n" + b"x" * (3 * 1024 * 1024) + b",henner\nafter,\n")
    out = run(["batch", str(source)])
    assert out.exit_code == 1
    assert out.stderr.splitlines() == [
        "line 3: longer than 64 KiB: not a scenario",
        "meso: 1 row left out",
    ]
    assert out.stdout.splitlines()[1:] == [f"first,{GOOD_TOTALS}", f"after,{GOOD_TOTALS}"]


def test_a_line_just_under_the_limit_is_read():
    row = '{"id":"' + "x" * (64 * 1024 - 40) + '","start":"2026-02-02"}\n'
    out = run(["batch", "-", "--input-format", "jsonl"], input=row)
    assert out.exit_code == 0, out.stderr[:200]


def test_an_open_quote_cannot_gather_a_whole_file(tmp_path):
    """A row that runs on past a block (an unclosed quote, any number of fields) is cut."""
    source = tmp_path / "quote.csv"
    body = '",,,,,,,,,,,,,,,,,,,,,,,,"\n' * 60_000  # each line closes the quote and opens it again
    source.write_text('id,plan\nbad,"\n' + body + "after,\n", encoding="utf-8")
    first_error, rows = None, []
    tracemalloc.start()
    try:
        with source.open("rb") as stream:
            for _line, row in bulk.read_csv(LineSource(stream)):
                if isinstance(row, bulk.RowError):
                    first_error = first_error or row
                else:
                    rows.append(row)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * 1024 * 1024, peak  # 1.5 million fields in one row would take 12 MiB
    assert first_error == (2, "a quoted field runs on past 64 KiB: is a quote left open?")
    assert rows == [bulk.row_of({"id": "after", "plan": ""})]


def test_dev_zero_ends_at_once_with_one_line():
    start = time.monotonic()
    done = installed(["batch", "/dev/zero"], timeout=30)
    assert time.monotonic() - start < 20
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode().splitlines() == [
        "meso: line 1: a NUL byte: binary data, not UTF-8 text (UTF-16 should be saved as UTF-8)"
    ]


def test_rows_before_a_nul_byte_are_written():
    out = run(["batch", "-"], input=b"id\na\nb\x00\nc\n")
    assert out.exit_code == 2
    assert out.stdout.splitlines()[1:] == [f"a,{GOOD_TOTALS}"]
    assert "meso: line 3: a NUL byte" in out.stderr


def test_the_plan_cache_is_a_bounded_lru(monkeypatch, henner):
    cache = bulk.PlanCache({"XDG_CONFIG_HOME": "/nonexistent"})
    monkeypatch.setattr(bulk.PlanCache, "MAX_PLANS", 8)
    calls = []
    found = {"henner": henner}

    def fake_find(name):
        calls.append(name)
        if name in found:
            return found[name]
        return f"no plan named {name!r}"

    monkeypatch.setattr(cache, "_find", fake_find)
    assert cache.get("henner") is henner
    for index in range(1000):
        with pytest.raises(bulk.InputError, match=f"no plan named 'nope-{index}'"):
            cache.get(f"nope-{index}")
        assert cache.get("henner") is henner  # used again and again: never evicted
        assert len(cache.plans) <= 8
    assert calls.count("henner") == 1
    with pytest.raises(bulk.InputError):
        cache.get("nope-0")  # evicted long ago: looked up again
    assert calls.count("nope-0") == 2


def test_many_unknown_plans_keep_a_bounded_cache(tariffs):
    """Rows naming ever new unknown plans: the cache keeps the MAX_PLANS last names, the oldest
    go first, and each row still gets its own error. (Peak memory of a whole run with 200,000
    unknown names is measured by bench/run.py.)"""
    cache = bulk.PlanCache({"XDG_CONFIG_HOME": "/nonexistent"})
    rows = (
        (n, bulk.row_of({"id": str(n), "plan": f"nope-{n}", "start": "2026-02-02"}))
        for n in range(1500)
    )
    results = list(bulk.run(rows, cache, tariffs, date(2026, 1, 1)))
    assert all(isinstance(result, bulk.RowError) for result in results)
    assert "nope-1499" in str(results[-1])
    assert len(cache.plans) == bulk.PlanCache.MAX_PLANS
    assert next(iter(cache.plans)) == f"nope-{1500 - bulk.PlanCache.MAX_PLANS}"


def test_a_row_past_the_calendar_is_a_bad_row():
    out = run(["batch", "-"], input="id,start,sessions,every\na,9999-12-01,100,366\nb,,1,\n")
    assert out.exit_code == 1 and "line 2: the sessions run past 9999-12-31" in out.stderr
    assert out.stdout.splitlines()[1].startswith("b,")


def test_plan_names_that_are_not_paths_are_bad_rows():
    out = run(["batch", "-"], input="id,plan\na," + "p" * 5000 + ".yaml\nb,\n")
    assert out.exit_code == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith("line 2: ") and len(out.stderr.splitlines()[0]) < 400
    assert out.stdout.splitlines()[1].startswith("b,")
    nul = run(["batch", "-", "--input-format", "jsonl"], input='{"plan":"a\\u0000.yaml"}\n' + GOOD)
    assert nul.exit_code == 1 and nul.stderr.startswith("line 1: ") and "a\\x00.yaml" in nul.stderr


def test_messages_are_one_line_and_short():
    out = run(["batch", "-"], input='id,plan\na,"bad\nname"\nb,"' + "z" * 5000 + '"\n')
    lines = out.stderr.splitlines()
    assert lines[0].startswith("line 2: no plan named 'bad\\nname'")
    assert lines[1].startswith("line 4: ") and len(lines[1]) <= 310 and "…" in lines[1]


# Issue 12 item 9: one decoding rule for files and stdin. ------------------------------------


def test_bad_bytes_on_stdin_spoil_their_row_only():
    out = run(["batch", "-", "-f", "jsonl"], input=b"id,plan\na\xff,henner\nb,\n")
    assert out.exit_code == 1
    assert out.stderr.splitlines()[0] == "line 2: not UTF-8 text (byte 0xff)"
    assert [json.loads(line)["id"] for line in out.stdout.splitlines()] == ["b"]


@pytest.mark.parametrize("locale", ["C.UTF-8", "C"])
def test_stdin_is_read_as_utf8_bytes_whatever_the_locale(locale):
    env = {**meso_env(), "LC_ALL": locale, "PYTHONIOENCODING": "latin-1"}
    done = installed(
        ["batch", "-", "-f", "jsonl"],
        input="\ufeffid,plan\na\xff,\nbé,\n".encode("utf-8").replace(b"\xc3\xbf", b"\xff"),
        env=env,
    )
    assert done.returncode == 1
    assert done.stderr.decode().splitlines()[0] == "line 2: not UTF-8 text (byte 0xff)"
    assert [json.loads(line)["id"] for line in done.stdout.decode("utf-8").splitlines()] == ["bé"]


def test_a_file_and_stdin_read_alike(tmp_path):
    data = b"\xef\xbb\xbfid;plan\r\na\xe9;\r\nok;henner\r\n"
    source = tmp_path / "in.csv"
    source.write_bytes(data)
    from_file = run(["batch", str(source)])
    from_stdin = run(["batch", "-"], input=data)
    assert (from_file.stdout, from_file.stderr) == (from_stdin.stdout, from_stdin.stderr)
    assert from_file.stderr.splitlines()[0] == "line 2: not UTF-8 text (byte 0xe9)"


# Issue 12 item 10: stdin closed. ------------------------------------------------------------


def test_closed_stdin_is_one_clean_line():
    done = installed(f"exec '{installed_meso()}' batch - <&-", shell=True)
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "meso: stdin is closed: nothing to read (give a file, or - with input)"
    ]


# Issue 11 item 7: batch meets spreadsheets. ---------------------------------------------------

FRENCH_EXCEL = "id;plan;sessions;price;start\nalice;henner;2;45,50;2026-02-02\n"


def test_semicolons_are_detected_from_the_header():
    out = run(["batch", "-"], input=FRENCH_EXCEL)
    assert out.exit_code == 0, out.stderr
    # 2 × 45.50; Sécu 2 × (70 % of 30 − 2); Henner pays 45.50 − 19 − 2 a session (within 60 €)
    assert out.stdout.splitlines()[1] == "alice,91.00,38.00,4.00,49.00,4.00"


def test_tabs_are_detected_and_a_delimiter_can_be_forced():
    tabs = FRENCH_EXCEL.replace(";", "\t")
    assert run(["batch", "-"], input=tabs).stdout.splitlines()[1].startswith("alice,91.00,")
    forced = run(["batch", "-", "--delimiter", "tab"], input=tabs)
    assert forced.stdout.splitlines()[1].startswith("alice,91.00,")
    semicolon = run(["batch", "-", "--delimiter", ";"], input=FRENCH_EXCEL)
    assert semicolon.stdout.splitlines()[1].startswith("alice,91.00,")
    wrong = run(["batch", "-", "--delimiter", ","], input=FRENCH_EXCEL)
    assert wrong.exit_code == 2 and "unknown column 'id;plan;sessions;price;start'" in wrong.stderr
    jsonl = run(["batch", "-", "--input-format", "jsonl", "--delimiter", ";"], input=GOOD)
    assert jsonl.exit_code == 2 and "--delimiter: only for CSV input" in jsonl.stderr


def test_an_unknown_column_writes_nothing_on_stdout():
    out = run(["batch", "-"], input="id;plan;sesions\na;;1\n")
    assert out.exit_code == 2 and out.stdout == ""
    assert out.stderr.strip() == (
        "meso: line 1: unknown column 'sesions' (did you mean 'sessions'?); known columns: "
        + ", ".join(bulk.INPUT_COLUMNS)
    )


def test_a_bom_on_stdin_is_accepted():
    out = run(["batch", "-"], input="\ufeff" + FRENCH_EXCEL)
    assert out.exit_code == 0 and out.stdout.splitlines()[1].startswith("alice,")


def test_reading_from_a_terminal_says_so():
    env = Environment(
        None,
        None,
        stdout_isatty=False,
        stderr_isatty=False,
        environ={"XDG_CONFIG_HOME": "/nonexistent"},
        stdin_isatty=True,
    )
    result = CliRunner().invoke(app, ["batch", "-"], obj=env, input="id\na\n")
    assert result.exit_code == 0
    assert result.stderr == "reading scenarios from the terminal; end with Ctrl-D\n"
    assert run(["batch", "-"], input="id\na\n").stderr == ""  # a pipe: no hint


def test_excel_output_for_spreadsheets():
    text = 'id,price,start\n=1+1,45.50,2026-02-02\n-2,,2026-02-02\n@x,,2026-02-02\n+3,,2026-02-02\n"\tt",,2026-02-02\nplain,,2026-02-02\n'
    out = run(["batch", "-", "--excel"], input=text)
    assert out.exit_code == 0, out.stderr
    raw = out.result.stdout_bytes
    assert raw.startswith("\ufeff".encode())
    lines = raw.decode("utf-8").removeprefix("\ufeff").split("\r\n")
    assert lines[:7] == [
        "id;total_price;total_secu;total_participation;total_mutuelle;total_remaining",
        "'=1+1;136,50;57,00;6,00;0,00;79,50",
        "'-2;135,00;57,00;6,00;0,00;78,00",
        "'@x;135,00;57,00;6,00;0,00;78,00",
        "'+3;135,00;57,00;6,00;0,00;78,00",
        "'\tt;135,00;57,00;6,00;0,00;78,00",
        "plain;135,00;57,00;6,00;0,00;78,00",
    ]
    plain = run(["batch", "-"], input=text)  # plain CSV stays verbatim
    assert [line.split(",")[0] for line in plain.stdout.splitlines()[1:4]] == ["=1+1", "-2", "@x"]
    assert run(["batch", "-", "--excel", "-f", "jsonl"], input=text).exit_code == 2


# Issue 11 item 8: | head ends quietly. -------------------------------------------------------


def test_a_reader_that_leaves_early_ends_the_batch_quietly(tmp_path):
    source = tmp_path / "big.csv"
    source.write_text(
        "id,start\n" + "".join(f"{n},2026-02-02\n" for n in range(200_000)), encoding="utf-8"
    )
    process = subprocess.Popen(
        [installed_meso(), "batch", str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=meso_env(),
    )
    head = [process.stdout.readline() for _ in range(3)]
    process.stdout.close()  # as `head -3` does
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 141
    assert head[2].startswith(b"1,") and stderr == b""


# Fuzz: mutated rows through the installed command. --------------------------------------------

CSV_SEED = (
    "id,plan,sessions,price,purpose,sector,start,every,out_of_pathway,used_amount\n"
    "a,henner,5,,,,2026-02-02,,,\n"
    'b,cegema,4,"90",therapeutic,2-optam,2026-02-02,14,no,10.5\n'
    "c,,3,150,aesthetic,3,2026-12-30,7,yes,\n"
)
JSONL_SEED = (
    '{"id": "a", "plan": "henner", "sessions": 5, "start": "2026-02-02"}\n'
    '{"id": 2.50, "plan": "cegema", "price": 90, "exempt": true, "start": "2026-02-02"}\n'
    '{"id": {"k": [1, null]}, "purpose": "aesthetic", "sessions": "3", "start": "2026-12-30"}\n'
)
PIECES = [
    b",", b";", b"\t", b'"', b"\n", b"\r", b"\r\n", b"{", b"}", b"[", b"]", b":", b"\\",
    b"\\u", b"\\ud800", b"NaN", b"-Infinity", b"1e400", b"-0.0", b"0" * 80, b"\xff", b"\xc3",
    b"\xef\xbb\xbf", b"\x00", b"\x1b[31m", "é".encode(), b"null", b"true", b"=", b"plan",
    b"sessions", b"id", b"9999-12-31", b"../", b".yaml", b"x" * 70_000,
]  # fmt: skip
STDERR_LINE = re.compile(r"(line \d+: |meso: )[^\n]+")


def mutate(seed: str, rng: random.Random) -> bytes:
    data = seed.encode()
    for _ in range(rng.randint(1, 8)):
        position = rng.randint(0, len(data))
        piece = rng.choice(PIECES) if rng.random() < 0.8 else bytes([rng.randrange(256)])
        action = rng.choice(["insert", "delete", "replace"])
        if action == "insert":
            data = data[:position] + piece + data[position:]
        elif action == "delete":
            data = data[:position] + data[position + rng.randint(1, 12) :]
        else:
            data = data[:position] + piece + data[position + len(piece) :]
    return data


@pytest.mark.parametrize("kind", ["csv", "jsonl"])
def test_fuzz_mutated_rows_through_the_installed_command(kind, tmp_path):
    rng = random.Random(f"meso-batch-{kind}")
    seed = CSV_SEED if kind == "csv" else JSONL_SEED
    deadline = time.monotonic() + 25  # bounded in CI: at most 25 s and 12 runs per format
    for number in range(12):
        if time.monotonic() > deadline:
            break
        data = b"".join(mutate(seed, rng) for _ in range(rng.randint(1, 4)))
        source = tmp_path / f"fuzz-{number}.{kind}"
        source.write_bytes(data)
        args = ["batch", str(source), "-f", rng.choice(["csv", "jsonl"])]
        if rng.random() < 0.5:
            done = installed([*args[:1], "-", "--input-format", kind, *args[2:]], input=data)
        else:
            done = installed(args, stdin=subprocess.DEVNULL)
        stderr = done.stderr.decode("utf-8")
        context = (number, data[:300], stderr[-500:])
        assert done.returncode in (0, 1, 2), context
        assert "Traceback" not in stderr and "unexpected error" not in stderr, context
        assert all(STDERR_LINE.fullmatch(line) for line in stderr.splitlines()), context
        done.stdout.decode("utf-8")  # the output is UTF-8 whatever came in


# The block reader against a plain reference, with tiny limits and chunks of any size. ---------


class Trickle:
    """A stream that hands out its bytes in chunks of the sizes it is given (a slow pipe)."""

    def __init__(self, data: bytes, sizes: list[int]):
        self.data = data
        self.sizes = sizes or [1]
        self.calls = 0

    def read1(self, size: int) -> bytes:
        chunk_size = min(size, self.sizes[self.calls % len(self.sizes)])
        self.calls += 1
        chunk, self.data = self.data[:chunk_size], self.data[chunk_size:]
        return chunk


def reference_lines(data: bytes, limit: int) -> tuple[list[str], dict[int, str]]:
    lines, problems = [], {}
    pieces = data.split(b"\n")
    ends = [b"\n"] * (len(pieces) - 1) + [b""]
    for number, (piece, end) in enumerate(zip(pieces, ends, strict=True), start=1):
        if not piece and not end:
            break
        if len(piece) > limit:
            problems[number] = "longer than 0 KiB: not a scenario"
            lines.append("\n")
            continue
        try:
            lines.append((piece + end).decode("utf-8"))
        except UnicodeDecodeError as error:
            problems[number] = f"not UTF-8 text (byte 0x{piece[error.start]:02x})"
            lines.append("\n")
    return lines, problems


LINE_BYTES = st.lists(
    st.sampled_from([b"a", b",", "é".encode(), b"\xff", b"\xc3", b'"']), max_size=30
)


@given(
    st.lists(LINE_BYTES.map(b"".join), max_size=12),
    st.booleans(),
    st.lists(st.integers(1, 40), max_size=8),
)
def test_the_block_reader_matches_a_line_by_line_reference(lines, last_newline, sizes):
    import meso_cli.batch_input as batch_input

    data = b"\n".join(lines) + (b"\n" if last_newline and lines else b"")
    limit = 16
    saved = batch_input.MAX_ROW_BYTES, batch_input.BLOCK
    batch_input.MAX_ROW_BYTES = batch_input.BLOCK = limit
    try:
        source = LineSource(Trickle(data, sizes))
        got = list(source)
    finally:
        batch_input.MAX_ROW_BYTES, batch_input.BLOCK = saved
    assert (got, source.problems) == reference_lines(data, limit)


def test_bad_rows_print_above_the_progress_bar_not_over_it(tmp_path):
    """On a terminal the bar owns its line: a message printed past it would be wiped at the end."""
    source = tmp_path / "in.csv"
    source.write_text("id,sessions\na,zero\nb,1\n", encoding="utf-8")
    env = Environment(
        None, None, stdout_isatty=False, stderr_isatty=True, environ={"XDG_CONFIG_HOME": "/x"}
    )
    result = CliRunner().invoke(app, ["batch", str(source)], obj=env)
    assert result.exit_code == 1
    # The bar's line is cleared, the message takes it, the bar is drawn again below.
    assert "\r\x1b[2Kline 2: sessions: expected a whole number, got 'zero'\n" in result.stderr
