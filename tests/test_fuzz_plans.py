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
