"""Tables and lines for people, drawn with Rich (imported only inside the functions that draw).

On a terminal a table fits the width: it drops its secondary columns and shortens its headers
until it does, dates and amounts are never wrapped nor cut (only text columns wrap), and an amount
is never split at its no-break space. In a pipe, the full table as plain text, never wrapped.
"""

from collections.abc import Sequence
from decimal import Decimal

from meso_cli.environment import Environment
from meso_cli.money import format_eur
from meso_cli.safe_text import printable
from meso_cli.tuples import NamedTuple

# Rich wraps at any Unicode space, no-break ones included: they are glued to private-use
# characters (one cell wide, as they are) while Rich lays the text out, and put back after.
_GLUE = str.maketrans({"\u00a0": "\ue000", "\u202f": "\ue001"})
_UNGLUE = str.maketrans({"\ue000": "\u00a0", "\ue001": "\u202f"})


def glued(text: str) -> str:
    """The text with its no-break spaces unbreakable for Rich (show() puts them back)."""
    return text.translate(_GLUE)


class Column(NamedTuple):
    header: str
    justify: str = "left"
    fixed: bool = True  # dates, amounts, ids: never wrapped; False: text that may wrap
    short: str | None = None  # the header in a compact layout
    drop: int = 0  # dropped from compact layout `drop` on (0: always shown)


class Row(NamedTuple):
    cells: Sequence  # str or rich Text, one per Column
    style: str = ""
    section: bool = False  # a rule above this row (the totals)


def console(env: Environment):
    from rich.console import Console

    return Console(
        file=env.stdout,
        force_terminal=env.boxes,
        no_color=not env.colors,
        color_system="auto" if env.colors else None,
        highlight=False,
        emoji=False,
        # Piped output is never wrapped: a line is a record for grep and friends.
        width=env.table_width if env.stdout_isatty else 100_000,
        soft_wrap=False,
    )


def show(env: Environment, *items) -> None:
    """Print tables and lines (str = plain text, never markup); piped: no trailing blanks."""
    out = console(env)
    items = [cell(env, item) if isinstance(item, str) else item for item in items]
    with out.capture() as captured:
        for item in items:
            out.print(item)
    printed = captured.get().translate(_UNGLUE)
    if env.boxes:
        env.stdout.write(printed)
        return
    env.stdout.write("".join(line.rstrip() + "\n" for line in printed.splitlines()))


def cell(env: Environment, value: str, style: str = ""):
    """Text for people: shown as written, never read as Rich markup; control characters escaped
    (a plan name cannot drive the terminal); symbols in ASCII where the output cannot encode them."""
    from rich.text import Text

    return Text(glued(env.people_text(printable(value))), style=style)


def heading(env: Environment, value: str):
    return cell(env, value, "bold" if env.colors else "")


def money(env: Environment, amount: Decimal) -> str:
    return format_eur(amount, env.lang)


def build(
    env: Environment, columns: Sequence[Column], rows: Sequence[Row], compact: int, title=None
):
    from rich import box
    from rich.table import Table

    table = Table(
        title=None if title is None else cell(env, title),
        box=box.SIMPLE_HEAVY if env.boxes else None,
        show_edge=env.boxes,
        title_justify="left",
        pad_edge=env.boxes,
        header_style="bold" if env.colors else "",
        title_style="bold" if env.colors else "",
        show_header=any(column.header for column in columns),
    )
    kept = [i for i, column in enumerate(columns) if not column.drop or compact < column.drop]
    for i in kept:
        column = columns[i]
        header = column.short if compact and column.short else column.header
        table.add_column(
            cell(env, header),
            justify=column.justify,
            no_wrap=column.fixed,
            overflow="ellipsis" if column.fixed else "fold",
        )
    for row in rows:
        if row.section:
            table.add_section()
        values = [row.cells[i] for i in kept]
        table.add_row(
            *(cell(env, value) if isinstance(value, str) else value for value in values),
            style=row.style,
        )
    return table


WRAPPED_MIN = 16  # a text column narrower than this reads as a column of syllables
COMPACT_BELOW = 100  # an ordinary terminal (80 columns) gets the compact layouts


def _needed(env: Environment, columns: Sequence[Column], rows: Sequence[Row], compact: int) -> int:
    """The narrowest the layout can be drawn without cutting a fixed cell: its widest cell for
    a date or an amount, a word (up to WRAPPED_MIN) for text; plus padding and separators."""
    from rich.cells import cell_len

    def width(value) -> int:
        plain = value if isinstance(value, str) else value.plain
        return cell_len(env.people_text(printable(plain)))

    total = 0
    kept = 0
    for i, column in enumerate(columns):
        if column.drop and compact >= column.drop:
            continue
        kept += 1
        header = column.short if compact and column.short else column.header
        cells = [header, *(row.cells[i] for row in rows)]
        if column.fixed:
            total += max(width(value) for value in cells)
        else:
            longest = max(width(word) for value in cells for word in _words(value) or [""])
            total += min(max(longest, 1), WRAPPED_MIN)
    return total + 3 * kept + 1  # padding 1 each side, a separator between, the two edges


def _words(value) -> list[str]:
    """The words Rich may wrap between: not at a no-break space (`60,00 €/séance` is one)."""
    return (value if isinstance(value, str) else value.plain).translate(_GLUE).split()


def fit(env: Environment, columns: Sequence[Column], rows: Sequence[Row]) -> int:
    """The first layout (0 full, then ever more compact) that fits the terminal; 0 in a pipe."""
    if not env.stdout_isatty:
        return 0
    layouts = max((column.drop for column in columns), default=0) + 1
    width = env.table_width
    for compact in range(0 if width >= COMPACT_BELOW else min(1, layouts - 1), layouts):
        if _needed(env, columns, rows, compact) <= width:
            return compact
    return layouts - 1


def fitted(
    env: Environment, columns: Sequence[Column], rows: Sequence[Row], title: str | None = None
):
    """The table in the first layout that fits the terminal (full, then ever more compact)."""
    return build(env, columns, rows, fit(env, columns, rows), title)
