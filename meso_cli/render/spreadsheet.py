"""CSV for spreadsheets (`--excel`): what French Excel opens as columns and numbers, safely.

Semicolons, decimal commas and a UTF-8 BOM (without it Excel reads the file as Windows-1252).
A text cell that a spreadsheet would run as a formula (it starts with = + - @, a tab or a CR)
gets a leading ' as OWASP advises for CSV injection; amounts are numbers and stay numbers.
Plain CSV stays verbatim: pipelines need the data as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value: object) -> str:
    return neutralise("" if value is None else str(value))


class SpreadsheetWriter:
    """Writes a header then rows, one at a time, as a spreadsheet reads them."""

    def __init__(self, stream: TextIO, columns: Sequence[str]):
        import csv

        stream.write("\ufeff")
        self._csv = csv.writer(stream, delimiter=";", lineterminator="\r\n")
        self._csv.writerow([cell(name) for name in columns])

    def write(self, row: Sequence) -> None:
        """A batch row: its id, then amounts as plain texts ("19.00"), written "19,00"."""
        ident, *amounts = row
        self._csv.writerow([cell(ident), *(amount.replace(".", ",") for amount in amounts)])
