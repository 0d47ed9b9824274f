"""The README cannot drift: every `$ meso …` example of its ```console blocks is run and its output
compared with the README text, character for character (non-breaking spaces included).

How a block is read and run:
- `$ cat FILE` followed by lines: writes FILE (those lines) in a temporary directory, the current
  directory of the commands that follow in the same README.
- `$ meso ARGS` runs through CliRunner (as a pipe: no colour, no boxes), on the fixed day
  2026-11-22, with XDG_CONFIG_HOME in a temporary directory, no MESO_PLANS_PATH and COLUMNS=80
  (the width of help pages); its output is
  stdout and stderr interleaved as a terminal shows them.
- Suffixes, as a shell runs them: `2>/dev/null` (stdout only), `| head -N` (the first N lines),
  `; echo "exit $?"` (a last line with the exit status).
- `$ meso guide` runs with stdin as a terminal; its answers are read from the transcript itself
  (what follows "]:" on a question line) and put back after each question in the output.
- Substitutions: the temporary XDG_CONFIG_HOME is written `/home/me/.config` in the README.
- A line `…` in the expected output stands for any number of lines (an elided part).
- Trailing spaces of a line are not compared (editors strip them).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import run

README = Path(__file__).resolve().parent.parent / "README.md"
HOME_CONFIG = "/home/me/.config"
ELIDED = "…"


def console_blocks(text: str) -> list[list[str]]:
    return [block.split("\n") for block in re.findall(r"```console\n(.*?)```", text, re.DOTALL)]


def commands(block: list[str]) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for each `$ ` line of a block."""
    found: list[tuple[str, list[str]]] = []
    for line in block:
        if line.startswith("$ "):
            found.append((line[2:], []))
        elif found:
            found[-1][1].append(line)
    for _command, expected in found:
        while expected and expected[-1] == "":
            expected.pop()  # the blank line between two commands in a block
    return found


EXAMPLES = [
    pytest.param(block, id=f"block {number}: {commands(block)[-1][0][:50]}")
    for number, block in enumerate(console_blocks(README.read_text(encoding="utf-8")), 1)
    if any(command.startswith("meso ") for command, _ in commands(block))
]


def run_line(command: str, expected: list[str], tmp_path: Path) -> list[str]:
    config = tmp_path / "config"
    echo_status = command.endswith('; echo "exit $?"')
    command = command.removesuffix('; echo "exit $?"')
    head = None
    if match := re.search(r"\s*\|\s*head -(\d+)$", command):
        head = int(match[1])
        command = command[: match.start()]
    quiet_errors = "2>/dev/null" in command
    words = shlex.split(command.replace("2>/dev/null", ""))
    assert words[0] == "meso", command
    answers = None
    if words[1:2] == ["guide"]:
        answers = [line.split("]:", 1)[1].strip() for line in expected if "]:" in line]
    out = run(
        words[1:],
        environ={"XDG_CONFIG_HOME": str(config), "COLUMNS": "80"},
        stdin_tty=answers is not None,
        input="".join(answer + "\n" for answer in answers) if answers is not None else None,
    )
    text = out.stdout if quiet_errors else out.result.output
    if answers is not None:  # a terminal echoes each answer after its question
        pieces = text.split("]: ")
        text = pieces[0] + "".join(
            "]: " + answer + "\n" + piece for answer, piece in zip(answers, pieces[1:], strict=True)
        )
    text = text.replace(str(config), HOME_CONFIG)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if head is not None:
        lines = lines[:head]
    if echo_status:
        lines.append(f"exit {out.exit_code}")
    return lines


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line; a `…` line in `expected` stands for any number of lines."""
    if not expected:
        return not actual
    if expected[0] == ELIDED:
        return any(matches(expected[1:], actual[start:]) for start in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and matches(expected[1:], actual[1:])


@pytest.mark.parametrize("block", EXAMPLES)
def test_readme_example(block, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for command, expected in commands(block):
        if command.startswith("cat "):
            (tmp_path / command.split()[1]).write_text("\n".join(expected) + "\n", encoding="utf-8")
            continue
        actual = [line.rstrip(" ") for line in run_line(command, expected, tmp_path)]
        wanted = [line.rstrip(" ") for line in expected]
        assert matches(wanted, actual), "\n".join(
            [f"$ {command}", "--- README", *wanted, "--- actual", *actual]
        )


def test_the_harness_sees_the_examples():
    """A README that lost its console blocks (or a broken parser) must not pass in silence."""
    assert len(EXAMPLES) >= 8
    ran = [command for block in EXAMPLES for command, _ in commands(block.values[0])]
    assert any(command.startswith("meso batch") for command in ran)
    assert any(command.startswith("meso guide") for command in ran)


def test_elision_and_suffixes():
    assert matches(["a", ELIDED, "d"], ["a", "b", "c", "d"])
    assert matches(["a", ELIDED], ["a"])
    assert not matches(["a", "d"], ["a", "b", "d"])
    assert not matches(["a", ELIDED, "e"], ["a", "b", "d"])
