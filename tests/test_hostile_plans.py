"""Hostile plan files and plan directories (issue 12): each ends in a result or one clean line.

Tests run as root, who may read anything: permission errors are simulated by patching os.open or
os.scandir, and checked once for real by a subprocess run as `nobody` when setpriv is there.
"""

from __future__ import annotations

import errno
import inspect
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run

MESO = str(Path(sys.executable).parent / "meso")
HUGE = "1" + "0" * 5000
MAX_LINE = 300  # "a few hundred characters" for any message line


def _meso(args, env=None, timeout=20, **kwargs):
    base = {"PATH": os.environ.get("PATH", ""), "XDG_CONFIG_HOME": "/nonexistent-meso-config"}
    base.update(env or {})
    return subprocess.run(
        [MESO, *map(str, args)], env=base, capture_output=True, text=True, timeout=timeout, **kwargs
    )


def _clean(*outputs):
    for output in outputs:
        assert "Traceback" not in output and "unexpected error" not in output, output
        assert all(len(line) <= MAX_LINE for line in output.splitlines()), output[:500]


# --- item 2: unreadable directories and files -------------------------------------------------


@pytest.fixture
def locked(tmp_path, monkeypatch):
    """A plans directory whose listing fails with EACCES, as for another user's directory."""
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "mine.yaml").write_text("name: Mine\n", encoding="utf-8")
    _deny_listing(monkeypatch, folder)
    return folder


def _deny_listing(monkeypatch, folder: Path) -> None:
    """Listing `folder` fails with EACCES; every other directory lists as usual."""
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)


WARNING = "meso: warning: plans in {folder} (MESO_PLANS_PATH) skipped: cannot be read: Permission denied\n"


@pytest.mark.parametrize(
    "args",
    [
        ["estimate", "--plan", "henner", "-n", "1", "--start", "2026-02-02", "-f", "csv"],
        ["compare", "-n", "1", "--start", "2026-02-02", "-f", "csv"],
        ["plans", "list", "-f", "csv"],
    ],
    ids=["estimate", "compare", "plans list"],
)
def test_an_unreadable_plans_directory_is_skipped_with_one_warning(locked, args):
    out = run(args, environ={"MESO_PLANS_PATH": str(locked)})
    assert out.exit_code == 0, out.stderr
    assert out.stderr == WARNING.format(folder=locked)
    assert "24.00" in out.stdout if args[0] == "estimate" else "henner" in out.stdout


def test_an_unreadable_user_plans_directory_is_skipped(tmp_path, monkeypatch):
    user = tmp_path / "meso" / "plans"
    user.mkdir(parents=True)
    _deny_listing(monkeypatch, user)
    out = run(["plans", "list", "-f", "csv"], environ={"XDG_CONFIG_HOME": str(tmp_path)})
    assert out.exit_code == 0
    assert out.stderr == (
        f"meso: warning: plans in {user} (user) skipped: cannot be read: Permission denied\n"
    )


def test_a_batch_warns_once_and_runs_every_row(locked):
    rows = "id,plan,start\na,henner,2026-02-02\nb,neoliane,2026-02-02\nc,nope,2026-02-02\n"
    out = run(["batch", "-"], input=rows, environ={"MESO_PLANS_PATH": str(locked)})
    assert out.exit_code == 1  # row c only
    assert [line.split(",")[0] for line in out.stdout.splitlines()] == ["id", "a", "b"]
    lines = out.stderr.splitlines()
    assert lines[0] == WARNING.format(folder=locked).rstrip("\n")
    assert lines[1].startswith("line 4: no plan named 'nope'")
    assert sum("warning" in line for line in lines) == 1, lines


