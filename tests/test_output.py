"""Output for people and scripts: tables that fit, ties, terminal safety, locales, output faults."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys

import pytest

from meso_cli.errors import ExitStatus
from tests.conftest import run
from tests.test_cli_estimate import installed_meso

NBSP = "\u00a0"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
SCENARIO = ["--start", "2026-10-01", "--price", "90"]

TABLES = {
    "estimate": ["estimate", "--plan", "henner", "--start", "2026-10-01", "--sessions", "7"],
    "compare": ["compare", "cegema", "henner", "neoliane", "-n", "5", *SCENARIO],
    "range": [
        "compare",
        "cegema",
        "henner",
        "neoliane",
        "--sessions-range",
        "1-4",
        *SCENARIO,
        "--no-chart",
    ],
    "plans list": ["plans", "list"],
    "plans show": ["plans", "show", "henner"],
    "tariffs": ["tariffs", "--date", "2026-10-01"],
    "chart": ["estimate", "--plan", "henner", "--start", "2026-10-01", "-n", "7", "--chart"],
}
# What each table must show whole: dates and amounts, as each language writes them.
WHOLE = {
    ("estimate", "en"): ["2026-10-01", "2026-11-12", "€133.00", "€138.00", "€44.00", "€17.00"],
    ("estimate", "fr"): ["01/10/2026", "12/11/2026", f"133,00{NBSP}€", f"44,00{NBSP}€"],
    ("compare", "en"): ["€10.00", "€135.00", "€190.00", "€345.00"],
    ("compare", "fr"): [f"10,00{NBSP}€", f"135,00{NBSP}€", f"190,00{NBSP}€"],
    # neoliane (€128.00 for 4 sessions) is never the best: it may leave a narrow table
    ("range", "en"): ["€73.00", "€8.00 ★"],
    ("range", "fr"): [f"73,00{NBSP}€", f"8,00{NBSP}€ ★"],
    ("plans list", "en"): ["cegema", "henner", "neoliane"],
    ("plans list", "fr"): ["cegema", "henner", "neoliane"],
    ("plans show", "en"): ["€60.00"],
    ("plans show", "fr"): [f"60,00{NBSP}€"],
    ("tariffs", "en"): ["2024-12-22", "€30.00", "€50.00", "2005-01-01"],
    ("tariffs", "fr"): ["22/12/2024", f"30,00{NBSP}€", f"50,00{NBSP}€", "01/01/2005"],
    ("chart", "en"): ["session 7", "€17.00 left"],
    ("chart", "fr"): ["séance 7", f"17,00{NBSP}€ restants"],
}


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("name", list(TABLES))
def test_every_table_fits_the_terminal_with_whole_dates_and_amounts(name, width, lang):
    out = run([*TABLES[name], "--lang", lang], tty=True, width=width)
    assert out.exit_code == 0, out.stderr
    lines = ANSI.sub("", out.stdout).splitlines()
    assert all(len(line) <= width for line in lines), max(lines, key=len)
    if name != "tariffs":  # one of its sources quotes with an ellipsis
        assert "…" not in out.stdout  # nothing cut
    for whole in WHOLE[(name, lang)]:
        assert any(whole in line for line in lines), whole


def test_the_issue_reproduction_at_80_columns():
    """`meso estimate --plan henner --start 2026-10-01 --sessions 7` on an 80-column terminal."""
    english = run(TABLES["estimate"], tty=True, width=80, environ={"NO_COLOR": "1"})
    assert "Remaining" not in english.stdout  # the compact header
    total = next(line for line in english.stdout.splitlines() if "Total" in line)
    assert total.split() == ["Total", "€315.00", "€133.00", "€138.00", "€44.00"]
    french = run([*TABLES["estimate"], "--lang", "fr"], tty=True, width=80)
    total = next(line for line in ANSI.sub("", french.stdout).splitlines() if "Total" in line)
    assert re.split(" {2,}", total.strip()) == [
        "Total",
        f"315,00{NBSP}€",
        f"133,00{NBSP}€",
        f"138,00{NBSP}€",
        f"44,00{NBSP}€",
    ]


def test_a_wide_terminal_gets_the_full_table():
    out = run(TABLES["estimate"], tty=True, width=120, environ={"NO_COLOR": "1"})
    header = next(line for line in out.stdout.splitlines() if "Date" in line)
    assert header.split() == [
        "#",
        "Date",
        "Price",
        "Base",
        "Sécu",
        "PF",
        "Mutuelle",
        "Remaining",
    ]


@pytest.mark.parametrize("columns", ["0", "-5", "abc", str(10**9), ""])
def test_absurd_widths_fall_back_to_80(columns):
    out = run(TABLES["estimate"], tty=True, width=0, environ={"COLUMNS": columns})
    lines = ANSI.sub("", out.stdout).splitlines()
    assert out.exit_code == 0 and "2026-10-01" in out.stdout
    assert max(len(line) for line in lines) <= 80


def test_a_pipe_gets_the_full_table_unwrapped():
    out = run(TABLES["estimate"], width=60)
    assert out.stdout.splitlines()[1].split() == [
        "#",
        "Date",
        "Price",
        "Base",
        "Sécu",
        "PF",
        "Mutuelle",
        "Remaining",
    ]


def test_no_color_counts_only_when_not_empty():
    assert "\x1b[" in run(TABLES["estimate"], tty=True, environ={"NO_COLOR": ""}).stdout
    assert "\x1b[" not in run(TABLES["estimate"], tty=True, environ={"NO_COLOR": "1"}).stdout


def test_a_narrow_range_table_keeps_every_best_plan_and_says_what_it_left_out():
    args = ["compare", "--sessions-range", "1-6", "--start", "2026-02-02", "--price", "90"]
    narrow = run([*args, "--no-chart"], tty=True, width=80, environ={"NO_COLOR": "1"}).stdout
    assert all(len(line) <= 80 for line in narrow.splitlines())
    for best in ("axa", "cegema", "henner"):  # each the best (or tied) for some count
        assert best in narrow
    assert "apivia" not in narrow
    assert "left out to fit the terminal" in narrow and "lists every plan" in narrow
    wide = run([*args, "--no-chart"]).stdout  # a pipe is never cut
    assert "apivia" in wide and "left out" not in wide


def test_compare_names_a_tie_and_stars_every_tied_plan():
    out = run(
        [
            "compare",
            "cegema",
            "henner",
            "neoliane",
            "-n",
            "2",
            "--start",
            "2026-02-02",
            "--price",
            "90",
        ]
    )
    lines = out.stdout.splitlines()
    assert "Best" not in out.stdout
    assert "Tie: cegema, henner each leave €4.00 to pay" in lines
    assert [line.split()[:2] for line in lines[2:5]] == [
        ["1", "★"],
        ["2", "★"],
        ["3", "neoliane"],
    ]
    ranged = run(
        [
            "compare",
            "cegema",
            "henner",
            "neoliane",
            "--sessions-range",
            "1-3",
            "--start",
            "2026-02-02",
            "--price",
            "90",
        ]
    )
    assert "tie: cegema, henner" in ranged.stdout and "henner ← new best" in ranged.stdout
    french = run(
        [
            "compare",
            "cegema",
            "henner",
            "neoliane",
            "-n",
            "2",
            "--start",
            "2026-02-02",
            "--price",
            "90",
            "--lang",
            "fr",
        ]
    )
    assert f"Égalité : cegema, henner laissent chacun 4,00{NBSP}€ à payer" in french.stdout


def test_the_best_plan_is_named_without_doubled_brackets(tmp_path):
    (tmp_path / "plain.yaml").write_text(
        "name: Plain\nforfait: {per_session: 100}\n", encoding="utf-8"
    )
    out = run(
        ["compare", "plain", "henner", "-n", "6", *SCENARIO],
        environ={"MESO_PLANS_PATH": str(tmp_path)},
    )
    assert "Best: Plain (plain) leaves" in out.stdout
    out = run(["compare", "cegema", "henner", "neoliane", "-n", "5", *SCENARIO])
    assert "Best: Henner (forfait médecines douces) — henner leaves €10.00 to pay" in out.stdout


def test_control_characters_from_files_never_reach_the_terminal(tmp_path):
    # A plan file whose name carries ESC and BEL: shown escaped wherever its id or path appears.
    evil = tmp_path / "evil\x1b[31m\x07.yaml"
    evil.write_text("name: Evil plan\nforfait: {per_session: 10}\n", encoding="utf-8")
    for args in (
        ["estimate", "--plan", str(evil), "--start", "2026-02-02"],
        ["compare", str(evil), "henner", "--start", "2026-02-02"],
        ["plans", "show", str(evil)],
    ):
        for tty in (False, True):
            out = run(args, tty=tty, environ={"NO_COLOR": "1"})
            assert out.exit_code == 0, out.stderr
            assert "\x1b" not in out.stdout + out.stderr and "\x07" not in out.stdout
    shown = run(["plans", "show", str(evil)]).stdout
    assert "evil\\x1b[31m\\x07" in shown
    # Control characters inside the plan's own text are refused at their line and column, and the
    # message itself stays printable.
    bad = tmp_path / "bad.yaml"
    bad.write_text('name: "Evil\\e[31m plan\\a"\n', encoding="utf-8")
    out = run(["estimate", "--plan", str(bad)])
    assert out.exit_code == 2 and "\x1b" not in out.stderr and ":1:7:" in out.stderr


def test_printable_escapes_c0_del_and_c1():
    from meso_cli.safe_text import printable

    assert printable("a\x1b[1mb\tc\nd\x7fe\x9bf é€") == r"a\x1b[1mb\tc\nd\x7fe\x9bf é€"
    assert printable("\u202eevil") == r"\u202eevil"  # a bidi override cannot reorder the line


# Subprocess tests of the installed command: real file descriptors, locales and signals.


def _environ(**extra) -> dict:
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LC_", "LANG", "PYTHON", "MESO_", "NO_COLOR"))
    }
    environ.update(XDG_CONFIG_HOME="/nonexistent-meso-config", **extra)
    return environ


def _meso(args, **options) -> subprocess.CompletedProcess:
    options.setdefault("capture_output", True)
    options.setdefault("env", _environ())
    return subprocess.run([installed_meso(), *args], check=False, timeout=60, **options)


ESTIMATE = ["estimate", "--plan", "henner", "--start", "2026-02-02", "-n", "2"]


@pytest.mark.parametrize(
    "environ",
    [
        {"PYTHONIOENCODING": "latin-1"},
        {"LC_ALL": "fr_FR.ISO-8859-1"},
        {"LC_ALL": "C", "PYTHONUTF8": "0"},
        {"PYTHONIOENCODING": "ascii"},
    ],
)
def test_every_command_works_in_a_locale_that_is_not_utf8(environ, tmp_path):
    env = _environ(**environ)
    for args in (
        [*ESTIMATE, "--lang", "fr", "--explain", "--chart"],
        [
            "compare",
            "cegema",
            "henner",
            "neoliane",
            "--start",
            "2026-02-02",
            "--sessions-range",
            "1-2",
        ],
        ["plans", "list"],
        ["plans", "show", "henner", "--lang", "fr"],
        ["tariffs", "--lang", "fr"],
        [*ESTIMATE, "--care", "maternity", "--lang", "fr"],
    ):
        done = _meso(args, env=env)
        assert done.returncode == 0, (args, done.stderr)
        assert b"Traceback" not in done.stderr and done.stdout
    table = _meso([*ESTIMATE, "--lang", "fr"], env=env).stdout
    if _stdout_encoding(env) != "utf-8":  # fr_FR.ISO-8859-1 may not be installed: then UTF-8
        assert b"EUR" in table and "€".encode() not in table
    for fmt in ("json", "csv", "tsv"):  # machine formats: UTF-8 in every locale
        done = _meso([*ESTIMATE, "-f", fmt], env=env)
        assert "médecines".encode() in done.stdout or fmt != "json"
        done.stdout.decode("utf-8")
    data = json.loads(_meso([*ESTIMATE, "-f", "json"], env=env).stdout.decode("utf-8"))
    assert data["plan"]["name"] == "Henner (forfait médecines douces)"
    people = tmp_path / "people.csv"
    people.write_text("id,plan\nélise,henner\n", encoding="utf-8")
    batch = _meso(["batch", str(people), "-f", "jsonl"], env=env)
    assert batch.returncode == 0 and '"id":"élise"'.encode() in batch.stdout


def _stdout_encoding(env: dict) -> str:
    code = "import sys, codecs; print(codecs.lookup(sys.stdout.encoding).name)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    return done.stdout.strip()


@pytest.mark.parametrize(
    "args", [["--version"], ["--help"], ["estimate", "--format", "json"], ["plans", "list"]]
)
def test_a_full_disk_is_one_line_and_exit_74(args):
    with open("/dev/full", "w") as full:
        done = _meso(args, stdout=full, stderr=subprocess.PIPE, capture_output=False, text=True)
    assert done.returncode == ExitStatus.OUTPUT
    assert done.stderr == "meso: cannot write the output: No space left on device\n"


def test_a_closed_stdout_is_one_line_and_exit_74():
    done = _meso(
        ["estimate", "--start", "2026-02-02"],
        stdout=None,
        stderr=subprocess.PIPE,
        capture_output=False,
        preexec_fn=lambda: os.close(1),
        text=True,
    )
    assert done.returncode == ExitStatus.OUTPUT
    assert done.stderr == "meso: cannot write the output: stdout is closed\n"


def test_a_reader_that_leaves_early_ends_the_command_quietly():
    process = subprocess.Popen(
        [installed_meso(), "compare", "--sessions-range", "1-100", "--every", "1", "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_environ(),
    )
    process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    error = process.stderr.read()
    assert process.wait(timeout=60) == ExitStatus.PIPE_CLOSED
    assert error == b""


INTERRUPT_DURING_IMPORT = """
import os, signal, sys

