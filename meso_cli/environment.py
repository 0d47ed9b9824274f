"""Where output goes and what it may look like, injectable for tests (as httpie does)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from datetime import date
from typing import TextIO


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


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
        self.stdin_isatty = stdin_isatty  # `meso batch -` says it waits for the terminal

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
        return copy

    @property
    def colors(self) -> bool:
        """Colour only on a terminal, never with NO_COLOR (any value) or --no-color."""
        return self.stdout_isatty and not self.no_color and "NO_COLOR" not in self.environ

    @property
    def boxes(self) -> bool:
        """Box drawing only on a terminal."""
        return self.stdout_isatty

    def error(self, message: str) -> None:
        print(message, file=self.stderr)
