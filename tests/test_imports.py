"""Start-up discipline: a scripted estimate imports neither rich, nor pydantic, nor yaml."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

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


@pytest.mark.skipif(
    importlib.util.find_spec("meso_cli._compiled") is None,
    reason="an editable checkout reads the built-in data from YAML; CI installs the wheel",
)
def test_json_estimate_imports_no_rich_no_pydantic_no_yaml(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        check=True,
        env={"XDG_CONFIG_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    modules = json.loads(done.stderr.strip().splitlines()[-1])
    roots = {name.split(".")[0] for name in modules}
    assert not roots & {"rich", "pydantic", "yaml"}, roots & {"rich", "pydantic", "yaml"}
    assert "dataclasses" not in modules  # class creation by exec costs start-up time
    assert '"remaining": 10.00' in done.stdout or '"totals"' in done.stdout


def test_rich_is_imported_only_to_draw_a_table(tmp_path):
    probe = PROBE.replace('"--format", "json"', '"--start", "2026-02-02"')
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={"XDG_CONFIG_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert "rich" in {
        name.split(".")[0] for name in json.loads(done.stderr.strip().splitlines()[-1])
    }
