from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run

ROOT = Path(__file__).resolve().parent.parent


def test_list_shows_builtin_plans_and_user_plans_first(tmp_path):
    (tmp_path / "henner.yaml").write_text(
        "name: My Henner\nforfait: {per_year: 100}\n", encoding="utf-8"
    )
    (tmp_path / "mine.yml").write_text("name: Mine\n", encoding="utf-8")
    out = run(["plans", "list", "-f", "json"], environ={"MESO_PLANS_PATH": str(tmp_path)})
    entries = json.loads(out.stdout)
    by = {(e["id"], e["where"]): e for e in entries}
    assert by[("henner", str(tmp_path / "henner.yaml"))]["name"] == "My Henner"
    assert by[("mine", str(tmp_path / "mine.yml"))]["summary"] == "100 % BR"
    shadowed = [e for e in entries if e["summary"].startswith("shadowed by")]
    assert [e["id"] for e in shadowed] == ["henner"]
    assert by[("cegema", "built-in")]["summary"] == "100 % BR; forfait €175.00/year"


def test_list_csv():
    rows = run(["plans", "list", "-f", "csv"]).stdout.splitlines()
    assert rows[0] == "id,name,insurer,where,summary"
    assert (
        'henner,Henner (forfait médecines douces),Henner,built-in,"100 % BR; forfait €60.00/session, 5 sessions/year"'
        in rows
    )


def test_list_table():
    out = run(["plans", "list"])
    assert "henner" in out.stdout and "€60.00/session, 5 sessions/year" in out.stdout


def test_user_plans_dir_follows_xdg(tmp_path):
    folder = tmp_path / "meso" / "plans"
    folder.mkdir(parents=True)
    (folder / "perso.yaml").write_text("name: Perso\n", encoding="utf-8")
    out = run(
        ["estimate", "--plan", "perso", "-n", "1", "--start", "2026-02-02", "-f", "json"],
        environ={"XDG_CONFIG_HOME": str(tmp_path)},
    )
    assert json.loads(out.stdout)["plan"]["name"] == "Perso"


def test_show_in_words():
    out = run(["plans", "show", "henner"])
    assert (
        "at most €60.00 a session; 5 sessions a plan year; therapeutic sessions only" in out.stdout
    )
    assert "not from the insurer's own table" in out.stdout
    data = json.loads(run(["plans", "show", "cegema", "-f", "json"]).stdout)
    assert data["forfait"] == {"per_year": 175, "aesthetic": False, "only_unreimbursed": False}
    assert data["where"] == "built-in"


def test_validate_ok_and_problems(tmp_path):
    good = ROOT / "plans" / "henner.yaml"
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Bad\nforfiat:\n  per_session: 60\nyear: yearly\n", encoding="utf-8")
    out = run(["plans", "validate", str(good), str(bad)])
    assert out.exit_code == 1
    assert f"{good}: ok" in out.stdout
    assert f"{bad}:2:1: unknown key 'forfiat' (did you mean 'forfait'?)" in out.stdout
    assert f"{bad}:4:7: 'year' must be one of calendar, contract, got 'yearly'" in out.stdout
    assert "1 file of 2 has problems" in out.stderr


def test_new_writes_a_valid_template_and_never_overwrites(tmp_path):
    out = run(["plans", "new", "my-plan", "--dir", str(tmp_path)])
    path = tmp_path / "my-plan.yaml"
    assert out.exit_code == 0 and out.stdout.strip() == str(path)
    assert (tmp_path / "plan.schema.json").is_file()
    assert run(["plans", "validate", str(path)]).exit_code == 0
    path.write_text("name: edited\n", encoding="utf-8")
    again = run(["plans", "new", "my-plan", "--dir", str(tmp_path)])
    assert again.exit_code == 2 and "use --force" in again.stderr
    assert path.read_text(encoding="utf-8") == "name: edited\n"
    assert run(["plans", "new", "my-plan", "--dir", str(tmp_path), "--force"]).exit_code == 0
    assert "forfait" in path.read_text(encoding="utf-8")


def test_new_goes_to_the_user_dir_by_default(tmp_path):
    out = run(["plans", "new", "x1"], environ={"XDG_CONFIG_HOME": str(tmp_path)})
    assert out.stdout.strip() == str(tmp_path / "meso" / "plans" / "x1.yaml")


def test_new_refuses_a_bad_id(tmp_path):
    out = run(["plans", "new", "../evil", "--dir", str(tmp_path)])
    assert out.exit_code == 2 and "is not a plan id" in out.stderr


def test_schema_is_json_schema_and_matches_the_shipped_copy():
    out = run(["plans", "schema"])
    schema = json.loads(out.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["required"] == ["name"]
    assert schema["properties"]["forfait"]["properties"]["per_session"]["multipleOf"] == 0.01
    assert (ROOT / "plans" / "plan.schema.json").read_text(encoding="utf-8") == out.stdout
    for plan in ("henner", "neoliane", "cegema"):
        first = (ROOT / "plans" / f"{plan}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=plan.schema.json"
