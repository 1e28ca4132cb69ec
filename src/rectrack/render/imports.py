"""`rec import`'s report: one line per item and a summary, on stdout so scripts can read it."""

from __future__ import annotations

from rectrack.app.importing import ImportReport
from rectrack.domain.text import printable_line
from rectrack.render.console import console


def report(result: ImportReport) -> None:
    """One line per item (what happened to it), then the summary line."""
    out = console()
    for outcome in result.outcomes:
        target = f"rec {outcome.rec_id}" if outcome.rec_id is not None else "-"
        line = f"{outcome.action:<8} {target:<8} {outcome.source}: {outcome.detail}"
        out.print(printable_line(line), markup=False, soft_wrap=True)
    out.print(printable_line(result.summary()), markup=False, soft_wrap=True)
