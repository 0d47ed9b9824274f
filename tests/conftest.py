from __future__ import annotations

import os
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from meso_cli.cli import app
from meso_cli.environment import Environment
from meso_cli.plan import Plan
from meso_cli.tariffs import load_tariffs

# CI runs a bounded number of examples so that the property tests finish in a known time.
settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)  # before a memo change
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="session")
def tariffs():
    return load_tariffs()


def make_plan(**data) -> Plan:
    data.setdefault("name", "Test plan")
    return Plan.from_plain(data.pop("id", "test"), data, "test")


def D(text: str) -> Decimal:
    return Decimal(text)


class Run:
    """A CLI run through CliRunner with an injected Environment (pipe or terminal)."""

    def __init__(self, result, env: Environment):
        self.result = result
        self.exit_code = result.exit_code
        self.stdout = result.stdout
        self.stderr = result.stderr


def run(
    args,
    *,
    tty: bool = False,
    environ: dict | None = None,
    today: date = TODAY,
    input: str | None = None,
    width: int = 120,
    stdin_tty: bool = False,
) -> Run:
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in ("NO_COLOR", "MESO_PLANS_PATH")
    }
    base["XDG_CONFIG_HOME"] = base.get("MESO_TEST_CONFIG", "/nonexistent-meso-config")
    (
        base.pop("LANG", None),
        base.pop("LANGUAGE", None),
        base.pop("LC_ALL", None),
        base.pop("LC_MESSAGES", None),
    )
    base.update(environ or {})
    env = Environment(
        None,
        None,
        stdout_isatty=tty,
        stderr_isatty=False,
        environ=base,
        today=today,
        width=width,
        stdin_isatty=stdin_tty,
    )
    runner = CliRunner()
    result = runner.invoke(
        app, [str(arg) for arg in args], obj=env, input=input, env=base, catch_exceptions=False
    )
    return Run(result, env)


def _builtin(name: str) -> Plan:
    from meso_cli.discovery import find_plan

    plan, warnings = find_plan(name, {"XDG_CONFIG_HOME": "/nonexistent-meso-config"})
    assert not warnings
    return plan


@pytest.fixture(scope="session")
def henner():
    return _builtin("henner")


@pytest.fixture(scope="session")
def neoliane():
    return _builtin("neoliane")


@pytest.fixture(scope="session")
def cegema():
    return _builtin("cegema")


def row_texts(scenario) -> tuple:
    """A Scenario as a batch row gives it: its fields as texts, in FIELDS order ("" for none)."""

    def text(value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, date):
            return value.isoformat()
        return str(value)

    return tuple(text(value) for value in scenario)


def memo_totals(memo, scenario, plan):
    """The totals a batch run gets for this scenario through `memo` (a TotalsMemo), after
    checking that the texts batch writes are those totals, as money.plain writes them."""
    from meso_cli.money import plain

    row = row_texts(scenario)
    found = memo.find(row, plan)
    assert found.texts == tuple(plain(amount) for amount in found.checkpoint.totals)
    return found.checkpoint.totals
