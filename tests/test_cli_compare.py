from __future__ import annotations

import csv
import io
import json

from tests.conftest import run

SCENARIO = ["--start", "2026-02-02", "--price", "90"]


def test_compare_every_plan_best_first():
    out = run(["compare", "cegema", "henner", "neoliane", "-n", "5", *SCENARIO, "-f", "json"])
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["scenario"]["sessions"] == 5 and data["scenario"]["price"] == 90
    # henner 5 × 2; cegema 2 + 2 + 7 + 62 + 62; neoliane 4 × 32 + 62
    assert [(p["id"], p["totals"]["remaining"]) for p in data["plans"]] == [
        ("henner", 10),
        ("cegema", 135),
        ("neoliane", 190),
    ]
    assert set(data["plans"][0]["totals"]) == {
        "price",
        "secu",
        "participation",
        "mutuelle",
        "remaining",
    }


def test_compare_named_plans_and_ties_by_id():
    out = run(["compare", "henner", "cegema", "-n", "2", *SCENARIO, "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["rank"], r["id"], r["remaining"]) for r in rows] == [
        ("1", "cegema", "4.00"),
        ("2", "henner", "4.00"),
    ]


def test_compare_table_marks_the_best():
    out = run(["compare", "cegema", "henner", "neoliane", "-n", "5", *SCENARIO])
    assert "1 ★  henner" in out.stdout
    assert "Best: Henner (forfait médecines douces) — henner leaves €10.00 to pay" in out.stdout
    coloured = run(["compare", "cegema", "henner", "neoliane", "-n", "5", *SCENARIO], tty=True)
    assert "\x1b[1;32m" in coloured.stdout  # bold green on a terminal


def test_sessions_range_shows_where_the_ranking_changes():
    out = run(["compare", "cegema", "henner", "neoliane", "--sessions-range", "1-4", *SCENARIO])
    lines = out.stdout.splitlines()
    assert any("henner ← new best" in line for line in lines)
    data = json.loads(
        run(
            [
                "compare",
                "cegema",
                "henner",
                "neoliane",
                "--sessions-range",
                "1-4",
                *SCENARIO,
                "-f",
                "json",
            ]
        ).stdout
    )
    assert data["sessions_range"] == [1, 4]
    assert [r["plans"][0]["id"] for r in data["rankings"]] == [
        "cegema",
        "cegema",
        "henner",
        "henner",
    ]
    tsv = run(
        [
            "compare",
            "cegema",
            "henner",
            "neoliane",
            "--sessions-range",
            "2-3",
            *SCENARIO,
            "-f",
            "tsv",
        ]
    ).stdout.splitlines()
    assert tsv[0].split("\t")[:3] == ["sessions", "rank", "id"] and len(tsv) == 1 + 2 * 3


def test_bad_range():
    out = run(["compare", "cegema", "henner", "neoliane", "--sessions-range", "5-2"])
    assert out.exit_code == 2 and "--sessions-range: expected A-B" in out.stderr


def test_compare_lists_a_broken_user_plan_on_stderr(tmp_path):
    (tmp_path / "broken.yaml").write_text("name: [\n", encoding="utf-8")
    out = run(["compare", *SCENARIO, "-f", "json"], environ={"MESO_PLANS_PATH": str(tmp_path)})
    assert out.exit_code == 0
    assert "broken.yaml:2:1: invalid YAML" in out.stderr and "left out" in out.stderr
    # every built-in plan, each level of a plan with levels as its own row; broken.yaml left out
    ids = [plan["id"] for plan in json.loads(out.stdout)["plans"]]
    assert "broken" not in ids and {"henner", "cocoon:1", "cocoon:2", "april"} <= set(ids)
    assert "cocoon" not in ids
