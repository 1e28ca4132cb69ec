"""The `rec` command line: parse arguments, call one use case, render its result.

`base.RecGroup.main` is the one place that turns failures into exit codes: a RectrackError
is one line on stderr and exit 1; a usage error is one line and exit 2. Commands live in
one module per concern; importing them registers them on `app`, in the order help shows.
"""

# isort: off
from rectrack.cli import writes, reads, audit, transfer, integrity  # noqa: F401 (registers)

# isort: on
from rectrack.cli.base import app, main
from rectrack.cli.options import _complete_ids, _complete_statuses

__all__ = ["_complete_ids", "_complete_statuses", "app", "main"]
