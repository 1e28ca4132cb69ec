"""Import progress and summary in the terminal (a renderer module: imports rich).

The progress bar goes to stderr and only when stderr is a terminal; the per-item lines
and the summary go to stdout always, so a script can read them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from rectrack.app.importing import ImportReport, Outcome


@contextmanager
def progress(total: int) -> Iterator[Callable[[Outcome], None] | None]:
    """A callback that advances a bar on stderr, or None when stderr is not a terminal."""
    err = Console(stderr=True)
    if not err.is_terminal or total < 2:
        yield None
        return
    columns = (TextColumn("importing"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("import", total=total)
        yield lambda _outcome: bar.advance(task)


def report(result: ImportReport, *, out: Console) -> None:
    """One line per item (what happened to it), then the summary line."""
    for outcome in result.outcomes:
        target = f"rec {outcome.rec_id}" if outcome.rec_id is not None else "-"
        line = f"{outcome.action:<8} {target:<8} {outcome.source}: {outcome.detail}"
        out.print(line, markup=False, soft_wrap=True)
    out.print(f"{result.summary()}", markup=False, soft_wrap=True)
