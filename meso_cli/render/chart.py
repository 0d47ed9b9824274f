"""Stacked bars of Sécu / mutuelle / reste à charge, readable without colour (one glyph each)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from meso_cli.environment import Environment
from meso_cli.i18n import _
from meso_cli.money import format_eur
from meso_cli.safe_text import printable

WIDTH = 40  # the bars' width in a pipe and on a wide terminal
NARROWEST = 10


def _glyphs(env: Environment) -> tuple[str, str, str]:
    # Block glyphs on a terminal; plain ASCII in a pipe, where nothing should look like drawing.
    glyphs = ("█", "▓", "░") if env.boxes else ("#", "=", ".")
    return tuple(env.people_text(glyph) for glyph in glyphs)


def _lengths(parts: list[Decimal], scale: Decimal, width: int) -> list[int]:
    """Segment lengths that add up to the rounded length of the whole bar."""
    lengths, done, running = [], 0, Decimal(0)
    for part in parts:
        running += part
        end = int((running * width / scale).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        lengths.append(end - done)
        done = end
    return lengths


def chart(env: Environment, rows: list[tuple[str, Decimal, Decimal, Decimal]]):
    """rows: (label, Sécu, mutuelle, remaining). Returns rich Text lines."""
    from rich.text import Text

    from meso_cli.render.table import glued

    glyphs = _glyphs(env)
    styles = ("green", "blue", "red") if env.colors else ("", "", "")
    scale = max((secu + mutuelle + remaining for _l, secu, mutuelle, remaining in rows), default=0)
    rows = [(env.people_text(printable(label)), *amounts) for label, *amounts in rows]
    label_width = max((len(row[0]) for row in rows), default=0)
    lines = []
    legend = Text()
    for glyph, style, name in zip(
        glyphs, styles, (_("Sécu"), _("mutuelle"), _("reste à charge")), strict=True
    ):
        legend.append(glyph * 2, style=style)
        legend.append(env.people_text(f" {name}   "))
    lines.append(legend)
    lefts = [
        env.people_text(" " + _("{amount} left").format(amount=format_eur(row[3], env.lang)))
        for row in rows
    ]
    width = WIDTH
    if env.stdout_isatty:  # the bars shrink to fit the terminal, the figures stay whole
        room = env.table_width - label_width - 1 - max((len(left) for left in lefts), default=0)
        width = max(NARROWEST, min(WIDTH, room))
    for (label, secu, mutuelle, remaining), left in zip(rows, lefts, strict=True):
        line = Text(label.ljust(label_width) + " ")
        lengths = _lengths([secu, mutuelle, remaining], scale, width) if scale else [0, 0, 0]
        for glyph, style, length in zip(glyphs, styles, lengths, strict=True):
            line.append(glyph * length, style=style)
        line.append(" " * (width - sum(lengths)))
        line.append(glued(left))
        lines.append(line)
    return lines
