"""The project's error types and exit statuses (documented in the README)."""

from __future__ import annotations

import enum
from typing import NamedTuple


class ExitStatus(enum.IntEnum):
    """Every status meso exits with; the README's table lists the same, in the same words."""

    OK = 0
    ERROR = 1  # the command ran, but some result is an error (an invalid plan, a bad batch row)
    USAGE = 2  # usage or input error: a bad option, file or value; nothing useful was produced
    UNEXPECTED = 70  # a bug in meso (sysexits EX_SOFTWARE): one line, `meso --debug` for more
    OUTPUT = 74  # the output could not be written (a full disk, a closed stdout): EX_IOERR
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells report it
    PIPE_CLOSED = 141  # the reader left early (`meso … | head`): 128 + SIGPIPE, as shells report it


class Problem(NamedTuple):
    """One thing wrong in a file, located at its YAML node."""

    path: str
    line: int
    column: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        from meso_cli.i18n import _

        kind = _("warning: ") if self.warning else ""
        return f"{self.path}:{self.line}:{self.column}: {kind}{self.message}"


class MesoError(Exception):
    """An error the user can act on: shown as one line, never as a traceback."""

    status = ExitStatus.USAGE


class InputError(MesoError):
    """A bad option, scenario field or file."""


class PlanFileError(MesoError):
    """A plan file with one or more problems; str() gives the first, .problems all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(str(problems[0]))
