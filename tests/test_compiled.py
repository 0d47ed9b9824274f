"""The committed meso_cli/_compiled.py is exactly what tools/compile_data.py generates."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location(
        "compile_data", ROOT / "tools" / "compile_data.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_module_is_regenerated_byte_for_byte():
    tool = _tool()
    committed = (ROOT / "meso_cli" / "_compiled.py").read_text("utf-8")
    assert committed == tool.module_text(ROOT), (
        "meso_cli/_compiled.py is stale: run `python tools/compile_data.py` and commit it"
    )


def test_every_builtin_plan_file_is_compiled():
    from meso_cli._compiled import PLANS

    assert set(PLANS) == {path.stem for path in (ROOT / "plans").glob("*.yaml")}
