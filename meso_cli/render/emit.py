"""The one place output is written: a command builds a View, emit() writes it in the format asked.

sqlite-utils style: every command hands its rows to one writer, so a format behaves the same in
every command (json indented by two, csv/tsv with one header row, jsonl a JSON object a line,
all UTF-8 in every locale; tables for people, in the user's language).
"""

from collections.abc import Callable, Iterable, Sequence

from meso_cli.environment import Environment
from meso_cli.tuples import NamedTuple

MACHINE_FORMATS = ("json", "csv", "tsv", "jsonl")


class View(NamedTuple):
    """What a command shows; each part is built only when its format is asked for."""

    command: str  # for messages: "plans show"
    document: Callable[[], object]  # the JSON document
    table: Callable[[Environment], list]  # tables and lines for people (render.table items)
    columns: Sequence[str] | None = None  # csv/tsv/jsonl header; None: no row formats
    rows: Callable[[], Iterable[Sequence]] | None = None


def emit(env: Environment, fmt: str, view: View) -> None:
    if fmt == "table":
        from meso_cli.render.table import show

        show(env, *view.table(env))
        return
    from meso_cli.render import machine

    if fmt == "json":
        env.machine_stdout().write(machine.dumps(view.document(), indent=2) + "\n")
        return
    if view.columns is None or view.rows is None:
        from meso_cli.errors import InputError
        from meso_cli.i18n import _

        message = _("{command} writes table or json").format(command=view.command)
        raise InputError("--format: " + message)
    row_writer(env, fmt, view.columns).write_many(view.rows())


def row_writer(env: Environment, fmt: str, columns: Sequence[str]):
    """A streaming csv/tsv/jsonl writer on stdout (UTF-8), for commands that write row by row."""
    from meso_cli.render.machine import RowWriter

    return RowWriter(env.machine_stdout(), fmt, columns)
