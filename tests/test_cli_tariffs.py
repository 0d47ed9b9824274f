from __future__ import annotations

import json

from tests.conftest import run


def test_tariffs_at_a_date_with_sources():
    data = json.loads(run(["tariffs", "--date", "2024-06-01", "-f", "json"]).stdout)
    values = {v["name"]: v for v in data["values"]}
    assert values["base.1"]["value"] == 26.5 and values["base.1"]["since"] == "2023-11-01"
    assert values["participation.amount"]["value"] == 2
    assert values["rate.general"]["value"] == 70
    assert all(v["reference"] for v in data["values"])


def test_tariffs_table_and_default_today():
    out = run(["tariffs"])
    assert "Sécu values in force on 2026-11-22" in out.stdout
    assert "arrêté du 20 juin 2024" in out.stdout


def test_tariffs_tsv():
    lines = run(["tariffs", "--date", "2025-03-10", "-f", "tsv"]).stdout.splitlines()
    assert lines[0].split("\t") == ["name", "value", "unit", "since", "reference"]
    assert lines[1].split("\t")[:4] == ["base.1", "30.00", "EUR", "2024-12-22"]


def test_tariffs_out_of_range():
    out = run(["tariffs", "--date", "2000-01-01"])
    assert out.exit_code == 2 and "no tariff known before 2017-05-01" in out.stderr
    bad = run(["tariffs", "--date", "soon"])
    assert bad.exit_code == 2 and "--date: expected a real date" in bad.stderr
