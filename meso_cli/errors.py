"""The project's error types and exit statuses (documented in the README)."""

import enum

from meso_cli.tuples import NamedTuple


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


class OutputError(MesoError):
    """The output cannot be written (a closed stdout, a full disk)."""

    status = ExitStatus.OUTPUT


# errno values that only writing can raise here: the output is lost, meso is not at fault.
_OUTPUT_ERRNOS = frozenset(("ENOSPC", "EDQUOT", "EFBIG", "EIO", "EBADF", "EROFS"))


def status_of(error: BaseException) -> ExitStatus:
    """The one mapping from what went wrong to the exit status (the README's table)."""
    if isinstance(error, MesoError):
        return error.status
    if isinstance(error, KeyboardInterrupt):
        return ExitStatus.INTERRUPTED
    if isinstance(error, BrokenPipeError):
        return ExitStatus.PIPE_CLOSED
    if isinstance(error, OSError) and _errno_name(error) in _OUTPUT_ERRNOS:
        return ExitStatus.OUTPUT
    return ExitStatus.UNEXPECTED


def _errno_name(error: OSError) -> str:
    import errno

    return errno.errorcode.get(error.errno or 0, "")


def messages_of(error: BaseException) -> list[str]:
    """What to say on stderr: one line (a plan file: one per problem); nothing when the reader
    left or the user pressed Ctrl-C."""
    from meso_cli.i18n import _

    status = status_of(error)
    if isinstance(error, PlanFileError):
        return [str(problem) for problem in error.problems]
    if isinstance(error, MesoError):
        return [f"meso: {error}"]
    if status in (ExitStatus.PIPE_CLOSED, ExitStatus.INTERRUPTED):
        return []
    if status is ExitStatus.OUTPUT:
        reason = getattr(error, "strerror", None) or str(error)
        return ["meso: " + _("cannot write the output: {reason}").format(reason=reason)]
    message = _("unexpected error: {kind}: {error} (run 'meso --debug …' for the traceback)")
    return ["meso: " + message.format(kind=type(error).__name__, error=error)]


def report(error: BaseException, stderr, debug: bool = False) -> ExitStatus:
    """Says what went wrong on stderr (the traceback too with --debug) and returns the status."""
    status = status_of(error)
    if stderr is None:  # `2>&-`: print(file=None) would write on stdout
        return status
    try:
        if debug and status is ExitStatus.UNEXPECTED:
            import traceback

            traceback.print_exception(error, file=stderr)
        from meso_cli.environment import ascii_text, can_encode
        from meso_cli.safe_text import printable

        readable = can_encode(stderr)
        for line in map(printable, messages_of(error)):
            print(line if readable else ascii_text(line, stderr.encoding or "ascii"), file=stderr)
        stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass  # stderr is gone too: the status is all that is left
    return status
