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
    assert (
        f"{bad}:4:7: 'year' must be one of calendar, contract, membership, got 'yearly'"
        in out.stdout
    )
    assert "1 file of 2 has problems" in out.stderr


def test_new_writes_a_draft_template_and_never_overwrites(tmp_path):
    out = run(["plans", "new", "my-plan", "--dir", str(tmp_path)])
    path = tmp_path / "my-plan.yaml"
    assert out.exit_code == 0 and out.stdout.strip() == str(path)
    assert (tmp_path / "plan.schema.json").is_file()
    path.write_text("name: edited\n", encoding="utf-8")
    again = run(["plans", "new", "my-plan", "--dir", str(tmp_path)])
    assert again.exit_code == 2 and "use --force" in again.stderr
    assert path.read_text(encoding="utf-8") == "name: edited\n"
    assert run(["plans", "new", "my-plan", "--dir", str(tmp_path), "--force"]).exit_code == 0
    assert "forfait" in path.read_text(encoding="utf-8")


def test_a_fresh_template_is_a_draft_until_edited(tmp_path):
    run(["plans", "new", "my-mutuelle", "--dir", str(tmp_path)])
    path = tmp_path / "my-mutuelle.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert "draft: true" in text
    # Every figure is commented out: nothing made up can reach an estimate.
    for figure in ("optam:", "per_session:", "sessions_per_year:", "per_year:"):
        assert all(line.lstrip().startswith("#") for line in lines if figure in line), figure
    draft_line = next(n for n, line in enumerate(lines, 1) if line.startswith("draft:"))
    checked = run(["plans", "validate", str(path)])
    assert checked.exit_code == 1
    assert checked.stdout.startswith(f"{path}:{draft_line}:1: unfinished template (draft: true)")
    used = run(["estimate", "--plan", "my-mutuelle"], environ={"MESO_PLANS_PATH": str(tmp_path)})
    assert used.exit_code == 2
    assert used.stderr.startswith(f"{path}:{draft_line}:1: unfinished template")
    compared = run(
        ["compare", "-n", "1", "--start", "2026-02-02", "-f", "csv"],
        environ={"MESO_PLANS_PATH": str(tmp_path)},
    )
    assert compared.exit_code == 0 and "my-mutuelle" not in compared.stdout
    assert compared.stderr == (
        "meso: draft plans left out until edited (draft: true): my-mutuelle\n"
    )
    listed = run(["plans", "list", "-f", "csv"], environ={"MESO_PLANS_PATH": str(tmp_path)})
    assert f"my-mutuelle,,,{path},draft: not used until edited" in listed.stdout.splitlines()
    # Filled in: the draft line removed and one figure uncommented.
    edited = text.replace("draft: true", "").replace("# forfait:", "forfait:")
    edited = edited.replace("#   per_session: 50", "  per_session: 50")
    path.write_text(edited, encoding="utf-8")
    assert run(["plans", "validate", str(path)]).exit_code == 0
    again = run(["compare", "-n", "1", "-f", "csv"], environ={"MESO_PLANS_PATH": str(tmp_path)})
    assert "my-mutuelle," in again.stdout and again.stderr == ""


def test_draft_false_is_an_ordinary_plan(tmp_path):
    path = tmp_path / "done.yaml"
    path.write_text("draft: false\nname: Done\n", encoding="utf-8")
    assert run(["plans", "validate", str(path)]).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: B\ndraft: maybe\n", encoding="utf-8")
    assert f"{bad}:2:8: 'draft' must be true or false" in run(["plans", "validate", bad]).stdout


def test_new_refuses_to_shadow_a_plan_found_elsewhere(tmp_path):
    mine = tmp_path / "mine"
    out = run(["plans", "new", "henner", "--dir", str(mine)])
    assert out.exit_code == 2
    assert out.stderr == (
        "meso: ID: henner is the id of a built-in plan: choose another id, or use --force\n"
    )
    assert not (mine / "henner.yaml").exists()
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "my-mutuelle.yaml").write_text("name: MGEN\n", encoding="utf-8")
    hidden = run(
        ["plans", "new", "my-mutuelle", "--dir", str(mine)],
        environ={"MESO_PLANS_PATH": str(shared)},
    )
    assert hidden.exit_code == 2
    assert f"my-mutuelle is already the id of {shared / 'my-mutuelle.yaml'}" in hidden.stderr
    forced = run(["plans", "new", "henner", "--dir", str(mine), "--force"])
    assert forced.exit_code == 0 and (mine / "henner.yaml").is_file()