def test_a_named_unreadable_file_is_an_input_error(tmp_path, monkeypatch):
    path = tmp_path / "secret.yaml"
    path.write_text("name: Secret\n", encoding="utf-8")
    real_open = os.open

    def guarded_open(name, flags, *args, **kwargs):
        if Path(name) == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return real_open(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)
    used = run(["estimate", "--plan", str(path)])
    assert used.exit_code == 2
    assert used.stderr == f"{path}:1:1: cannot be read: Permission denied\n"
    checked = run(["plans", "validate", str(path)])
    assert checked.exit_code == 1  # a result (this file is bad), not a usage error
    assert checked.stdout == f"{path}:1:1: cannot be read: Permission denied\n"
    compared = run(["compare", str(path), "henner"])
    assert compared.exit_code == 2 and compared.stderr.startswith(f"{path}:1:1: cannot be read")


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None, reason="needs root and setpriv"
)
def test_unreadable_directory_and_file_for_real(tmp_path):
    folder = tmp_path / "private"
    folder.mkdir()
    (folder / "hidden.yaml").write_text("name: Hidden\n", encoding="utf-8")
    secret = tmp_path / "secret.yaml"
    secret.write_text("name: Secret\n", encoding="utf-8")
    folder.chmod(0o700)
    secret.chmod(0o600)
    tmp_path.chmod(0o755)
    os.chmod(tmp_path.parent, 0o755)
    as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", MESO]
    env = {
        "PATH": os.environ.get("PATH", ""),
        "XDG_CONFIG_HOME": "/nonexistent-meso-config",
        "MESO_PLANS_PATH": str(folder),
    }
    try:
        listed = subprocess.run(
            [*as_nobody, "plans", "list", "-f", "csv"],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError) as error:
        pytest.skip(f"cannot run as nobody: {error}")
    if listed.returncode != 0 and not listed.stderr.startswith("meso:"):
        pytest.skip(f"cannot run meso as nobody here: {listed.stderr[:200]}")
    assert listed.returncode == 0, listed.stderr
    assert listed.stderr == WARNING.format(folder=folder)
    named = subprocess.run(
        [*as_nobody, "estimate", "--plan", str(secret)],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert named.returncode == 2
    assert named.stderr.endswith(f"{secret}:1:1: cannot be read: Permission denied\n")


# --- item 3: only regular files; link loops ---------------------------------------------------


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "f.yaml"
    os.mkfifo(path)
    return path


def test_a_fifo_is_never_read(fifo, tmp_path):
    message = f"{fifo}:1:1: is not a regular file (a FIFO, a socket or a device)"
    start = time.monotonic()
    checked = _meso(["plans", "validate", fifo])
    assert checked.returncode == 1 and checked.stdout == message + "\n"
    used = _meso(["estimate", "--plan", fifo])
    assert used.returncode == 2 and used.stderr == message + "\n"
    compared = _meso(["compare", fifo, "henner"])
    assert compared.returncode == 2 and compared.stderr == message + "\n"
    # A FIFO named like a plan inside a plans directory: listed as invalid, left out of compare.
    env = {"MESO_PLANS_PATH": str(tmp_path)}
    listed = _meso(["plans", "list", "-f", "csv"], env=env)
    assert listed.returncode == 0 and f'f,,,{fifo},"invalid: {message}"' in listed.stdout
    everything = _meso(["compare", "-n", "1", "--start", "2026-02-02", "-f", "csv"], env=env)
    assert everything.returncode == 0
    assert everything.stderr == f"{message} (plan 'f' left out)\n"
    by_id = _meso(["estimate", "--plan", "f"], env=env)
    assert by_id.returncode == 2 and by_id.stderr == message + "\n"
    batch = _meso(["batch", "-"], env=env, input=f"id,plan\na,{fifo}\nb,henner\n")
    assert batch.returncode == 1 and batch.stdout.splitlines()[-1].startswith("b,")
    assert time.monotonic() - start < 60


def test_a_symbolic_link_loop_is_reported_as_a_loop(tmp_path):
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.symlink_to(two)
    two.symlink_to(one)
    message = f"{one}:1:1: cannot be read: too many levels of symbolic links (a loop)"
    used = run(["estimate", "--plan", str(one)])
    assert used.exit_code == 2 and used.stderr == message + "\n"
    checked = run(["plans", "validate", str(one)])
    assert checked.exit_code == 1 and checked.stdout == message + "\n"
    listed = run(["plans", "list", "-f", "csv"], environ={"MESO_PLANS_PATH": str(tmp_path)})
    assert f"one,,,{one},invalid: {message}" in listed.stdout


def test_a_missing_plan_path_names_the_argument(tmp_path):
    missing = run(["compare", str(tmp_path / "none.yaml")])
    assert missing.exit_code == 2
    assert missing.stderr == f"meso: PLAN: no such file: {tmp_path / 'none.yaml'}\n"


# --- item 4: huge integers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("per_session", ":3:16: 'forfait.per_session' is too large: " + HUGE[:40] + "…"),
        ("sessions_per_year", ":3:22: 'forfait.sessions_per_year' must be from 1 to 366, got "),
        ("per_year", ":3:13: 'forfait.per_year' is too large: 1000"),
    ],
)
def test_huge_integers_are_a_position_problem(tmp_path, key, message):
    path = tmp_path / "huge.yaml"
    path.write_text(f"name: A\nforfait:\n  {key}: {HUGE}\n", encoding="utf-8")
    checked = run(["plans", "validate", str(path)])
    assert checked.exit_code == 1 and checked.stdout.startswith(f"{path}{message}")
    used = run(["estimate", "--plan", str(path)])
    assert used.exit_code == 2 and used.stderr.startswith(f"{path}{message}")
    _clean(checked.stdout, checked.stderr, used.stderr)


