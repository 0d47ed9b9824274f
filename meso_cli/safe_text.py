"""Text from files and names made safe for a terminal line: control characters shown escaped.

A plan name, a file name or an id may carry ESC sequences, newlines or bidi overrides; printed as
they are, they would recolour, move or rewrite the user's terminal. Here they become visible
escapes (`\\x1b`, `\\n`, `\\u202e`). No-break spaces and other printable Unicode stay as they are.
"""

from __future__ import annotations

import unicodedata

# Invisible characters that reorder the text around them (bidi embeddings, overrides, isolates).
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_UNSAFE_CATEGORIES = frozenset(("Cc", "Cs", "Zl", "Zp"))
ELLIPSIS = "…"


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    if char in _BIDI or unicodedata.category(char) in _UNSAFE_CATEGORIES:
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def printable(text: str) -> str:
    """`text` with every control character (C0, DEL, C1, bidi, line separators) escaped."""
    if text.isprintable():
        return text
    return "".join(_escaped(char) for char in text)


def clip(text: str, limit: int = 80) -> str:
    """`text` made printable, cut to at most `limit` characters with "…" when longer."""
    if len(text) > limit:
        text = text[:limit]
        shown = printable(text)
        return (shown if len(shown) <= limit else shown[:limit]) + ELLIPSIS
    shown = printable(text)
    return shown if len(shown) <= limit else shown[:limit] + ELLIPSIS


def shown_path(path) -> str:
    """A file name for a message: printable, at most 240 characters."""
    return clip(str(path), 240)


def quoted(text: str, limit: int = 80) -> str:
    """`text` in quotes for a message: escaped as repr() does, cut with "…" past `limit`."""
    if len(text) > limit:
        shown = repr(text[:limit])
        return shown[:-1] + ELLIPSIS + shown[-1]
    return repr(text)
