"""Scenarios in bulk: rows stream in (CSV or JSON Lines), totals stream out, bad rows are reported.

Memory stays flat whatever the input size: one row is read, estimated and written at a time; the
only state kept is one loaded plan per distinct plan name.
"""

from __future__ import annotations

import csv
import difflib
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import NamedTuple, TextIO

from meso_cli.errors import InputError, MesoError, PlanFileError
from meso_cli.i18n import _
from meso_cli.scenario import FIELDS, make_scenario

INPUT_COLUMNS = ("id", "plan", *FIELDS)
MAX_ROW_BYTES = 64 * 1024  # a scenario row (a CSV field or a JSON line) is small: refuse more
OUTPUT_COLUMNS = (
    "id",
    "total_price",
    "total_secu",
    "total_participation",
    "total_mutuelle",
    "total_remaining",
)


class RowError(NamedTuple):
    line: int
    message: str

    def __str__(self) -> str:
        return _("line {line}: {message}").format(line=self.line, message=self.message)


def _column(name: str) -> str:
    return name


def check_columns(columns: Iterable[str]) -> None:
    for name in columns:
        if name not in INPUT_COLUMNS:
            hint = difflib.get_close_matches(name, INPUT_COLUMNS, n=1)
            extra = _(" (did you mean '{key}'?)").format(key=hint[0]) if hint else ""
            message = _("unknown column {name}{hint}; known columns: {known}")
            raise InputError(
                message.format(name=repr(name), hint=extra, known=", ".join(INPUT_COLUMNS))
            )


def read_csv(stream: TextIO) -> Iterator[tuple[int, dict | RowError]]:
    """(line number, row) for each data row; the header is checked first."""
    csv.field_size_limit(MAX_ROW_BYTES)
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as error:
        message = _("not a CSV header: {error}").format(error=error)
        raise InputError(str(RowError(1, message))) from None
    header = [name.strip().lstrip("\ufeff") for name in header]
    check_columns(header)
    if len(set(header)) != len(header):
        message = _("a column is named twice: {names}").format(names=", ".join(header))
        raise InputError(str(RowError(1, message)))
    width = len(header)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # a field over the limit, a NUL byte: the file is not usable
            message = _("not readable as CSV: {error}").format(error=error)
            raise InputError(str(RowError(reader.line_num, message))) from None
        line = reader.line_num
        if not row:
            continue
        if len(row) != width:
            message = _("{count} fields where the header has {width}")
            yield line, RowError(line, message.format(count=len(row), width=width))
            continue
        yield line, dict(zip(header, row, strict=True))


def read_jsonl(stream: TextIO) -> Iterator[tuple[int, dict | RowError]]:
    for line, text in enumerate(stream, start=1):
        if not text.strip():
            continue
        if len(text) > MAX_ROW_BYTES:
            message = _("longer than {size} KiB: not a scenario")
            yield line, RowError(line, message.format(size=MAX_ROW_BYTES // 1024))
            continue
        try:
            row = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as error:
            message = _("invalid JSON: {problem} (column {column})")
            yield line, RowError(line, message.format(problem=error.msg, column=error.colno))
            continue
        except RecursionError:
            yield line, RowError(line, _("nested too deeply: not a scenario"))
            continue
        if not isinstance(row, dict):
            yield line, RowError(line, _("a row must be a JSON object"))
            continue
        unknown = [key for key in row if key not in INPUT_COLUMNS]
        if unknown:
            yield line, RowError(line, _("unknown key {key}").format(key=repr(unknown[0])))
            continue
        yield line, {key: ("" if value is None else value) for key, value in row.items()}


class PlanCache:
    """Each distinct plan name is loaded once; a broken one fails its rows, not the run."""

    def __init__(self, environ: Mapping[str, str]):
        self.environ = environ
        self.plans: dict[str, object] = {}

    def get(self, name: str):
        if name not in self.plans:
            from meso_cli.discovery import find_plan

            try:
                self.plans[name] = find_plan(name, self.environ)[0]
            except PlanFileError as error:
                self.plans[name] = MesoError(f"plan {name!r}: {error}")
            except MesoError as error:
                self.plans[name] = MesoError(str(error).removeprefix("--plan: "))
        plan = self.plans[name]
        if isinstance(plan, MesoError):
            raise plan
        return plan


def run(
    rows: Iterable[tuple[int, dict | RowError]], plans: PlanCache, tariffs, today: date
) -> Iterator[list | RowError]:
    """One output row [id, totals…] or one RowError per input row, in order."""
    from meso_cli.engine import TotalsMemo

    memo = TotalsMemo(tariffs)

    for line, row in rows:
        if isinstance(row, RowError):
            yield row
            continue
        try:
            scenario = make_scenario(row, today, label=_column)
            name = row.get("plan")
            plan = plans.get(str(name)) if name not in (None, "") else None
            totals = memo.totals(scenario, plan)
        except MesoError as error:
            yield RowError(line, str(error))
            continue
        yield [
            row.get("id", ""),
            totals.price,
            totals.secu,
            totals.participation,
            totals.mutuelle,
            totals.remaining,
        ]
