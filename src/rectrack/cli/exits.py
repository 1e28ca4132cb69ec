"""The one place failures become exit codes, for both front ends (typer's and fast.py).

Every failure is one line on stderr, `rec: error: ...`: a RectrackError exits with its
own code (1: refused, the ledger untouched; 2: a usage error), Ctrl-C and operating-system
errors with 1. A reader that stops reading (`rec list | head -1`) is no failure: rec
ends quietly with 0. Nothing else in rectrack prints an error or picks an exit code.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import NoReturn

from rectrack.errors import RectrackError


class UsageError(RectrackError):
    """Arguments the command line cannot take: exit code 2, as for every usage error."""

    template = "{detail}"
    exit_code = 2


@contextmanager
def exit_codes() -> Iterator[None]:
    """Run the block; turn any failure into one line on stderr and its exit code."""
    try:
        yield
        sys.stdout.flush()  # here, where a closed pipe is still ours to handle
    except BrokenPipeError:
        closed_pipe()
    except RectrackError as error:
        fail(error.message, code=error.exit_code)
    except KeyboardInterrupt:
        fail("aborted", code=1)
    except OSError as error:
        fail(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "), code=1)


def fail(message: str, *, code: int) -> NoReturn:
    """Write `rec: error: MESSAGE` to stderr, on one line, and exit with `code`.

    A message may quote what the user gave (a file name with a line break, an escape
    sequence): anything unprintable is shown escaped, so it stays one line and inert.
    """
    from rectrack.domain.text import printable_line  # only when something failed

    sys.stderr.write(f"rec: error: {printable_line(message)}\n")
    sys.stderr.flush()
    sys.exit(code)


def closed_pipe() -> NoReturn:
    """Exit 0 quietly: the reader closed the pipe, which is its right, not our failure.

    Python's documented recipe (signal module, "Note on SIGPIPE"): stdout is pointed at
    devnull, so the interpreter's own flush at exit cannot fail on the pipe again.
    """
    with suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)