def test_new_id_must_match_whole(tmp_path):
    for bad in ("abc\n", "Abc", "a" * 65, "_x", "a b", "a\x1b"):
        out = run(["plans", "new", bad, "--dir", str(tmp_path)])
        assert out.exit_code == 2 and "is not a plan id" in out.stderr, bad
        assert len(out.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_plan_ids_ignore_case_in_every_source(tmp_path):
    user = tmp_path / "meso" / "plans"
    user.mkdir(parents=True)
    (user / "perso.yaml").write_text("name: Perso\n", encoding="utf-8")
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "Shared.yml").write_text("name: Shared\n", encoding="utf-8")
    environ = {"XDG_CONFIG_HOME": str(tmp_path), "MESO_PLANS_PATH": str(extra)}
    for given, name in (("Henner", "Henner (forfait"), ("PERSO", "Perso"), ("shared", "Shared")):
        out = run(
            ["estimate", "--plan", given, "-n", "1", "--start", "2026-02-02", "-f", "json"],
            environ=environ,
        )
        assert out.exit_code == 0, out.stderr
        assert json.loads(out.stdout)["plan"]["name"].startswith(name)
    shown = run(["plans", "show", "CEGEMA", "-f", "json"])
    assert json.loads(shown.stdout)["id"] == "cegema"


def test_unknown_ids_get_a_few_suggestions_and_name_the_argument():
    estimate = run(["estimate", "--plan", "henr"])
    assert estimate.exit_code == 2
    assert estimate.stderr == (
        "meso: --plan: no plan named 'henr' (did you mean henner?);"
        " 'meso plans list' shows them all\n"
    )
    compare = run(["compare", "henr"])
    assert compare.exit_code == 2
    assert compare.stderr.startswith("meso: PLAN: no plan named 'henr' (did you mean henner?)")
    show = run(["plans", "show", "neolian"])
    assert show.exit_code == 2
    assert show.stderr.startswith("meso: ID: no plan named 'neolian' (did you mean neoliane?)")
    nothing = run(["estimate", "--plan", "zzz"])
    assert nothing.stderr == (
        "meso: --plan: no plan named 'zzz'; 'meso plans list' shows them all,"
        " or give a YAML file path\n"
    )


def test_batch_names_no_argument_for_an_unknown_plan():
    out = run(["batch", "-"], input="id,plan\na,henr\n")
    assert out.exit_code == 1
    assert "line 2: no plan named 'henr' (did you mean henner?)" in out.stderr
    assert "--plan" not in out.stderr


def test_plan_ids_complete_from_every_source(tmp_path, monkeypatch):
    from meso_cli.discovery import complete_plan_id

    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "hello.yaml").write_text("name: [broken\n", encoding="utf-8")  # never read
    user = tmp_path / "meso" / "plans"
    user.mkdir(parents=True)
    (user / "helium.yml").write_text("name: He\n", encoding="utf-8")
    monkeypatch.setenv("MESO_PLANS_PATH", str(extra))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert complete_plan_id("he") == ["helium", "hello", "henner"]
    from meso_cli._compiled import PLANS

    assert complete_plan_id("") == sorted({*PLANS, "helium", "hello"})
    assert complete_plan_id("./he") == []  # a path: left to the shell


def test_plan_ids_complete_through_the_shell_protocol(tmp_path):
    import os
    import subprocess
    import sys

    meso = Path(sys.executable).parent / "meso"
    base = {"PATH": os.environ.get("PATH", ""), "XDG_CONFIG_HOME": str(tmp_path)}
    for words, expected in (
        ("meso estimate --plan he", "henner"),
        ("meso compare ne", "neoliane"),
        ("meso plans show ce", "cegema"),
    ):
        env = {
            **base,
            "_MESO_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - 1),
        }
        done = subprocess.run([meso], env=env, capture_output=True, text=True, timeout=30)
        assert done.stdout.split() == [expected], (words, done.stdout, done.stderr)


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
    assert schema["properties"]["draft"]["type"] == "boolean"
    per_session = schema["properties"]["forfait"]["properties"]["per_session"]
    assert per_session["oneOf"][0]["multipleOf"] == 0.01
    assert "[Pp][Mm][Ss][Ss]" in per_session["oneOf"][1]["pattern"]
    assert schema["properties"]["levels"]["additionalProperties"]["properties"].keys() == {
        "consultation",
        "forfait",
    }
    assert schema["properties"]["seniority"]["items"]["required"] == ["from_year"]
    assert (ROOT / "plans" / "plan.schema.json").read_text(encoding="utf-8") == out.stdout
    for plan in ("henner", "neoliane", "cegema"):
        first = (ROOT / "plans" / f"{plan}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=plan.schema.json"
