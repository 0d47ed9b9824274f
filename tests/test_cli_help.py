"""Every command, built lazily, answers --help."""

from __future__ import annotations

import pytest

from tests.conftest import run
from tests.test_help import COMMANDS  # every command, the lazily built ones included


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_of_every_command(command):
    out = run([*command, "--help"])
    assert out.exit_code == 0, out.stderr
    assert out.stdout.startswith("Usage: meso " + " ".join(command)), out.stdout[:200]
    assert out.stderr == ""


def test_help_of_meso_lists_every_command():
    out = run(["--help"])
    assert out.exit_code == 0
    for name in ("estimate", "compare", "batch", "plans", "tariffs"):
        assert f"  {name} " in out.stdout
