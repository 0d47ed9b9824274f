"""The console script's target: Ctrl-C is handled before anything heavy is imported.

The cyclic garbage collector is off while meso starts: importing Typer and building a command
allocate a great deal and free almost nothing, so each collection then is pure cost (about a
tenth of a short run). The root callback turns it back on, once start-up is over (cli.py). At
exit, what is left is frozen: the interpreter then skips a last collection of every module it is
about to drop (output is flushed before, by cli.py and by Python itself).
"""

import gc
import sys


def main() -> None:
    gc.disable()
    try:
        from meso_cli.cli import main as run

        run()
    except KeyboardInterrupt:  # during start-up: importing Typer takes most of it
        from meso_cli.errors import ExitStatus

        sys.exit(ExitStatus.INTERRUPTED)
    finally:
        gc.freeze()