def test_a_huge_percentage_or_a_tiny_exponent_is_a_position_problem(tmp_path):
    path = tmp_path / "odd.yaml"
    path.write_text(
        f"name: A\nconsultation:\n  optam: -{HUGE}\nforfait:\n  per_year: 1.0e-999999\n",
        encoding="utf-8",
    )
    checked = run(["plans", "validate", str(path)])
    assert checked.exit_code == 1
    lines = checked.stdout.splitlines()
    assert lines[0].startswith(f"{path}:3:10: 'consultation.optam' must not be negative, got -1000")
    assert lines[1].startswith(f"{path}:5:13: 'forfait.per_year' has more than two decimals")
    _clean(checked.stdout)


def test_a_huge_integer_in_the_user_plans_dir_breaks_nothing_else(tmp_path):
    user = tmp_path / "meso" / "plans"
    user.mkdir(parents=True)
    bad = user / "bad.yaml"
    bad.write_text(f"name: Bad\nforfait:\n  per_session: {HUGE}\n", encoding="utf-8")
    environ = {"XDG_CONFIG_HOME": str(tmp_path)}
    problem = f"{bad}:3:16: 'forfait.per_session' is too large: {HUGE[:40]}…"
    listed = run(["plans", "list", "-f", "csv"], environ=environ)
    assert listed.exit_code == 0 and f"bad,,,{bad},invalid: {problem}" in listed.stdout
    compared = run(["compare", "-n", "1", "--start", "2026-02-02", "-f", "csv"], environ=environ)
    assert compared.exit_code == 0 and compared.stderr == f"{problem} (plan 'bad' left out)\n"
    unknown = run(["estimate", "--plan", "bda"], environ=environ)
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("meso: --plan: no plan named 'bda' (did you mean bad?)")
    rows = "id,plan,start\na,henner,2026-02-02\nb,bad,2026-02-02\nc,,2026-02-02\n"
    batch = run(["batch", "-"], input=rows, environ=environ)
    assert batch.exit_code == 1
    assert [line.split(",")[0] for line in batch.stdout.splitlines()] == ["id", "a", "c"]
    assert batch.stderr.startswith("line 3: plan 'bad': ")
    for out in (listed, compared, unknown, batch):
        _clean(out.stdout, out.stderr)


# --- item 8: plans new --force is atomic and never follows a link -----------------------------


