"""The views of meso plans list and meso plans show."""

from __future__ import annotations

from meso_cli.environment import Environment
from meso_cli.i18n import translator
from meso_cli.render.emit import View

LIST_COLUMNS = ("id", "name", "insurer", "where", "summary")


def list_rows(entries, lang: str) -> list[list[str]]:
    """One row per plan found (discovery.list_plans), its words in `lang`."""
    from meso_cli.render.describe import summary

    _ = translator(lang)
    rows = []
    for entry in entries:
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


def list_view(entries) -> View:
    """Machine formats in English (the same bytes in every language); the table in the user's."""
    entries = list(entries)
    return View(
        command="plans list",
        document=lambda: [
            dict(zip(LIST_COLUMNS, row, strict=True)) for row in list_rows(entries, "en")
        ],
        table=lambda env: list_items(env, list_rows(entries, env.lang)),
        columns=LIST_COLUMNS,
        rows=lambda: list_rows(entries, "en"),
    )


def list_items(env: Environment, rows: list[list[str]]) -> list:
    from meso_cli.render.table import Column, Row, fitted

    _ = translator(env.lang)
    columns = [
        Column(_("Id")),
        Column(_("Name"), fixed=False),
        Column(_("Insurer"), fixed=False, drop=1),
        Column(_("Found"), fixed=False, drop=2),
        Column(_("Guarantees"), fixed=False),
    ]
    return [fitted(env, columns, [Row(row) for row in rows])]


def show_view(plan, warnings_en: list[str]) -> View:
    """warnings_en: the plan's contrat-responsable warnings in English, for JSON."""
    return View(
        command="plans show",
        document=lambda: {
            "id": plan.id,
            "where": plan.origin,
            **plan.to_plain(),
            "warnings": warnings_en,
        },
        table=lambda env: show_items(env, plan),
    )


def show_items(env: Environment, plan) -> list:
    from meso_cli.render.describe import details
    from meso_cli.render.table import Column, Row, fitted

    columns = [Column(""), Column("", fixed=False)]
    rows = [Row([label, words]) for label, words in details(plan, plan.origin, env.lang)]
    return [fitted(env, columns, rows, title=plan.id)]
