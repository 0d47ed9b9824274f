"""Rewrites the output of every `$ meso …` example of README.md with what the command prints now.

Maintainers' tool, run after a change of output, then read the diff before committing:

    python tools/update_readme.py

It runs each example exactly as tests/test_readme.py does (the same harness); a `…` line keeps its
place, with as many lines before and after it as the README shows. `cat FILE` blocks are inputs
and are left as written.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import test_readme as harness  # noqa: E402  (the harness, not a copy of it)


def regenerated(expected: list[str], actual: list[str]) -> list[str]:
    if harness.ELIDED not in expected:
        return actual
    cut = expected.index(harness.ELIDED)
    after = len(expected) - cut - 1
    return [*actual[:cut], harness.ELIDED, *(actual[len(actual) - after :] if after else [])]


def _blank_after(lines: list[str]) -> list[int]:
    """How many blank lines end each command's output (kept between commands)."""
    counts: list[int] = []
    for line in lines:
        if line.startswith("$ "):
            counts.append(0)
        elif counts:
            counts[-1] = counts[-1] + 1 if line == "" else 0
    return counts


def update_block(block: str) -> str:
    lines = block.split("\n")
    blanks = iter(_blank_after(lines))
    out: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        import os

        here = os.getcwd()
        os.chdir(tmp)
        try:
            for command, expected in harness.commands(lines):
                out.append("$ " + command)
                if command.startswith("cat ") or not command.startswith("meso "):
                    if command.startswith("cat "):
                        path = tmp / command.split()[1]
                        path.write_text("\n".join(expected) + "\n", "utf-8")
                    out.extend([*expected, *[""] * next(blanks)])
                    continue
                actual = harness.run_line(command, expected, tmp)
                out.extend(regenerated(expected, [line.rstrip(" ") for line in actual]))
                out.extend([""] * next(blanks))
                continue
        finally:
            os.chdir(here)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text("utf-8")

    def replace(match: re.Match) -> str:
        body = match.group(1)
        if not any(c.startswith("meso ") for c, _ in harness.commands(body.split("\n"))):
            return match.group(0)
        return "```console\n" + update_block(body.rstrip("\n")) + "```"

    readme.write_text(re.sub(r"```console\n(.*?)```", replace, text, flags=re.DOTALL), "utf-8")


if __name__ == "__main__":
    main()
