"""`rec import`'s report: one line per item and a summary, on stdout so scripts can read it."""

from __future__ import annotations

from rectrack.app.importing import ImportReport
from rectrack.domain.text import printable_line
from rectrack.render.console import console


def report(result: ImportReport) -> None:
    """One line per item (what happened to it), then the summary line."""
    out = console()
    lines = [
        f"{outcome.action:<8} {'-' if outcome.rec_id is None else f'rec {outcome.rec_id}':<8} "
        f"{outcome.source}: {outcome.detail}"
        for outcome in result.outcomes
    ]
    lines = [printable_line(line) for line in [*lines, result.summary()]]
    if not out.is_terminal:  # a pipe: 10,000 lines at once, not through rich one by one
        out.file.write("".join(f"{line}\n" for line in lines))
        return
    for line in lines:
        out.print(line, markup=False, soft_wrap=True)
