"""Where plans are found, in order: a path given, MESO_PLANS_PATH, the user's plans dir, built-in."""

import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path

from meso_cli.errors import InputError, PlanFileError, Problem
from meso_cli.i18n import _
from meso_cli.plan import Plan
from meso_cli.safe_text import clip, printable, quoted, shown_path
from meso_cli.tuples import NamedTuple

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


@cache  # constant for the process: a batch asks once per distinct plan name
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


class NoSuchPlan(InputError):
    """An id no source knows, or a path that does not exist. Its message names no argument:
    the caller adds the one the user typed (`--plan: …`, `PLAN: …`, `ID: …`)."""


_warned: tuple[object, set[str]] = (None, set())


def _warn_skipped(directory: Path, where: str, error: OSError, environ: Mapping[str, str]) -> None:
    """One line on stderr per unreadable directory and command run (a batch asks many times)."""
    global _warned
    if _warned[0] is not environ:
        _warned = (environ, set())
    key = str(directory)
    if key in _warned[1]:
        return
    _warned[1].add(key)
    reason = error.strerror or type(error).__name__
    message = _("warning: plans in {directory} ({where}) skipped: cannot be read: {reason}")
    print(
        "meso: " + message.format(directory=clip(str(directory), 200), where=where, reason=reason),
        file=sys.stderr,
    )


def _files_in(
    source: Source, environ: Mapping[str, str], warn: bool = True
) -> Iterator[tuple[str, Path]]:
    """(id, path) of each plan file of a source, in name order: file names only, nothing read.

    A directory that does not exist is no source; one that cannot be read is skipped with a
    warning. A FIFO or a link loop named like a plan is listed: reading it reports what it is.
    """
    if source.where == BUILTIN:
        for plan_id in _builtin_ids():
            yield plan_id, source.directory / f"{plan_id}.yaml"
        return
    try:
        with os.scandir(source.directory) as scan:
            names = sorted(
                entry.name
                for entry in scan
                if entry.name.endswith(SUFFIXES)
                and not entry.name.startswith(".")
                and not _is_dir(entry)
            )
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as error:
        if warn:
            _warn_skipped(source.directory, source.where, error, environ)
        return
    for name in names:
        yield name.rsplit(".", 1)[0], source.directory / name


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def find_plan(name: str, environ: Mapping[str, str] = os.environ) -> tuple[Plan, list[Problem]]:
    """The plan called `name` (an id, any case, or a path), with its contrat-responsable warnings.

    `ID:LEVEL` (or `PATH:LEVEL`) picks one level of a plan that has levels. Raises NoSuchPlan
    (message without the argument's name) or PlanFileError.
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
        raise NoSuchPlan(message.format(id=plan.id, level=repr(match.group(2)), known=known))
    return level, warnings


_WITH_LEVEL = re.compile(r"(.+):([A-Za-z0-9_-]{1,32})")


def _find_plan(name: str, environ: Mapping[str, str]) -> tuple[Plan, list[Problem]]:
    """The plan called `name` (an id, any case, or a path): no level."""
    if looks_like_path(name):
        path = Path(name)
        try:
            os.lstat(path)
        except FileNotFoundError:
            raise NoSuchPlan(_("no such file: {name}").format(name=clip(name, 200))) from None
        except OSError:
            pass  # not searchable, a name too long…: reading it says why, at file:1:1
        return _load(path, path.stem, shown_path(path))
    wanted = name.casefold()
    seen: list[str] = []  # every id looked at: the suggestions need no second scan
    for source in sources(environ):
        # An exact match first, then one that differs only in case ("Henner" finds henner).
        match = None
        for plan_id, path in _files_in(source, environ):
            seen.append(plan_id)
            if plan_id == name:
                match = plan_id, path
                break
            if match is None and plan_id.casefold() == wanted:
                match = plan_id, path
        if match is not None:
            plan_id, path = match
            where = BUILTIN if source.where == BUILTIN else shown_path(path)
            return _load(path, plan_id, where)
    raise NoSuchPlan(unknown_plan_message(name, seen))


def unknown_plan_message(name: str, known: Iterable[str]) -> str:
    """ "no plan named 'x' (did you mean …?)": a few close ids at most, never the whole list."""
    import difflib  # only when an id is unknown

    ids = sorted(set(known))
    folded = {}
    for plan_id in ids:
        folded.setdefault(plan_id.casefold(), plan_id)
    near = difflib.get_close_matches(name.casefold()[:64], list(folded), n=MAX_SUGGESTIONS)
    shown = quoted(name, 60)
    if near:
        message = _("no plan named {name} (did you mean {near}?); 'meso plans list' shows them all")
        return message.format(name=shown, near=", ".join(printable(folded[n]) for n in near))
    message = _("no plan named {name}; 'meso plans list' shows them all, or give a YAML file path")
    return message.format(name=shown)


MAX_SUGGESTIONS = 3


def plan_ids(environ: Mapping[str, str] = os.environ, warn: bool = True) -> Iterator[str]:
    """Every plan id found (file names only: no file is read), first source first."""
    for source in sources(environ):
        for plan_id, _path in _files_in(source, environ, warn):
            yield plan_id


def complete_plan_id(incomplete: str) -> list[str]:
    """Shell completion of --plan, compare's PLAN and plans show's ID: ids from every source."""
    if looks_like_path(incomplete):
        return []
    prefix = incomplete.casefold()
    # No warning here: it would land in the middle of the user's command line.
    found = {plan_id for plan_id in plan_ids(warn=False) if plan_id.casefold().startswith(prefix)}
    return sorted(plan_id for plan_id in found if plan_id.isprintable())


def _builtin_ids() -> list[str]:
    from meso_cli._compiled import PLANS

    return sorted(PLANS)


def _load(path: Path, plan_id: str, where: str) -> tuple[Plan, list[Problem]]:
    if where == BUILTIN:
        # Validated when tools/compile_data.py wrote them: no YAML is parsed at start-up.
        from meso_cli._compiled import PLANS

        return Plan.from_plain(plan_id, PLANS[plan_id], BUILTIN), []
    from meso_cli.planfile import load_plan_file

    return load_plan_file(path, printable(plan_id), where)


class Entry(NamedTuple):
    id: str
    path: Path
    where: str
    plan: Plan | None = None
    error: PlanFileError | None = None
    warnings: tuple[Problem, ...] = ()
    shadowed_by: str | None = None


def iter_plans(environ: Mapping[str, str] = os.environ) -> Iterator[Entry]:
    """Every plan file found, one at a time (memory stays flat with thousands of files).

    The first source wins for an id (ids compare without case); a later one is listed as
    shadowed; a broken file is listed with its error. Ids and places are made printable.
    """
    seen: dict[str, str] = {}
    for source in sources(environ):
        for raw_id, path in _files_in(source, environ):
            plan_id = printable(raw_id)
            where = BUILTIN if source.where == BUILTIN else shown_path(path)
            key = raw_id.casefold()
            if key in seen:
                yield Entry(plan_id, path, where, shadowed_by=seen[key])
                continue
            seen[key] = where
            try:
                plan, warnings = _load(path, raw_id, where)
            except PlanFileError as error:
                yield Entry(plan_id, path, where, error=error)
                continue
            yield Entry(plan_id, path, where, plan, warnings=tuple(warnings))


def list_plans(environ: Mapping[str, str] = os.environ) -> list[Entry]:
    """iter_plans as a list, for callers that need every entry at once."""
    return list(iter_plans(environ))
