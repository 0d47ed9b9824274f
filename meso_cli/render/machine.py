"""Machine formats: JSON with exact amounts, and streaming CSV / TSV / JSON Lines writers.

Amounts are written as JSON numbers straight from their Decimal text ("19.00"), never through
float. Keys and dot-decimal numbers are the same in every language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import TextIO

from meso_cli.records import Estimate, Totals
from meso_cli.render.notes import render as render_note
from meso_cli.scenario import Scenario

AMOUNT_KEYS = ("price", "secu", "participation", "mutuelle", "remaining")
SESSION_AMOUNTS = ("price", "base", "secu", "participation", "mutuelle", "remaining")
SESSION_COLUMNS = (
    "number",
    "date",
    "price",
    "base",
    "secu",
    "participation",
    "mutuelle",
    "remaining",
    "notes",
)


def dumps(value: object, indent: int | None = None) -> str:
    parts: list[str] = []
    _encode(value, parts, indent, 0)
    return "".join(parts)


def _encode(value: object, out: list[str], indent: int | None, level: int) -> None:
    if isinstance(value, Decimal):
        out.append(f"{value:.2f}")
    elif value is None:
        out.append("null")
    elif isinstance(value, bool):
        out.append("true" if value else "false")
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, str):
        out.append(json_string(value))
    elif isinstance(value, date):
        out.append(f'"{value.isoformat()}"')
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        out.append("{")
        for index, (key, item) in enumerate(value.items()):
            if index:
                out.append(",")
            _newline(out, indent, level + 1)
            out.append(json_string(str(key)))
            out.append(": " if indent is not None else ":")
            _encode(item, out, indent, level + 1)
        _newline(out, indent, level)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _newline(out, indent, level + 1)
            _encode(item, out, indent, level + 1)
        _newline(out, indent, level)
        out.append("]")
    else:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")


# JSON needs only these escaped (RFC 8259 §7); everything else is written as UTF-8. The json
# module is not imported for this: it costs ~1.5 ms of start-up.
_ESCAPES = {code: f"\\u{code:04x}" for code in range(0x20)}
_ESCAPES.update({ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n", ord("\t"): "\\t"})


def json_string(text: str) -> str:
    return '"' + text.translate(_ESCAPES) + '"'


def _newline(out: list[str], indent: int | None, level: int) -> None:
    if indent is not None:
        out.append("\n" + " " * (indent * level))


def totals_plain(totals: Totals) -> dict:
    return {key: getattr(totals, key) for key in AMOUNT_KEYS}


def estimate_plain(result: Estimate, warnings: Sequence[str] = ()) -> dict:
    plan = result.plan
    return {
        "plan": None if plan is None else {"id": plan.id, "name": plan.name},
        "scenario": scenario_plain(result.scenario),
        "sessions": [
            {
                "number": session.number,
                "date": session.day,
                "price": session.price,
                "base": session.base,
                "secu": session.secu,
                "participation": session.participation,
                "mutuelle": session.mutuelle,
                "remaining": session.remaining,
                "notes": [render_note(note, "en") for note in session.notes],
            }
            for session in result.sessions
        ],
        "totals": totals_plain(result.totals),
        "notes": [render_note(note, "en") for note in result.notes],
        "warnings": list(warnings),
    }


def scenario_plain(scenario: Scenario) -> dict:
    return scenario.as_plain()


def session_rows(result: Estimate) -> Iterable[list]:
    for session in result.sessions:
        yield [
            session.number,
            session.day.isoformat(),
            *(getattr(session, key) for key in SESSION_AMOUNTS),
            "; ".join(render_note(note, "en") for note in session.notes),
        ]


class RowWriter:
    """Writes a header then rows, one at a time, as csv, tsv or jsonl (streaming)."""

    def __init__(self, stream: TextIO, fmt: str, columns: Sequence[str]):
        self.stream = stream
        self.fmt = fmt
        self.columns = tuple(columns)
        if fmt in ("csv", "tsv"):
            import csv

            self._csv = csv.writer(
                stream, delimiter="," if fmt == "csv" else "\t", lineterminator="\n"
            )
            self._csv.writerow(self.columns)

    def write(self, row: Sequence) -> None:
        if self.fmt == "jsonl":
            self.stream.write(dumps(dict(zip(self.columns, row, strict=True))) + "\n")
        else:
            # csv writes str() of each value: amounts are Decimals quantized to the cent, so
            # "19.00"; None is written as an empty field.
            self._csv.writerow(row)

    def write_many(self, rows: Iterable[Sequence]) -> None:
        for row in rows:
            self.write(row)
