"""meso plans: list, show, validate, new, schema."""

import re
from pathlib import Path
from typing import Annotated

import typer

from meso_cli.cliutil import environment, reports_errors
from meso_cli.errors import ExitStatus, InputError, PlanFileError
from meso_cli.i18n import _
from meso_cli.options import Format, FormatOpt, LangOpt, NoColorOpt

app = typer.Typer(
    help="List, show, check and create plan files.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)

PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


@app.command("list")
@reports_errors
def list_(
    ctx: typer.Context,
    fmt: FormatOpt = Format.table,
    no_color: NoColorOpt = False,
    lang: LangOpt = None,
) -> None:
    """Every plan found: MESO_PLANS_PATH, the user's plans directory, then the built-in plans."""
    from meso_cli.discovery import list_plans
    from meso_cli.render import plans_out
    from meso_cli.render.emit import emit

    env = environment(ctx, no_color, lang)
    emit(env, fmt.value, plans_out.list_view(list_plans(env.environ)))


@app.command()
@reports_errors
def show(
    ctx: typer.Context,
    plan_id: Annotated[str, typer.Argument(metavar="ID|PATH", help="Plan id or YAML path.")],
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="table (words) or json.")
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
    plan = load_plan(env, plan_id)
    emit(env, fmt.value, plans_out.show_view(plan, plan_warnings(plan, "en")))


@app.command()
@reports_errors
def validate(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Plan files to check.")],
    lang: LangOpt = None,
) -> None:
    """Check plan files: every problem as file:line:column: message; exit 1 if any."""
    from meso_cli.planfile import load_plan_file

    env = environment(ctx, lang=lang)
    bad = 0
    for path in files:
        try:
            _plan, warnings = load_plan_file(path)
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
            env.stdout.write(f"{path}: " + _("ok") + "\n")
    if bad:
        env.error(_("{bad} of {count} file(s) with problems").format(bad=bad, count=len(files)))
        raise typer.Exit(ExitStatus.ERROR)


@app.command()
@reports_errors
def new(
    ctx: typer.Context,
    plan_id: Annotated[str, typer.Argument(metavar="ID", help="The new plan's id (file name).")],
    directory: Annotated[
        Path | None,
        typer.Option(
            "--dir", metavar="DIR", help="Where to write [default: the user's plans directory]."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    lang: LangOpt = None,
) -> None:
    """Write a commented plan template to the user's plans directory."""
    from meso_cli.discovery import user_plans_dir
    from meso_cli.planfile import TEMPLATE, json_schema
    from meso_cli.render.machine import dumps

    env = environment(ctx, lang=lang)
    if not PLAN_ID.match(plan_id):
        message = _("{id} is not a plan id: lower-case letters, digits, '-' and '_', 64 at most")
        raise InputError("ID: " + message.format(id=repr(plan_id)))
    folder = directory or user_plans_dir(env.environ)
    path = folder / f"{plan_id}.yaml"
    if path.exists() and not force:
        raise InputError(_("{path} exists already: use --force to overwrite it").format(path=path))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(TEMPLATE.format(id=plan_id, path=path), encoding="utf-8")
        schema = folder / "plan.schema.json"
        if not schema.exists():
            schema.write_text(dumps(json_schema(), indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(
            _("cannot write {path}: {reason}").format(path=path, reason=reason)
        ) from None
    env.stdout.write(f"{path}\n")
    env.error(
        _("wrote a template: edit it, then check it with 'meso plans validate {path}'").format(
            path=path
        )
    )


@app.command()
@reports_errors
def schema(ctx: typer.Context) -> None:
    """The JSON Schema of the plan format (for editors: yaml-language-server, VS Code…)."""
    from meso_cli.planfile import json_schema
    from meso_cli.render.machine import dumps

    env = environment(ctx)
    env.machine_stdout().write(dumps(json_schema(), indent=2) + "\n")