class Interrupt:  # Ctrl-C while Typer is being imported, the longest part of start-up
    def find_spec(self, name, path=None, target=None):
        if name == "typer":
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, Interrupt())
sys.argv = ["meso", "estimate"]
from meso_cli.entry import main
main()
"""


def test_ctrl_c_during_start_up_exits_130_without_a_traceback():
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPT_DURING_IMPORT],
        capture_output=True,
        text=True,
        env=_environ(),
        check=False,
        timeout=60,
    )
    assert done.returncode == ExitStatus.INTERRUPTED, done.stderr
    assert "Traceback" not in done.stderr


def test_ctrl_c_of_the_real_command_never_prints_a_traceback():
    for delay in (0.05, 0.1, 0.2):
        process = subprocess.Popen(
            [installed_meso(), "compare", "--sessions-range", "1-100"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=_environ(),
        )
        signal_sent = False
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGINT)
            signal_sent = True
        error = process.stderr.read()
        status = process.wait(timeout=60)
        if signal_sent and b"Traceback" in error:
            # Before Python runs meso's code (the interpreter, the launcher's `import re`), a
            # traceback is Python's own; meso handles everything from its entry point on.
            assert b"meso_cli" not in error, error.decode()
        assert status in (ExitStatus.OK, ExitStatus.INTERRUPTED, -signal.SIGINT)


def test_messages_on_stderr_escape_control_characters():
    out = run(["estimate", "--plan", "a\x1b[2Jb"])
    assert out.exit_code == ExitStatus.USAGE
    assert "\x1b" not in out.stderr and "a\\x1b[2Jb" in out.stderr
    usage = run(["estimate", "--b\x1bd"])
    assert "\x1b" not in usage.stderr and "--b\\x1bd" in usage.stderr


def test_the_renderers_import_each_other_without_a_cycle():
    """Imports inside functions count too: a cycle there is a knot in the design all the same."""
    import ast
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "meso_cli" / "render"
    graph = {}
    for path in folder.glob("*.py"):
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "meso_cli.render":
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "meso_cli.render."
            ):
                found.add(node.module.rsplit(".", 1)[1])
        graph[path.stem] = found - {path.stem}

    def reaches(start: str, target: str, seen: set) -> bool:
        for name in graph.get(start, ()):
            if name == target or (name not in seen and reaches(name, target, seen | {name})):
                return True
        return False

    assert {"emit", "table", "estimate_out", "compare_out"} <= set(graph)
    assert [name for name in graph if reaches(name, name, {name})] == []


@pytest.mark.parametrize(
    ("fmt", "command"), [("csv", ["plans", "show", "henner"]), ("tsv", ["plans", "show", "henner"])]
)
def test_a_view_without_rows_refuses_row_formats_in_one_line(fmt, command):
    out = run([*command, "-f", fmt])
    assert out.exit_code == ExitStatus.USAGE
    assert out.stderr == "meso: --format: plans show writes table or json\n"


def test_a_closed_stderr_never_sends_messages_to_stdout():
    done = _meso(
        ["estimate", "--plan", "nope"],
        stderr=None,
        stdout=subprocess.PIPE,
        capture_output=False,
        preexec_fn=lambda: os.close(2),
    )
    assert done.returncode == ExitStatus.USAGE and done.stdout == b""


def test_the_language_lasts_one_command():
    from meso_cli import i18n

    french = run(["estimate", "--start", "2026-02-02", "--lang", "fr"])
    assert "Reste à charge" in french.stdout
    assert i18n.current() == "en"  # nothing left switched once the command is over
    assert "Remaining" in run(["estimate", "--start", "2026-02-02"]).stdout


def test_the_safety_reminder_wraps_between_words_on_a_terminal():
    from meso_cli.environment import Environment

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stderr = Terminal()
    env = Environment(io.StringIO(), stderr, True, True, environ={"COLUMNS": "60"}, width=60)
    reminder = "Contra-indications: pregnancy, breastfeeding, anticoagulant treatment, allergy to the products."
    env.notice(reminder)
    lines = stderr.getvalue().splitlines()
    assert len(lines) == 2 and all(len(line) < 60 for line in lines)
    assert " ".join(lines) == reminder
    piped = io.StringIO()
    Environment(io.StringIO(), piped, False, False, environ={}).notice(reminder)
    assert piped.getvalue() == reminder + "\n"
