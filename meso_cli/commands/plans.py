"""meso plans: list, show, validate, new, schema."""

import contextlib
import os
import re
from pathlib import Path
from typing import Annotated

import typer

from meso_cli.cliutil import environment
from meso_cli.discovery import complete_plan_id
from meso_cli.errors import ExitStatus, InputError, PlanFileError
from meso_cli.i18n import N_, _, ngettext
from meso_cli.options import Format, FormatOpt, LangOpt, NoColorOpt

app = typer.Typer(
    help=N_("List, show, check and create plan files."),
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)

PLAN_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")  # used with fullmatch: no trailing newline


@app.command("list")
def list_(
    ctx: typer.Context,
    fmt: FormatOpt = Format.table,
    no_color: NoColorOpt = False,
    lang: LangOpt = None,
) -> None:
    """Every plan found: MESO_PLANS_PATH, the user's plans directory, then the built-in plans."""
    from meso_cli.render import plans_out
    from meso_cli.render.emit import emit

    env = environment(ctx, no_color, lang)
    from meso_cli.discovery import iter_plans

    emit(env, fmt.value, plans_out.list_view(lambda: iter_plans(env.environ)))


@app.command()
def show(
    ctx: typer.Context,
    plan_id: Annotated[
        str,
        typer.Argument(
            metavar="ID|PATH",
            help=N_("Plan id or plan YAML file."),
            autocompletion=complete_plan_id,
        ),
    ],
    fmt: Annotated[
        Format,
        typer.Option(
            "--format", "-f", show_default=False, help=N_("table (words) or json [default: table].")
        ),
    ] = Format.table,
    no_color: NoColorOpt = False,
    lang: LangOpt = None,
) -> None:
    """Every guarantee of a plan, in words."""
    from meso_cli.cliutil import load_plan
    from meso_cli.render import plans_out
    from meso_cli.render.emit import emit
    from meso_cli.responsible import plan_warnings

    env = environment(ctx, no_color, lang)
    plan = load_plan(env, plan_id, "ID")
    emit(env, fmt.value, plans_out.show_view(plan, plan_warnings(plan, "en")))


@app.command()
def validate(
    ctx: typer.Context,
    # Plain strings: every file, even a missing or unreadable one, is reported as file:1:1 here.
    files: Annotated[list[str], typer.Argument(metavar="FILE...", help=N_("Plan files to check."))],
    lang: LangOpt = None,
) -> None:
    """Check plan files: every problem as file:line:column: message; exit 1 if any."""
    from meso_cli.planfile import load_plan_file
    from meso_cli.safe_text import shown_path

    env = environment(ctx, lang=lang)
    bad = 0
    for path in files:
        try:
            _plan, warnings = load_plan_file(Path(path))
        except PlanFileError as error:
            bad += 1
            for problem in error.problems:
                env.stdout.write(f"{problem}\n")
            continue
        for problem in warnings:
            env.stdout.write(f"{problem}\n")
        if warnings:
            bad += 1
        else:
            env.stdout.write(f"{shown_path(path)}: " + _("ok") + "\n")
    if bad:
        message = ngettext(
            "{bad} file of {count} has problems", "{bad} files of {count} have problems", bad
        )
        env.error(message.format(bad=bad, count=len(files)))
        raise typer.Exit(ExitStatus.ERROR)


