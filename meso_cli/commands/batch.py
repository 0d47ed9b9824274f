"""meso batch: many scenarios from a CSV or JSON Lines file (or stdin), one totals row each."""

import enum
import io
import sys
from pathlib import Path
from typing import Annotated

import typer

from meso_cli.cliutil import environment, reports_errors
from meso_cli.errors import ExitStatus, InputError
from meso_cli.i18n import N_, _, ngettext
from meso_cli.options import LangOpt


class InputFormat(str, enum.Enum):
    csv = "csv"
    jsonl = "jsonl"


class OutputFormat(str, enum.Enum):
    csv = "csv"
    jsonl = "jsonl"


class _CountingReader(io.RawIOBase):
    """Counts the bytes read, for a progress bar that does not need tell()."""

    def __init__(self, raw):
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        read = self.raw.readinto(buffer)
        self.count += read or 0
        return read


@reports_errors
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
    fmt: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", show_default=False, help=N_("csv or jsonl [default: csv].")),
    ] = OutputFormat.csv,
    lang: LangOpt = None,
) -> None:
    """Estimate many scenarios: columns named like the estimate options (id, plan, sessions…)."""
    from meso_cli import batch as bulk
    from meso_cli.render.emit import row_writer
    from meso_cli.tariffs import load_tariffs

    env = environment(ctx, lang=lang)
    kind = (
        input_format.value
        if input_format
        else ("jsonl" if source.endswith((".jsonl", ".ndjson")) else "csv")
    )
    counter = None
    if source == "-":
        stream = sys.stdin
    else:
        path = Path(source)
        if path.is_dir():
            raise InputError(f"{source}: " + _("is a directory"))
        try:
            raw = path.open("rb", buffering=0)
        except OSError as error:
            reason = error.strerror or str(error)
            raise InputError(
                f"{source}: " + _("cannot be read: {reason}").format(reason=reason)
            ) from None
        counter = _CountingReader(raw)
        stream = io.TextIOWrapper(
            io.BufferedReader(counter, 1 << 16), encoding="utf-8-sig", newline=""
        )
    reader = bulk.read_jsonl(stream) if kind == "jsonl" else bulk.read_csv(stream)
    results = bulk.run(reader, bulk.PlanCache(env.environ), load_tariffs(), env.today)
    writer = row_writer(env, fmt.value, bulk.OUTPUT_COLUMNS)
    progress = None
    if counter is not None and env.stderr_isatty:
        progress = _Progress(env, Path(source).stat().st_size, counter)
    failed = 0
    try:
        for index, result in enumerate(results):
            if isinstance(result, bulk.RowError):
                failed += 1
                env.error(str(result))
            else:
                writer.write(result)
            if progress is not None and not index % 2000:
                progress.update()
    except UnicodeDecodeError:
        raise InputError(f"{source}: " + _("is not UTF-8 text")) from None
    finally:
        if progress is not None:
            progress.close()
        if counter is not None:
            stream.close()
    if failed:
        env.error(
            ngettext("{count} row left out", "{count} rows left out", failed).format(count=failed)
        )
        raise typer.Exit(ExitStatus.ERROR)


class _Progress:
    """A progress bar on stderr (terminal only), by bytes read."""

    def __init__(self, env, total: int, counter: _CountingReader):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        self.counter = counter
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

    def update(self) -> None:
        self.bar.update(self.task, completed=self.counter.count)

    def close(self) -> None:
        self.update()
        self.bar.stop()