def test_new_never_writes_through_a_symbolic_link(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    link = tmp_path / "vic.yaml"
    link.symlink_to(victim)
    for args in (
        ["plans", "new", "vic", "--dir", tmp_path],
        ["plans", "new", "vic", "--dir", tmp_path, "--force"],
    ):
        out = run(args)
        assert out.exit_code == 2
        assert out.stderr == (
            f"meso: {link} is a symbolic link: meso never writes through one; remove it first\n"
        )
    assert victim.read_text(encoding="utf-8") == "precious\n" and link.is_symlink()


def test_new_leaves_no_temporary_file_and_a_readable_mode(tmp_path):
    assert run(["plans", "new", "a1", "--dir", tmp_path]).exit_code == 0
    assert run(["plans", "new", "a1", "--dir", tmp_path, "--force"]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a1.yaml", "plan.schema.json"]
    mode = (tmp_path / "a1.yaml").stat().st_mode & 0o777
    assert mode == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_new_force_killed_at_random_points_never_leaves_a_partial_file(tmp_path):
    """SIGKILL `plans new --force` at random moments: the file is always old or new, whole."""
    target = tmp_path / "crash.yaml"
    old = "name: Old complete plan\n" + "# padding\n" * 2000
    target.write_text(old, encoding="utf-8")
    probe = _meso(["plans", "new", "crash", "--dir", tmp_path / "probe"])
    new = (
        (tmp_path / "probe" / "crash.yaml")
        .read_text(encoding="utf-8")
        .replace(str(tmp_path / "probe"), str(tmp_path))
    )
    assert probe.returncode == 0
    command = [MESO, "plans", "new", "crash", "--dir", str(tmp_path), "--force"]
    env = {"PATH": os.environ.get("PATH", ""), "XDG_CONFIG_HOME": "/nonexistent"}
    # The write comes last, after start-up: aim the kills at the end of a typical run.
    durations = []
    for _ in range(5):
        begin = time.monotonic()
        subprocess.run(command, env=env, capture_output=True, check=True, timeout=30)
        durations.append(time.monotonic() - begin)
    typical = sorted(durations)[2]
    started = time.monotonic()
    runs = killed = 0
    rng = random.Random(12)
    while runs < 200 and time.monotonic() - started < 60:
        runs += 1
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        time.sleep(rng.uniform(0.6, 1.1) * typical)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait(timeout=30)
        content = target.read_text(encoding="utf-8")
        assert content in (old, new), f"run {runs}: partial file of {len(content)} characters"
        schema = tmp_path / "plan.schema.json"
        if schema.exists():
            assert schema.read_text(encoding="utf-8").rstrip().endswith("}")
    assert runs >= 20 and killed >= 5, (runs, killed)


def test_a_reader_never_sees_an_empty_plan_while_new_force_runs(tmp_path):
    target = tmp_path / "busy.yaml"
    target.write_text("name: Busy\n", encoding="utf-8")
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from pathlib import Path\n"
            "from meso_cli.commands.plans import write_atomically\n"
            "for i in range(300):\n"
            "    write_atomically(Path(sys.argv[1]), f'name: Busy {i}\\n' * 50, replace=True)\n",
            str(target),
        ]
    )
    seen = 0
    while writer.poll() is None:
        text = target.read_text(encoding="utf-8")
        assert text.startswith("name: Busy"), repr(text[:40])
        seen += 1
    assert writer.returncode == 0 and seen > 0


# --- item 11: 10,000 plan files ----------------------------------------------------------------


def test_an_unknown_id_among_ten_thousand_plans_is_short_and_reads_no_file(tmp_path, monkeypatch):
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(10_000):
        (folder / f"plan-{number:05d}.yaml").write_text("name: [broken\n", encoding="utf-8")
    import meso_cli.planfile

    def never(*args, **kwargs):
        raise AssertionError("a plan file was read to name an unknown id")

    monkeypatch.setattr(meso_cli.planfile, "load_plan_file", never)
    start = time.monotonic()
    out = run(["estimate", "--plan", "plan-0042"], environ={"MESO_PLANS_PATH": str(folder)})
    took = time.monotonic() - start
    assert out.exit_code == 2
    line = out.stderr.strip()
    assert line.startswith("meso: --plan: no plan named 'plan-0042' (did you mean plan-")
    assert line.count("plan-0") <= 1 + 3 and len(line) < MAX_LINE, line
    assert took < 10, took  # 4.4 s and an 80 KB line before; about 0.5 s and 125 bytes after


def test_plans_are_listed_one_at_a_time():
    from meso_cli.discovery import iter_plans, list_plans

    environ = {"XDG_CONFIG_HOME": "/nonexistent-meso-config"}
    entries = iter_plans(environ)
    assert inspect.isgenerator(entries)
    from meso_cli._compiled import PLANS

    assert next(entries).id == min(PLANS)
    assert [entry.id for entry in list_plans(environ)] == sorted(PLANS)


# --- item 12: messages: one line, at the right place, short ------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name: A\x07b\n", ":1:8: invalid YAML: control character \\x07 is not allowed"),
        ("name: A\n\nsource: x\x1b[31m\n", ":3:10: invalid YAML: control character \\x1b"),
        (
            'name: A\nforfait:\n  sessions_per_year: "²"\n',
            ":3:22: 'forfait.sessions_per_year' must be a whole number, got '²'",
        ),
        (
            "name: A\nforfait:\n  sessions_per_year: ²\n",
            ":3:22: 'forfait.sessions_per_year' must be a whole number, got '²'",
        ),
        (
            "name: A\nforfait:\n  sessions_per_year: 30.5\n",
            ":3:22: 'forfait.sessions_per_year' must be a whole number, got '30.5'",
        ),
        (
            'name: "A\\e[2J\\e[31mred"\n',
            ":1:7: 'name' must be one line without control characters, got 'A\\x1b[2J\\x1b[31mred'",
        ),
        (
            'name: A\nsource: "line\\nbreak"\n',
            ":2:9: 'source' must be one line without control characters, got 'line\\nbreak'",
        ),
        ("name: A\n" + "x" * 1000 + ": 1\n", ":2:1: unknown key '" + "x" * 60 + "…'"),
        (
            "name: A\nyear: " + "y" * 5000 + "\n",
            ":2:7: 'year' must be one of calendar, contract, membership, got '" + "y" * 60 + "…'",
        ),
    ],
    ids=[
        "bell",
        "escape",
        "superscript quoted",
        "superscript",
        "fraction",
        "escape in name",
        "newline in source",
        "long key",
        "long value",
    ],
)
def test_plan_messages_are_one_short_line_at_the_right_place(tmp_path, content, message):
    path = tmp_path / "plan.yaml"
    path.write_text(content, encoding="utf-8")
    checked = run(["plans", "validate", str(path)])
    assert checked.exit_code == 1
    first = checked.stdout.splitlines()[0]
    assert first.startswith(f"{path}{message}"), first
    assert "\x1b" not in checked.stdout and "position" not in checked.stdout
    assert "invalid literal" not in checked.stdout and "finite number" not in checked.stdout
    _clean(checked.stdout, checked.stderr)


