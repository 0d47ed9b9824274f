"""Where plans are found, in order: a path given, MESO_PLANS_PATH, the user's plans dir, built-in."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from meso_cli.errors import InputError, PlanFileError, Problem
from meso_cli.i18n import _
from meso_cli.plan import Plan

SUFFIXES = (".yaml", ".yml")
BUILTIN = "built-in"


def user_plans_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The platform's per-user config location, as platformdirs would choose it."""
    if sys.platform == "win32":
        base = Path(environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "meso" / "plans"


def builtin_dir() -> Path:
    """Inside the wheel: meso_cli/builtin_plans; in a checkout: the top-level plans/."""
    package = Path(__file__).resolve().parent
    packaged = package / "builtin_plans"
    return packaged if packaged.is_dir() else package.parent / "plans"


class Source(NamedTuple):
    directory: Path
    where: str  # "MESO_PLANS_PATH", "user", "built-in"


def sources(environ: Mapping[str, str] = os.environ) -> list[Source]:
    found = [
        Source(Path(part), "MESO_PLANS_PATH")
        for part in environ.get("MESO_PLANS_PATH", "").split(os.pathsep)
        if part
    ]
    found.append(Source(user_plans_dir(environ), "user"))
    found.append(Source(builtin_dir(), BUILTIN))
    return found


def looks_like_path(name: str) -> bool:
    return os.sep in name or "/" in name or name.endswith(SUFFIXES)


def find_plan(name: str, environ: Mapping[str, str] = os.environ) -> tuple[Plan, list[Problem]]:
    """The plan called `name` (an id or a path), with its contrat-responsable warnings.

    `ID:LEVEL` (or `PATH:LEVEL`) picks one level of a plan that has levels.
    """
    match = _WITH_LEVEL.fullmatch(name)
    if match is None or Path(name).is_file():
        return _find_plan(name, environ)
    plan, warnings = _find_plan(match.group(1), environ)
    level = plan.level(match.group(2))
    if level is None:
        known = ", ".join(f"{plan.id}:{level}" for level, _plan in plan.levels)
        message = (
            _("plan {id} has no level {level} (levels: {known})")
            if plan.levels
            else _("plan {id} has no levels: use {id} alone")
        )
        raise InputError(message.format(id=plan.id, level=repr(match.group(2)), known=known))
    return level, warnings


_WITH_LEVEL = re.compile(r"(.+):([A-Za-z0-9_-]{1,32})")


def _find_plan(name: str, environ: Mapping[str, str]) -> tuple[Plan, list[Problem]]:
    if looks_like_path(name):
        path = Path(name)
        if not path.exists():
            raise InputError("--plan: " + _("no such file: {name}").format(name=name))
        return _load(path, path.stem, str(path))
    for source in sources(environ):
        if source.where == BUILTIN:
            if name in _builtin_ids():
                return _load(source.directory / f"{name}.yaml", name, BUILTIN)
            continue
        for suffix in SUFFIXES:
            path = source.directory / f"{name}{suffix}"
            if path.is_file():
                return _load(path, name, str(path))
    known = ", ".join(sorted({entry.id for entry in list_plans(environ) if entry.id})) or "none"
    message = _("no plan named {name} (known: {known}); give a path to a YAML file")
    raise InputError("--plan: " + message.format(name=repr(name), known=known))


def _builtin_ids() -> list[str]:
    from meso_cli._compiled import PLANS

    return sorted(PLANS)


def _load(path: Path, plan_id: str, where: str) -> tuple[Plan, list[Problem]]:
    if where == BUILTIN:
        # Validated when tools/compile_data.py wrote them: no YAML is parsed at start-up.
        from meso_cli._compiled import PLANS

        return Plan.from_plain(plan_id, PLANS[plan_id], BUILTIN), []
    from meso_cli.planfile import load_plan_file

    return load_plan_file(path, plan_id, where)


class Entry(NamedTuple):
    id: str
    path: Path
    where: str
    plan: Plan | None = None
    error: PlanFileError | None = None
    warnings: tuple[Problem, ...] = ()
    shadowed_by: str | None = None


def list_plans(environ: Mapping[str, str] = os.environ) -> list[Entry]:
    """Every plan file found, first source wins for an id; a broken file is listed with its error."""
    entries: list[Entry] = []
    seen: dict[str, str] = {}
    for source in sources(environ):
        if source.where == BUILTIN:
            paths = [source.directory / f"{plan_id}.yaml" for plan_id in _builtin_ids()]
        elif source.directory.is_dir():
            paths = sorted(source.directory.iterdir())
        else:
            continue
        for path in paths:
            if source.where != BUILTIN and (path.suffix not in SUFFIXES or not path.is_file()):
                continue
            plan_id = path.stem
            where = BUILTIN if source.where == BUILTIN else str(path)
            if plan_id in seen:
                entries.append(Entry(plan_id, path, where, shadowed_by=seen[plan_id]))
                continue
            seen[plan_id] = where
            try:
                plan, warnings = _load(path, plan_id, where)
            except PlanFileError as error:
                entries.append(Entry(plan_id, path, where, error=error))
                continue
            entries.append(Entry(plan_id, path, where, plan, warnings=tuple(warnings)))
    return entries
