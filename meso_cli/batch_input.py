"""Batch input, hostile or not: bytes in, (line, row) out, in bounded memory and time.

One decoding rule for files and stdin: UTF-8, a BOM allowed. A line is at most MAX_ROW_BYTES:
a longer one is skipped as it is read (never held whole), bytes that are not UTF-8 spoil only
their line, and both are reported as that line's problem. A NUL byte means binary data (or
UTF-16): the run stops there. Input is read in blocks, not lines: a Python step per line would
cost a tenth of the batch speed.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from operator import itemgetter

from meso_cli.errors import InputError
from meso_cli.i18n import _
from meso_cli.scenario import FIELDS
from meso_cli.tuples import NamedTuple

INPUT_COLUMNS = ("id", "plan", *FIELDS)
# A row as the readers yield it: the scenario fields first (see scenario.parse_row), then the
# plan and the id; "" where a column is absent or empty.
ROW_COLUMNS = (*FIELDS, "plan", "id")
PLAN, ID = len(FIELDS), len(FIELDS) + 1
MAX_ROW_BYTES = 64 * 1024  # a scenario row is small: refuse more, whatever the format
BLOCK = MAX_ROW_BYTES  # at most MAX_ROW_BYTES: then only a block's first line can be too long
MAX_NUMBER = 100  # characters of a JSON number: ids pass through, so no arbitrary cap below
MAX_MESSAGE = 300  # characters of a row message: a 60 KiB cell is not repeated back
BOM = b"\xef\xbb\xbf"
BLANK = "\n"  # stands in for a line with a problem, so that line numbers stay true
DELIMITERS = (",", ";", "\t")

# Control characters (C0, DEL, C1) shown escaped: a message stays one line and cannot drive the
# terminal.
_CONTROL = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))}
_CONTROL.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """A message as one short printable line: control characters escaped, a long one cut."""
    text = text.translate(_CONTROL)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class RowError(NamedTuple):
    line: int
    message: str

    def __str__(self) -> str:
        return _("line {line}: {message}").format(line=self.line, message=one_line(self.message))


class LineSource:
    """The lines of a byte stream as text; a line with a problem is BLANK, its message in problems.

    `bytes_read` feeds the progress bar. For CSV, `reader` and `record_end` (the csv reader and
    where its last whole row ended, both set by the caller) let a row that runs on past a block
    (an unclosed quote) be cut, so memory stays bounded whatever the number of fields.
    """

    def __init__(self, stream, name: str = "-"):
        self.name = name
        self._read = getattr(stream, "read1", None) or stream.read  # read1: stream as it comes
        self.problems: dict[int, str] = {}
        self.bytes_read = 0
        self.reader = None
        self.record_end = 0
        self._count = 0  # lines yielded so far
        self._started = False
        self._running_since: int | None = None
        self.line_offset = 0  # lines read before the csv reader started (the header)

    def _block(self) -> bytes:
        try:
            block = self._read(BLOCK)
        except OSError as error:
            reason = error.strerror or str(error)
            message = _("cannot be read: {reason}").format(reason=reason)
            raise InputError(f"{one_line(self.name, 80)}: {message}") from None
        self.bytes_read += len(block or b"")
        return block or b""

    def _bad(self, message: str) -> str:
        self._count += 1
        self.problems[self._count] = message
        return BLANK

    def _binary(self) -> InputError:
        message = _("a NUL byte: binary data, not UTF-8 text (UTF-16 should be saved as UTF-8)")
        return InputError(str(RowError(self._count + 1, message)))

    def __iter__(self) -> Iterator[str]:
        data = b""
        while True:
            block = self._block()
            at_end = not block
            data += block
            nul = data.find(b"\0")
            if nul >= 0:
                yield from self._lines(data[: data.rfind(b"\n", 0, nul) + 1])
                raise self._binary()
            cut = len(data) if at_end else data.rfind(b"\n") + 1
            if cut:
                yield from self._lines(data[:cut])
                data = data[cut:]
            if at_end:
                return
            if len(data) > MAX_ROW_BYTES:  # a line runs on: report it now, skip the rest unread
                self._started = True
                yield self._bad(self._too_long())
                data = self._skip_line()
                if data is None:
                    return
                cut = data.rfind(b"\n") + 1  # whole lines after it go now: a carry has no \n
                if cut:
                    yield from self._lines(data[:cut])
                    data = data[cut:]

    def _too_long(self) -> str:
        return _("longer than {size} KiB: not a scenario").format(size=MAX_ROW_BYTES // 1024)

    def _skip_line(self) -> bytes | None:
        """Reads on to the end of an over-long line; what follows it (None: the end of input)."""
        while True:
            block = self._block()
            if not block:
                return None
            if b"\0" in block:
                self._count -= 1  # the NUL is on the line just reported
                raise self._binary()
            newline = block.find(b"\n")
            if newline >= 0:
                return block[newline + 1 :]

    def _lines(self, data: bytes) -> Iterable[str]:
        """The lines of whole lines of data; only the first can be over-long (see BLOCK).

        Called when the consumer wants the next line, so `_runs_on` sees where the csv reader is;
        an iterable rather than a generator: one level less to go through for every line.
        """
        before: list[str] = []
        if not self._started and data:
            self._started = True
            data = data.removeprefix(BOM)
        newline = data.find(b"\n")
        if newline > MAX_ROW_BYTES or (newline < 0 and len(data) > MAX_ROW_BYTES):
            before.append(self._bad(self._too_long()))
            data = data[newline + 1 :] if newline >= 0 else b""
        if data and self.reader is not None and self._runs_on():
            self._count += 1
            newline = data.find(b"\n")
            data = data[newline + 1 :] if newline >= 0 else b""
            before.append('"\n')  # closes the quoted field and the row, in place of the line
        if not data:
            return before
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return before + self._careful(data)
        # \n, \r\n and \r end a line. The block's lines, made at once, are counted as they are:
        # counting the line ends in the bytes took three passes, more than the splitting.
        lines = io.StringIO(text, newline="").readlines()
        self._count += len(lines)
        return before + lines if before else lines

    def _careful(self, data: bytes) -> list[str]:
        lines = []
        for raw in data.splitlines(keepends=True):
            try:
                lines.append(raw.decode("utf-8"))
            except UnicodeDecodeError as error:
                byte = f"0x{raw[error.start]:02x}"
                lines.append(self._bad(_("not UTF-8 text (byte {byte})").format(byte=byte)))
                continue
            self._count += 1
        return lines

    def _runs_on(self) -> bool:
        """True when the csv reader's current row began before the previous block: cut it."""
        if self.reader.line_num == self.record_end:  # between two rows
            self._running_since = None
            return False
        if self._running_since != self.record_end:
            self._running_since = self.record_end
            return False
        start = self.record_end + 1 + self.line_offset
        message = _("a quoted field runs on past {size} KiB: is a quote left open?")
        self.problems.setdefault(start, message.format(size=MAX_ROW_BYTES // 1024))
        self._running_since = None
        return True


def _problem_in(problems: dict[int, str], last: int) -> RowError | None:
    """The first problem reported up to line `last`, the end of a row (all of them forgotten)."""
    found = sorted(line for line in problems if line <= last)
    if not found:
        return None
    messages = [problems.pop(line) for line in found]
    return RowError(found[0], messages[0])


def check_columns(columns: Iterable[str], line: int = 1) -> None:
    for name in columns:
        if name not in INPUT_COLUMNS:
            import difflib

            hint = difflib.get_close_matches(name, INPUT_COLUMNS, n=1)
            extra = _(" (did you mean '{key}'?)").format(key=hint[0]) if hint else ""
            message = _("unknown column {name}{hint}; known columns: {known}").format(
                name=one_line(repr(name), 60), hint=extra, known=", ".join(INPUT_COLUMNS)
            )
            raise InputError(str(RowError(line, message)))


def _split(line: str, delimiter: str) -> list[str]:
    return [name.strip() for name in next(csv.reader([line], delimiter=delimiter), [])]


def detect_delimiter(header: str) -> str:
    """The delimiter that splits the header into the most known columns (',' on a tie)."""
    scores = [
        (sum(name in INPUT_COLUMNS for name in _split(header, delimiter)), -index)
        for index, delimiter in enumerate(DELIMITERS)
    ]
    return DELIMITERS[-max(scores)[1]]


def read_csv(source: LineSource, delimiter: str | None = None):
    """Reads and checks the header now (InputError if bad); then (line, row) for each data row.

    `delimiter` None: detected from the header (',' ';' or tab: French Excel writes ';').
    """
    csv.field_size_limit(MAX_ROW_BYTES)  # a field is within one line, except past an open quote
    lines = iter(source)
    for number, header_text in enumerate(lines, start=1):
        if number in source.problems:
            raise InputError(str(RowError(number, source.problems.pop(number))))
        if header_text.strip():
            break
    else:
        return iter(())
    delimiter = delimiter or detect_delimiter(header_text)
    header = _split(header_text, delimiter)
    check_columns(header, number)
    if len(set(header)) != len(header):
        message = _("a column is named twice: {names}").format(names=", ".join(header))
        raise InputError(str(RowError(number, message)))
    source.line_offset = number
    return _csv_rows(lines, source, header, delimiter)


def _csv_rows(lines, source: LineSource, header: list[str], delimiter: str):
    reader = csv.reader(lines, delimiter=delimiter)
    source.reader = reader
    problems = source.problems
    offset = source.line_offset
    width = len(header)
    # Each row's cells in ROW_COLUMNS order, in C: a missing column points at the "" appended.
    pick = itemgetter(*(header.index(name) if name in header else width for name in ROW_COLUMNS))
    end = 0
    while True:
        try:
            for row in reader:
                line = offset + end + 1  # where the row starts (a quoted field may span lines)
                end = source.record_end = reader.line_num
                if problems:
                    problem = _problem_in(problems, offset + end)
                    if problem is not None:
                        yield problem.line, problem
                        continue
                if len(row) != width:
                    if row:  # [] is a blank line
                        message = _("{count} fields where the header has {width}")
                        error = RowError(line, message.format(count=len(row), width=width))
                        yield error.line, error
                    continue
                row.append("")
                yield line, pick(row)
            return
        except csv.Error as error:  # past an open quote: the field limit
            line = offset + end + 1
            end = source.record_end = reader.line_num
            problem = _problem_in(problems, offset + end)
            if problem is None:
                message = _("not readable as CSV: {error}").format(error=error)
                problem = RowError(line, message)
            yield problem.line, problem


# JSON Lines ---------------------------------------------------------------------------------


class JsonText(str):
    """A JSON value kept as its JSON text: a number as written (0.001, -0.0), an object's id."""

    __slots__ = ()


class _Refused(ValueError):
    pass


def _number(text: str) -> JsonText:
    if len(text) > MAX_NUMBER:
        message = _("a number of more than {count} characters")
        raise _Refused(message.format(count=MAX_NUMBER))
    return JsonText(text)


def _constant(name: str):
    raise _Refused(_("{name} is not a JSON number").format(name=name))


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    row = dict(pairs)
    if len(row) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _Refused(_("duplicate key {key}").format(key=one_line(repr(key), 60)))
            seen.add(key)
    return row


_decode = None


def _decoder():
    global _decode
    if _decode is None:
        import json

        _decode = json.JSONDecoder(
            parse_float=_number,
            parse_int=_number,
            parse_constant=_constant,
            object_pairs_hook=_unique_keys,
        ).decode
    return _decode


def json_text(value: object) -> str:
    """The JSON text of a parsed value (numbers kept as written), compact."""
    from meso_cli.render.machine import json_string

    if value.__class__ is JsonText:
        return value
    if isinstance(value, str):
        return json_string(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ",".join(json_text(item) for item in value) + "]"
    items = (json_string(key) + ":" + json_text(item) for key, item in value.items())
    return "{" + ",".join(items) + "}"


def _surrogate(value: object) -> str | None:
    """The first lone surrogate in the strings of value (JSON allows "\\ud800"; UTF-8 does not)."""
    if isinstance(value, str):
        for char in value:
            if "\ud800" <= char <= "\udfff":
                return f"\\u{ord(char):04x}"
        return None
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list):
        for item in value:
            found = _surrogate(item)
            if found:
                return found
    return None


def row_of(values: dict) -> tuple:
    """A row in ROW_COLUMNS order from a mapping of column names to texts."""
    return tuple(values.get(name, "") for name in ROW_COLUMNS)


def read_jsonl(source: LineSource) -> Iterator[tuple[int, tuple | RowError]]:
    import json

    decode = _decoder()
    problems = source.problems
    for line, text in enumerate(source, start=1):
        if problems and line in problems:
            yield line, RowError(line, problems.pop(line))
            continue
        if not text.strip():
            continue
        try:
            row = decode(text)
            if "\\u" in text and (found := _surrogate(row)):
                raise _Refused(
                    _("a lone surrogate {escape} is not a character").format(escape=found)
                )
        except json.JSONDecodeError as error:
            message = _("invalid JSON: {problem} (column {column})")
            yield line, RowError(line, message.format(problem=error.msg, column=error.colno))
            continue
        except _Refused as error:
            yield line, RowError(line, _("invalid JSON: {problem}").format(problem=error))
            continue
        except RecursionError:
            yield line, RowError(line, _("nested too deeply: not a scenario"))
            continue
        if not isinstance(row, dict):
            yield line, RowError(line, _("a row must be a JSON object"))
            continue
        unknown = [key for key in row if key not in INPUT_COLUMNS]
        if unknown:
            key = one_line(repr(unknown[0]), 60)
            yield line, RowError(line, _("unknown key {key}").format(key=key))
            continue
        problem = _plain_row(row)
        if problem:
            yield line, RowError(line, problem)
            continue
        yield line, row_of(row)


def _plain_row(row: dict) -> str | None:
    """Scenario fields as text (numbers as written), the id as given; a message if not usable."""
    ident = row.pop("id", "")
    if ident.__class__ is not str:  # a number, true, null, an object: its JSON text, exactly
        try:
            ident = JsonText(json_text(ident))
        except RecursionError:
            return _("nested too deeply: not a scenario")
    for key, value in row.items():
        if value is None:
            row[key] = ""
        elif value.__class__ is JsonText:
            row[key] = str(value)
        elif isinstance(value, (list, dict)):
            try:
                shown = one_line(json_text(value), 60)
            except RecursionError:
                return _("nested too deeply: not a scenario")
            return f"{key}: " + _("expected a single value, got {value}").format(value=shown)
    row["id"] = ident
    plan = row.get("plan")
    if plan is not None and not isinstance(plan, str):
        message = _("expected a plan id or the path of a plan file, got {value}")
        return "plan: " + message.format(value=one_line(json_text(plan), 60))
    return None
