"""Where output goes and what it may look like, injectable for tests (as httpie does)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TextIO


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@dataclass
class Environment:
    stdout: TextIO
    stderr: TextIO
    stdout_isatty: bool
    stderr_isatty: bool
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    today: date = field(default_factory=date.today)
    no_color: bool = False  # --no-color
    lang: str = "en"
    width: int | None = None  # terminal width for tables; None: detect

    @classmethod
    def from_system(cls) -> Environment:
        return cls(sys.stdout, sys.stderr, _isatty(sys.stdout), _isatty(sys.stderr))

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
