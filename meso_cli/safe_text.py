"""Text from files and users shown on a terminal: control characters escaped, never sent raw."""

from __future__ import annotations

# C0 (tab and newline included), DEL and C1: an ESC in a plan name must not drive the terminal.
_ESCAPES = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))}


def printable(text: str) -> str:
    r"""The text with each control character written as its \xNN escape."""
    return text.translate(_ESCAPES)