def test_validate_takes_any_name_and_reports_it_at_1_1(tmp_path):
    missing = tmp_path / "none.yaml"
    folder = tmp_path / "dir.yaml"
    folder.mkdir()
    out = run(["plans", "validate", str(missing), str(folder)])
    assert out.exit_code == 1
    assert out.stdout.splitlines() == [
        f"{missing}:1:1: cannot be read: No such file or directory",
        f"{folder}:1:1: is a directory, not a plan file",
    ]


# --- item 13: control characters in names, ids, file names ------------------------------------


def test_control_characters_in_file_names_are_shown_escaped(tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "evil\x1b[2J.yaml").write_text("name: Evil\n", encoding="utf-8")
    (folder / "bad\x1b]0;title\x07.yaml").write_text("name: [broken\n", encoding="utf-8")
    environ = {"MESO_PLANS_PATH": str(folder)}
    for fmt in ("table", "csv"):
        listed = run(["plans", "list", "-f", fmt], environ=environ, tty=fmt == "table")
        assert listed.exit_code == 0
        assert "\x1b[2J" not in listed.stdout and "\x07" not in listed.stdout
        assert "evil\\x1b[2J" in listed.stdout and "bad\\x1b]0;title\\x07" in listed.stdout
    compared = run(["compare", "-n", "1", "--start", "2026-02-02", "-f", "csv"], environ=environ)
    assert "\x1b" not in compared.stdout + compared.stderr
    assert "bad\\x1b]0;title\\x07.yaml:2:1: invalid YAML" in compared.stderr
    shown = run(["plans", "show", "evil\x1b[2J"], environ=environ)
    assert shown.exit_code == 0 and "\x1b" not in shown.stdout and "evil\\x1b[2J" in shown.stdout
    unknown = run(["estimate", "--plan", "x\x1b[2Jy"], environ=environ)
    assert unknown.stderr.startswith("meso: --plan: no plan named 'x\\x1b[2Jy'")
    assert "\x1b" not in unknown.stderr


def test_printable_escapes_controls_and_keeps_french_text():
    from meso_cli.safe_text import clip, printable, quoted

    assert printable("a\x1b[31mb\x07\n\u202e\x9b") == "a\\x1b[31mb\\x07\\n\\u202e\\x9b"
    assert printable("135,00\u00a0€ à régler\u202f!") == "135,00\u00a0€ à régler\u202f!"
    assert clip("x" * 100, 10) == "x" * 10 + "…"
    assert clip("\x1b" * 100, 10) == "\\x1b\\x1b\\x1"[:10] + "…"
    assert quoted("y" * 100, 5) == "'yyyyy…'"
    assert quoted("it's", 10) == '"it\'s"'


def test_huge_plan_arguments_give_a_short_line(tmp_path):
    for args in (
        ["estimate", "--plan", "x" * 100_000],
        ["estimate", "--plan", "a/" * 3000],
        ["estimate", "--plan", str(tmp_path / ("b" * 300 + ".yaml"))],
        ["plans", "show", "\x1b[2J" * 1000],
    ):
        out = run(args)
        assert out.exit_code == 2
        assert len(out.stderr.splitlines()) == 1 and "\x1b" not in out.stderr
        _clean(out.stderr)
    checked = run(["plans", "validate", "c" * 3000])
    assert checked.exit_code == 1 and len(checked.stdout.splitlines()) == 1
    _clean(checked.stdout)
