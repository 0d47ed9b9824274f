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


GC_PROBE = """
import gc, sys
sys.argv = ["meso", "batch", "rows.csv"]
import meso_cli.commands.batch as batch
seen = []
real = batch.batch
@__import__("functools").wraps(real)  # Typer reads the options from the signature
def spy(*args, **kwargs):
    seen.append(gc.isenabled())
    return real(*args, **kwargs)
batch.batch = spy
from meso_cli.entry import main
try:
    main()
except SystemExit as done:
    print(done.code, seen, gc.isenabled(), file=sys.stderr)
"""


def test_the_collector_is_off_for_start_up_only(tmp_path):
    """entry.py turns the cyclic collector off while meso starts; a command (batch: rows without
    end) runs with it on again."""
    (tmp_path / "rows.csv").write_text("id,sessions\na,2\n", encoding="utf-8")
    done = _installed(GC_PROBE, tmp_path)
    assert done.stdout.splitlines()[1].startswith("a,")
    assert done.stderr.strip().splitlines()[-1] == "0 [True] True"
