"""meso batch: many scenarios from a CSV or JSON Lines file (or stdin), one totals row each."""

import enum
import gc
import sys
from pathlib import Path
from typing import Annotated

import typer

from meso_cli.cliutil import environment
from meso_cli.errors import ExitStatus, InputError
from meso_cli.i18n import N_, _, ngettext
from meso_cli.options import LangOpt


class InputFormat(str, enum.Enum):
    csv = "csv"
    jsonl = "jsonl"


class OutputFormat(str, enum.Enum):
    csv = "csv"
    jsonl = "jsonl"


class Delimiter(str, enum.Enum):
    comma = ","
    semicolon = ";"
    tab = "tab"


def batch(
    ctx: typer.Context,
    source: Annotated[
        str, typer.Argument(metavar="FILE|-", help=N_("Scenarios, one a row; - reads stdin."))
    ],
    input_format: Annotated[
        InputFormat | None,
        typer.Option(
            "--input-format", help=N_("csv or jsonl [default: from the file name, else csv].")
        ),
    ] = None,
    delimiter: Annotated[
        Delimiter | None,
        typer.Option(
            "--delimiter", help=N_("CSV input separator [default: from the header: , ; or tab].")
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", show_default=False, help=N_("csv or jsonl [default: csv].")),
    ] = OutputFormat.csv,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help=N_("CSV for spreadsheets: ; separated, decimal commas, a UTF-8 BOM, no formulas."),
        ),
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Estimate many scenarios: columns named like the estimate options (id, plan, sessions…)."""
    from meso_cli import batch as bulk
    from meso_cli.tariffs import load_tariffs

    env = environment(ctx, lang=lang)
    kind = (
        input_format.value
        if input_format
        else ("jsonl" if source.endswith((".jsonl", ".ndjson")) else "csv")
    )
    if excel and fmt is not OutputFormat.csv:
        raise InputError(_("--excel: only with --format csv"))
    if delimiter is not None and kind != "csv":
        raise InputError(_("--delimiter: only for CSV input"))
    raw, size = _open(source, env)
    try:
        lines = bulk.LineSource(raw, source)
        if kind == "jsonl":
            rows = bulk.read_jsonl(lines)
        else:
            chosen = (
                None
                if delimiter is None
                else "\t"
                if delimiter is Delimiter.tab
                else delimiter.value
            )
            rows = bulk.read_csv(lines, chosen)  # the header is checked before any output
        results = bulk.run(rows, bulk.PlanCache(env.environ), load_tariffs(), env.today)
        # A few short-lived tuples a row and no cycles: the default threshold (700 allocations)
        # ran a collection every hundred rows, for nothing. Cycles are still collected.
        thresholds = gc.get_threshold()
        gc.set_threshold(20_000, 20, 20)
        try:
            _process(env, results, fmt, excel, lines, size)
        finally:
            gc.set_threshold(*thresholds)  # as it was: tests run commands in one process
    finally:
        if raw is not None and source != "-":
            raw.close()


def _open(source: str, env):
    """The byte stream to read (stdin as bytes, never in the locale's encoding), and its size."""
    if source == "-":
        stdin = sys.stdin
        if stdin is None or getattr(stdin, "buffer", None) is None:
            raise InputError(_("stdin is closed: nothing to read (give a file, or - with input)"))
        if env.stdin_isatty:
            env.error(_("reading scenarios from the terminal; end with Ctrl-D"))
        return stdin.buffer, None
    path = Path(source)
    if path.is_dir():
        raise InputError(f"{source}: " + _("is a directory"))
    try:
        raw = path.open("rb", buffering=0)
        size = path.stat().st_size
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(
            f"{source}: " + _("cannot be read: {reason}").format(reason=reason)
        ) from None
    return raw, size


def _writer(env, fmt: OutputFormat, excel: bool):
    from meso_cli import batch as bulk

    stream = env.machine_stdout()  # machine formats are UTF-8 whatever the locale
    if excel:
        from meso_cli.render.spreadsheet import SpreadsheetWriter

        return SpreadsheetWriter(stream, bulk.OUTPUT_COLUMNS)
    if fmt is OutputFormat.jsonl:
        return bulk.JsonlWriter(stream)
    return bulk.CsvWriter(stream)


def _process(env, results, fmt: OutputFormat, excel: bool, lines, size: int | None) -> None:
    from meso_cli import batch as bulk

    failed = 0
    progress = None
    try:
        write = _writer(env, fmt, excel).write
        report = env.error
        if size is not None and env.stderr_isatty:
            progress = _Progress(env, size, lines)
            report = progress.print  # above the bar, not over it
            results = progress.follow(results)
        row_error = bulk.RowError
        for result in results:
            if result.__class__ is row_error:
                failed += 1
                report(str(result))
            else:
                write(result)
        env.stdout.flush()
    finally:
        if progress is not None:
            progress.close()
    if failed:
        message = ngettext("{count} row left out", "{count} rows left out", failed)
        env.error("meso: " + message.format(count=failed))
        raise typer.Exit(ExitStatus.ERROR)


class _Progress:
    """A progress bar on stderr (terminal only), by bytes read."""

    def __init__(self, env, total: int, lines):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        self.lines = lines
        self.bar = Progress(
            TextColumn("batch"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f} %"),
            TimeRemainingColumn(),
            console=Console(file=env.stderr, force_terminal=True),  # env says it is one
            transient=True,
        )
        self.task = self.bar.add_task("batch", total=total or 1)
        self.bar.start()

    def follow(self, results):
        """The results, the bar updated every 2,000 (a step of its own only when it is shown)."""
        for index, result in enumerate(results):
            if not index % 2000:
                self.update()
            yield result

    def update(self) -> None:
        self.bar.update(self.task, completed=self.lines.bytes_read)

    def print(self, message: str) -> None:
        self.bar.console.print(message, markup=False, highlight=False, emoji=False, soft_wrap=True)

    def close(self) -> None:
        self.update()
        self.bar.stop()
