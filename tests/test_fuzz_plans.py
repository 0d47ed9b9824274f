"""The plan loader returns a valid plan or raises PlanFileError: never anything else."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from meso_cli.errors import PlanFileError
from meso_cli.plan import Plan
from meso_cli.planfile import validate_text

SEEDS = [
    path.read_text(encoding="utf-8")
    for path in sorted((Path(__file__).parent.parent / "plans").glob("*.yaml"))
]
YAML_BITS = [
    ":",
    " ",
    "\n",
    "-",
    "[",
    "]",
    "{",
    "}",
    "&a",
    "*a",
    "!!",
    "'",
    '"',
    "#",
    "---",
    "0.001",
    ".nan",
    "-1",
    "per_session",
    "forfait",
    "year",
    "contract",
    "  ",
    "\t",
    "\x00",
    "é",
    "1e400",
]


def load(text: str) -> None:
    try:
        plain, _warnings = validate_text(text, "fuzz.yaml")
    except PlanFileError as error:
        assert error.problems and all(p.line >= 1 and p.column >= 1 for p in error.problems)
        return
    Plan.from_plain("fuzz", plain)  # what validates must load


@given(st.text(max_size=300))
def test_random_text(text):
    load(text)


@given(st.lists(st.sampled_from(YAML_BITS), max_size=60).map("".join))
def test_random_yaml_shapes(text):
    load(text)


@st.composite
def mutated(draw):
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.sampled_from(YAML_BITS) | st.text(max_size=3))
        if action == "insert":
            text = text[:position] + piece + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 8)) :]
        else:
            text = text[:position] + piece + text[position + len(piece) :]
    return text


@given(mutated())
def test_mutated_builtin_plans(text):
    load(text)


def test_mutated_plan_files_through_the_installed_command(tmp_path):
    """Seeded mutations of the built-in plan files, given to the installed `meso` (a real process:
    its own stdout, stderr and exit status): every run ends with a status of 0, 1 or 2, one line
    per problem on stderr, never a traceback. Bounded: a fixed number of files and a time cap."""
    import random
    import re
    import subprocess
    import sys
    import time
    from pathlib import Path

    meso = Path(sys.executable).parent / "meso"
    root = Path(__file__).resolve().parent.parent / "plans"
    sources = sorted(path.read_bytes() for path in root.glob("*.yaml"))
    tokens = [
        b"\x00",
        b"\xff",
        b"\x1b[31m",
        b": [",
        b"&a",
        b"*a",
        b"!!python/object",
        b"1" * 500,
        b"- ",
        b"\n  ",
        b"levels:\n  x: 1\n",
        b'per_session: "1 % PMSS"\n',
        b"\t",
        b'"',
    ]
    rng = random.Random(2026)
    deadline = time.monotonic() + 40
    environ = {"PATH": "/usr/bin:/bin", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    for number in range(24):
        if time.monotonic() > deadline:
            break
        data = bytearray(rng.choice(sources))
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(data) + 1)
            action = rng.random()
            if action < 0.4:
                data[at:at] = rng.choice(tokens)
            elif action < 0.7 and data:
                del data[at : at + rng.randint(1, 20)]
            else:
                data = data[:at]
        plan = tmp_path / f"fuzz{number}.yaml"
        plan.write_bytes(bytes(data))
        for args in (
            ["plans", "validate", str(plan)],
            ["estimate", "--plan", str(plan), "-f", "json"],
        ):
            done = subprocess.run(
                [str(meso), *args], capture_output=True, text=True, env=environ, timeout=30
            )
            assert done.returncode in (0, 1, 2), (args, done.returncode, done.stderr)
            assert "Traceback" not in done.stderr, done.stderr
            for line in done.stderr.splitlines():
                summary = re.fullmatch(r"\d+ files? of \d+ (has|have) problems", line)
                assert summary or line.startswith((str(plan), "meso: ")), line
                assert len(line) < 600, line
