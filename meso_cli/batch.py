"""Scenarios in bulk: rows stream in (CSV or JSON Lines), totals stream out, bad rows are reported.

Memory stays flat whatever the input: one row is read, estimated and written at a time (reading
itself is bounded: see batch_input); the plans are an LRU cache of a few hundred, unknown names
and broken files included.
"""

from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import TextIO

from meso_cli.batch_input import (
    ID,
    INPUT_COLUMNS,
    MAX_ROW_BYTES,
    PLAN,
    JsonText,
    LineSource,
    RowError,
    check_columns,
    read_csv,
    read_jsonl,
    row_of,
)
from meso_cli.errors import InputError, MesoError, PlanFileError
from meso_cli.i18n import _
from meso_cli.scenario import parse_row, scenario_of

__all__ = [
    "INPUT_COLUMNS",
    "MAX_ROW_BYTES",
    "OUTPUT_COLUMNS",
    "LineSource",
    "PlanCache",
    "RowError",
    "check_columns",
    "read_csv",
    "read_jsonl",
    "row_of",
    "run",
]

OUTPUT_COLUMNS = (
    "id",
    "total_price",
    "total_secu",
    "total_participation",
    "total_mutuelle",
    "total_remaining",
)


class PlanCache:
    """Each plan name is looked up once while it stays among the MAX_PLANS last used; a broken
    or unknown one fails its rows, not the run."""

    MAX_PLANS = 256

    def __init__(self, environ: Mapping[str, str]):
        self.environ = environ
        self.plans: OrderedDict[str, object] = OrderedDict()

    def get(self, name: str):
        plans = self.plans
        found = plans.get(name)
        if found is None:
            found = plans[name] = self._find(name)
            if len(plans) > self.MAX_PLANS:
                plans.popitem(last=False)
        else:
            plans.move_to_end(name)
        if found.__class__ is str:  # the message, kept rather than the exception and its frames
            raise InputError(found)
        return found

    def _find(self, name: str):
        from meso_cli.discovery import find_plan

        try:
            return find_plan(name, self.environ)[0]
        except PlanFileError as error:
            return f"plan {name!r}: {error}"
        except MesoError as error:
            return str(error).removeprefix("--plan: ")
        except (OSError, ValueError) as error:  # a name too long for a path, a NUL in it
            reason = getattr(error, "strerror", None) or str(error)
            return f"plan {name!r}: " + _("cannot be read: {reason}").format(reason=reason)


def run(
    rows: Iterable[tuple[int, tuple | RowError]], plans: PlanCache, tariffs, today: date
) -> Iterator[tuple | RowError]:
    """One output row (id, then the totals as texts: "19.00") or one RowError per input row
    (see row_of), in order."""
    from meso_cli.memo import TotalsMemo

    find = TotalsMemo(tariffs, today).find
    for line, row in rows:
        if row.__class__ is RowError:
            yield row
            continue
        try:
            name = row[PLAN]
            if name:
                try:
                    plan = plans.get(name)
                except InputError:
                    scenario_of(parse_row(row), today)  # a bad field or span first
                    raise
            else:
                plan = None
            texts = find(row, plan).texts
        except MesoError as error:
            yield RowError(line, str(error))
            continue
        yield (row[ID], *texts)


class CsvWriter:
    """Plain CSV, verbatim: an id from JSON is its JSON text (`{"a":1}`, `true`)."""

    def __init__(self, stream: TextIO):
        import csv

        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(OUTPUT_COLUMNS)
        self.write = writer.writerow  # amounts are texts already: "19.00"


class JsonlWriter:
    """One JSON object a line; amounts as JSON numbers ("19.00"), the id exactly as given."""

    def __init__(self, stream: TextIO):
        from meso_cli.render.machine import json_string

        self._stream = stream
        self._json_string = json_string

    def write(self, row: list) -> None:
        ident = row[0]
        ident = ident if ident.__class__ is JsonText else self._json_string(ident)
        self._stream.write(
            f'{{"id":{ident},"total_price":{row[1]},"total_secu":{row[2]},'
            f'"total_participation":{row[3]},"total_mutuelle":{row[4]},'
            f'"total_remaining":{row[5]}}}\n'
        )