@app.command()
def new(
    ctx: typer.Context,
    plan_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help=N_("The new plan's id (its file name): lower-case letters, digits, - and _."),
        ),
    ],
    directory: Annotated[
        Path | None,
        typer.Option(
            "--dir", metavar="DIR", help=N_("Where to write [default: the user's plans directory].")
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=N_("Overwrite an existing file."))] = False,
    lang: LangOpt = None,
) -> None:
    """Write a commented plan template (a draft) to the user's plans directory."""
    from meso_cli.discovery import user_plans_dir
    from meso_cli.planfile import TEMPLATE, json_schema
    from meso_cli.render.machine import dumps
    from meso_cli.safe_text import quoted, shown_path

    env = environment(ctx, lang=lang)
    if not PLAN_ID.fullmatch(plan_id):
        message = _("{id} is not a plan id: lower-case letters, digits, '-' and '_', 64 at most")
        raise InputError("ID: " + message.format(id=quoted(plan_id, 60)))
    folder = directory or user_plans_dir(env.environ)
    path = folder / f"{plan_id}.yaml"
    shown = shown_path(path)
    if os.path.islink(path):
        message = _("{path} is a symbolic link: meso never writes through one; remove it first")
        raise InputError(message.format(path=shown))
    if os.path.lexists(path) and not force:
        raise InputError(_("{path} exists already: use --force to overwrite it").format(path=shown))
    if not force:
        _refuse_shadowing(env, plan_id, path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(path, TEMPLATE.format(id=plan_id, path=path), replace=force)
        schema = folder / "plan.schema.json"
        if not os.path.lexists(schema):
            write_atomically(schema, dumps(json_schema(), indent=2) + "\n", replace=False)
    except FileExistsError:
        message = _("{path} exists already: use --force to overwrite it")
        raise InputError(message.format(path=shown)) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(
            _("cannot write {path}: {reason}").format(path=shown, reason=reason)
        ) from None
    env.stdout.write(f"{shown}\n")
    env.error(
        _(
            "wrote a draft template: fill it in, remove 'draft: true', then check it with"
            " 'meso plans validate {path}'"
        ).format(path=shown)
    )


def _refuse_shadowing(env, plan_id: str, path: Path) -> None:
    """A new plan must not hide (or be hidden by) a plan of the same id found elsewhere."""
    from meso_cli.discovery import BUILTIN, sources
    from meso_cli.safe_text import shown_path

    folder = os.path.abspath(path.parent)
    for source in sources(env.environ):
        if source.where == BUILTIN:
            from meso_cli.discovery import _builtin_ids

            if plan_id in _builtin_ids():
                message = _("{id} is the id of a built-in plan: choose another id, or use --force")
                raise InputError("ID: " + message.format(id=plan_id))
            continue
        if os.path.abspath(source.directory) == folder:
            continue
        for suffix in (".yaml", ".yml"):
            other = source.directory / f"{plan_id}{suffix}"
            try:
                found = os.path.lexists(other)
            except OSError:
                found = False
            if found:
                message = _("{id} is already the id of {path}: choose another id, or use --force")
                raise InputError("ID: " + message.format(id=plan_id, path=shown_path(other)))


def write_atomically(path: Path, text: str, replace: bool) -> None:
    """Write a temporary file beside `path`, fsync it, then rename it into place.

    A reader, a crash or a SIGKILL sees the old file or the new one, never a part of either.
    The rename replaces a name, never what a link points to. Without `replace`, an existing
    `path` is kept (FileExistsError), checked atomically by the hard link that publishes the file.
    """
    import tempfile

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644 & ~_umask())
        if replace:
            os.replace(temporary, path)
        else:
            _publish_without_overwriting(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_directory(path.parent)


def _publish_without_overwriting(temporary: str, path: Path) -> None:
    try:
        os.link(temporary, path)  # fails if path exists: checked and done in one step
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check, then rename
        if os.path.lexists(path):
            raise FileExistsError(path) from None
        os.replace(temporary, path)
        return
    os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_directory(folder: Path) -> None:
    """The rename itself survives a power cut once the directory is synced (POSIX only)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


@app.command()
def schema(ctx: typer.Context) -> None:
    """The JSON Schema of the plan format (for editors: yaml-language-server, VS Code…)."""
    from meso_cli.planfile import json_schema
    from meso_cli.render.machine import dumps

    env = environment(ctx)
    env.machine_stdout().write(dumps(json_schema(), indent=2) + "\n")
