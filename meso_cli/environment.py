"""Where output goes and what it may look like, injectable for tests (as httpie does).

One Environment per run: made by the root command (or injected by tests), it carries the streams,
whether they are terminals, the width of tables, the language, --debug, and how much of Unicode
the output streams can encode.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from datetime import date
from typing import TextIO

from meso_cli.safe_text import printable

DEFAULT_WIDTH = 80
_WIDTHS = range(20, 1001)  # anything outside (COLUMNS=0, -5, 10**9) is not a real terminal

# The symbols human output uses beyond ASCII; a stream that cannot encode them all gets ASCII.
SYMBOLS = "€…★·×←→−≤«»’\u00a0\u202fé█▓░"
_ASCII = str.maketrans(
    {
        "…": "...",
        "★": "*",
        "·": "-",
        "×": "x",
        "←": "<-",
        "→": "->",
        "−": "-",
        "≤": "<=",
        "«": '"',
        "»": '"',
        "’": "'",
        "\u00a0": " ",
        "\u202f": " ",
        "█": "#",
        "▓": "=",
        "░": ".",
    }
)


def _isatty(stream: TextIO | None) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def can_encode(stream: TextIO | None, text: str = SYMBOLS) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def ascii_text(text: str, encoding: str = "ascii") -> str:
    """The text with the symbols `encoding` lacks written in ASCII: `EUR` for €, `...` for …."""
    import re

    text = re.sub("€(?=[0-9])", "EUR ", text).replace("€", "EUR").translate(_ASCII)
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        import unicodedata  # letters the stream lacks: é becomes e, the rest ?

        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        text = text.encode(encoding, "replace").decode(encoding)
    return text


class Utf8Writer:
    """Machine formats are UTF-8 whatever the locale: text written as UTF-8 bytes to the stream."""

    def __init__(self, stream: TextIO):
        stream.flush()
        self.buffer = stream.buffer

    def write(self, text: str) -> int:
        self.buffer.write(text.encode("utf-8"))
        return len(text)

    def flush(self) -> None:
        self.buffer.flush()


def discard_stdout(stream) -> None:
    """Points the stream's file at /dev/null: what is still buffered for a reader that left (or a
    full disk) goes nowhere, so the last flush at exit cannot fail again and change the status."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, stream.fileno())
        finally:
            os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


class Environment:
    """stdout/stderr None mean "sys.stdout/sys.stderr when the command runs" (CliRunner swaps them)."""

    def __init__(
        self,
        stdout: TextIO | None,
        stderr: TextIO | None,
        stdout_isatty: bool,
        stderr_isatty: bool,
        environ: Mapping[str, str] | None = None,
        today: date | None = None,
        no_color: bool = False,
        lang: str = "en",
        width: int | None = None,
        stdin_isatty: bool = False,
        debug: bool = False,
    ):
        self.stdout = stdout
        self.stderr = stderr
        self.stdout_isatty = stdout_isatty
        self.stderr_isatty = stderr_isatty
        self.environ = os.environ if environ is None else environ
        self.today = today or date.today()
        self.no_color = no_color  # --no-color
        self.lang = lang
        self.width = width  # terminal width for tables; None: detect
        self.stdin_isatty = stdin_isatty  # meso guide asks questions only on a terminal
        self.debug = debug  # --debug: tracebacks of unexpected errors
        self._encodes: dict[int, bool] = {}  # id(stream): it can encode SYMBOLS

    @classmethod
    def from_system(cls) -> Environment:
        return cls(
            sys.stdout,
            sys.stderr,
            _isatty(sys.stdout),
            _isatty(sys.stderr),
            stdin_isatty=_isatty(sys.stdin),
        )

    def bound(self) -> Environment:
        """A copy whose streams are the ones in force now."""
        copy = Environment.__new__(Environment)
        copy.__dict__.update(self.__dict__)
        copy.stdout = self.stdout or sys.stdout
        copy.stderr = self.stderr or sys.stderr
        copy._encodes = {}
        return copy

    @property
    def colors(self) -> bool:
        """Colour only on a terminal, never with NO_COLOR (non-empty, as no-color.org says) or
        --no-color."""
        return self.stdout_isatty and not self.no_color and not self.environ.get("NO_COLOR")

    @property
    def boxes(self) -> bool:
        """Box drawing only on a terminal."""
        return self.stdout_isatty

    @property
    def table_width(self) -> int:
        """Tables fit this width on a terminal: --width (tests), COLUMNS, the terminal, else 80."""
        candidates = [self.width, self.environ.get("COLUMNS")]
        for value in candidates:
            try:
                if value is not None and int(value) in _WIDTHS:
                    return int(value)
            except ValueError:
                continue
        if self.width is None:
            try:
                columns = os.get_terminal_size(self.stdout.fileno()).columns
            except (AttributeError, ValueError, OSError):
                columns = 0
            if columns in _WIDTHS:
                return columns
        return DEFAULT_WIDTH

    def people_text(self, text: str, stream: TextIO | None = None) -> str:
        """Text for people on `stream` (stdout): in ASCII where the stream cannot encode symbols."""
        stream = stream or self.stdout
        if id(stream) not in self._encodes:
            self._encodes[id(stream)] = can_encode(stream)
        if self._encodes[id(stream)]:
            return text
        return ascii_text(text, getattr(stream, "encoding", None) or "ascii")

    def machine_stdout(self):
        """stdout for json/csv/tsv/jsonl: UTF-8 in every locale."""
        encoding = (getattr(self.stdout, "encoding", None) or "utf-8").lower().replace("-", "")
        if encoding == "utf8" or not hasattr(self.stdout, "buffer"):
            return self.stdout
        return Utf8Writer(self.stdout)

    def notice(self, message: str) -> None:
        """Prose for a person on stderr (a safety reminder): wrapped between words on a terminal,
        so no word is cut by the terminal's own wrapping; one line in a pipe or a log."""
        if not self.stderr_isatty:
            self.error(message)
            return
        import textwrap  # only on a terminal

        for line in textwrap.wrap(message, max(self.table_width - 1, 20), break_on_hyphens=False):
            self.error(line)

    def error(self, message: str) -> None:
        """One line on stderr; control characters (from a file name, say) escaped."""
        if self.stderr is None:  # `2>&-`: print(file=None) would write on stdout
            return
        print(self.people_text(printable(message), self.stderr), file=self.stderr)
