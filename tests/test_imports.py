"""Start-up discipline: a scripted estimate imports neither rich, nor pydantic, nor yaml."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import sys
sys.argv = ["meso", "estimate", "--plan", "henner", "--sessions", "5", "--format", "json"]
from meso_cli.cli import main
try:
    main()
except SystemExit:
    pass
import json
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _installed(code: str, tmp_path) -> subprocess.CompletedProcess:
    """Runs the installed package (-I: not the checkout of the current directory)."""
    return subprocess.run(
        [sys.executable, "-I", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={"XDG_CONFIG_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )


def _modules(done: subprocess.CompletedProcess) -> set[str]:
    return {name.split(".")[0] for name in json.loads(done.stderr.strip().splitlines()[-1])}


def test_json_estimate_imports_no_rich_no_pydantic_no_yaml(tmp_path):
    done = _installed(PROBE, tmp_path)
    modules = _modules(done)
    assert not modules & {"rich", "pydantic", "yaml"}, modules & {"rich", "pydantic", "yaml"}
    assert "dataclasses" not in modules  # class creation by exec costs start-up time
    assert '"remaining": 10.00' in done.stdout


def test_rich_is_imported_only_to_draw_a_table(tmp_path):
    done = _installed(PROBE.replace('"--format", "json"', '"--start", "2026-02-02"'), tmp_path)
    assert "rich" in _modules(done)


def test_the_engine_imports_no_reader_no_renderer_no_cli(tmp_path):
    """The core is pure: computing an estimate needs neither YAML, nor output, nor Typer."""
    code = (
        "import sys, json; from meso_cli import engine; "
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)"
    )
    modules = set(json.loads(_installed(code, tmp_path).stderr.strip().splitlines()[-1]))
    forbidden = {"yaml", "typer", "click", "rich", "csv"}
    assert not {name.split(".")[0] for name in modules} & forbidden
    ours = {name for name in modules if name.startswith("meso_cli.")}
    assert not {n for n in ours if n.startswith(("meso_cli.render", "meso_cli.commands"))}
    assert not ours & {
        "meso_cli.yamlio",
        "meso_cli.planfile",
        "meso_cli.cli",
        "meso_cli.render.explain",
    }
