"""What the wheel build hook (hatch_build.py) writes to meso_cli/_compiled/: plain literals."""

from __future__ import annotations

from pathlib import Path


def compile_builtins(root: Path) -> tuple[dict, dict]:
    """(tariffs, {plan id: validated plan data}) from the checkout at `root`."""
    from meso_cli import yamlio
    from meso_cli.planfile import validate_text
    from meso_cli.tariffs import Tariffs

    tariffs_path = root / "meso_cli" / "data" / "tariffs.yaml"
    tariffs = yamlio.to_plain(yamlio.compose(yamlio.read_text(tariffs_path)))
    Tariffs.from_plain(tariffs)  # refuse to build a wheel with tariffs that do not load
    plans = {}
    for path in sorted((root / "plans").glob("*.yaml")):
        data, warnings = validate_text(yamlio.read_text(path), str(path))
        if warnings:
            raise ValueError("; ".join(str(warning) for warning in warnings))
        plans[path.stem] = data
    return _jsonable(tariffs), _jsonable(plans)


def _jsonable(value):
    from decimal import Decimal

    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    return value
