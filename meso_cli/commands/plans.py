"""meso plans: list, show, validate, new, schema."""

import re
from pathlib import Path
from typing import Annotated

import typer

from meso_cli.cliutil import environment, reports_errors
from meso_cli.errors import ExitStatus, InputError, PlanFileError
from meso_cli.i18n import N_, _, ngettext
from meso_cli.options import Format, FormatOpt, LangOpt, NoColorOpt

app = typer.Typer(
    help=N_("List, show, check and create plan files."),
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)

PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
LIST_COLUMNS = ("id", "name", "insurer", "where", "summary")


@app.command("list")
@reports_errors
def list_(
    ctx: typer.Context,
    fmt: FormatOpt = Format.table,
    no_color: NoColorOpt = False,
    lang: LangOpt = None,
) -> None:
    """Every plan found: MESO_PLANS_PATH, the user's plans directory, then the built-in plans."""
    from meso_cli import i18n
    from meso_cli.render import machine

    env = environment(ctx, no_color, lang)
    if fmt is Format.table:
        rows = _list_rows(env, env.lang)
    else:
        with i18n.english():  # machine formats are the same in every language
            rows = _list_rows(env, "en")
    if fmt is Format.json:
        keyed = [dict(zip(LIST_COLUMNS, row, strict=True)) for row in rows]
        env.stdout.write(machine.dumps(keyed, indent=2) + "\n")
    elif fmt is Format.table:
        from meso_cli.render.table import new_table, show, text

        table = new_table(env)
        for header in (_("Id"), _("Name"), _("Insurer"), _("Found"), _("Guarantees")):
            table.add_column(header)
        for row in rows:
            table.add_row(*(text(cell) for cell in row))
        show(env, table)
    else:
        machine.RowWriter(env.stdout, fmt.value, LIST_COLUMNS).write_many(rows)


def _list_rows(env, lang: str) -> list[list[str]]:
    from meso_cli.describe import summary
    from meso_cli.discovery import list_plans

    rows = []
    for entry in list_plans(env.environ):
        if entry.shadowed_by:
            note = _("shadowed by {where}").format(where=entry.shadowed_by)
            rows.append([entry.id, "", "", str(entry.path), note])
        elif entry.error is not None:
            note = _("invalid: {error}").format(error=entry.error)
            rows.append([entry.id, "", "", entry.where, note])
        else:
            plan = entry.plan
            rows.append([plan.id, plan.name, plan.insurer or "", entry.where, summary(plan, lang)])
    return rows


@app.command()
@reports_errors
def show(
    ctx: typer.Context,
    plan_id: Annotated[
        str, typer.Argument(metavar="ID|PATH", help=N_("Plan id or plan YAML file."))
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
    from meso_cli.cliutil import english_warnings, load_plan

    env = environment(ctx, no_color, lang)
    plan = load_plan(env, plan_id)
    if fmt is Format.json:
        from meso_cli.render import machine

        warnings = english_warnings(plan)
        data = {"id": plan.id, "where": plan.origin, **plan.to_plain(), "warnings": warnings}
        env.stdout.write(machine.dumps(data, indent=2) + "\n")
        return
    if fmt is not Format.table:
        raise InputError("--format: " + _("plans show writes table or json"))
    from meso_cli.describe import details
    from meso_cli.render.table import new_table, show, text

    table = new_table(env, plan.id)
    table.add_column("")
    table.add_column("")
    table.show_header = False
    for label, words in details(plan, plan.origin, env.lang):
        table.add_row(text(label), text(words))
    show(env, table)


@app.command()
@reports_errors
def validate(
    ctx: typer.Context,
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE...", help=N_("Plan files to check."))
    ],
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
        message = ngettext(
            "{bad} file of {count} has problems", "{bad} files of {count} have problems", bad
        )
        env.error(message.format(bad=bad, count=len(files)))
        raise typer.Exit(ExitStatus.ERROR)


@app.command()
@reports_errors
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
    env.stdout.write(dumps(json_schema(), indent=2) + "\n")
