"""The views of meso plans list and meso plans show."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from meso_cli.environment import Environment
from meso_cli.i18n import translator
from meso_cli.render.emit import View

LIST_COLUMNS = ("id", "name", "insurer", "where", "summary")


def list_rows(entries, lang: str) -> Iterator[list[str]]:
    """One row per plan found (discovery.iter_plans) and one per level of a plan with levels,
    produced one at a time, their words in `lang`; every cell printable (no ESC reaches a
    terminal from a file name or a plan name)."""
    from meso_cli.planfile import DraftError
    from meso_cli.render.describe import summary
    from meso_cli.safe_text import printable, shown_path

    _ = translator(lang)
    for entry in entries:
        if entry.shadowed_by:
            note = _("shadowed by {where}").format(where=entry.shadowed_by)
            yield [entry.id, "", "", shown_path(entry.path), note]
        elif isinstance(entry.error, DraftError):
            yield [entry.id, "", "", entry.where, _("draft: not used until edited")]
        elif entry.error is not None:
            note = _("invalid: {error}").format(error=entry.error)
            yield [entry.id, "", "", entry.where, note]
        else:
            for plan in [entry.plan, *(level for _name, level in entry.plan.levels)]:
                words = summary(plan, lang) if not plan.levels else _("levels: {levels}")
                words = words.format(levels=", ".join(name for name, _l in plan.levels))
                cells = [plan.id, plan.name, plan.insurer or "", entry.where, words]
                yield [printable(cell) for cell in cells]


def list_view(entries: Callable[[], Iterable]) -> View:
    """Machine formats in English (the same bytes in every language), csv and tsv streamed one
    plan file at a time; the table in the user's language. `entries` makes a fresh listing."""
    return View(
        command="plans list",
        document=lambda: [
            dict(zip(LIST_COLUMNS, row, strict=True)) for row in list_rows(entries(), "en")
        ],
        table=lambda env: list_items(env, list(list_rows(entries(), env.lang))),
        columns=LIST_COLUMNS,
        rows=lambda: list_rows(entries(), "en"),
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
    from meso_cli.safe_text import printable

    columns = [Column(""), Column("", fixed=False)]
    rows = [Row([label, printable(words)]) for label, words in details(plan, plan.origin, env.lang)]
    return [fitted(env, columns, rows, title=printable(plan.id))]
