"""`rec stats` in the terminal: counts by status, owner and report, and time to close."""

from __future__ import annotations

from rich import box
from rich.columns import Columns
from rich.table import Table
from rich.text import Text

from rectrack.app.reports import StatsReport
from rectrack.domain.text import printable_line
from rectrack.render.console import console
from rectrack.render.status import status_badge


def stats(found: StatsReport) -> None:
    """Headline figures, then one small table per grouping."""
    figures, workflow, out = found.figures, found.workflow, console()
    median = figures.median_days_to_close
    shown = "n/a (none closed)" if median is None else f"{median:g} days"
    out.print(
        Text.assemble(
            (f"{figures.total}", "bold"), " recommendation(s): ",
            (f"{figures.open}", "bold"), " open, ",
            (f"{figures.closed}", "bold"), " closed, ",
            (f"{figures.overdue}", "bold red" if figures.overdue else "bold"), " overdue",
        )
    )  # fmt: skip
    out.print(Text.assemble("Median time from first event to closing: ", (shown, "bold")))
    if figures.slipped:
        moved = (
            f"{figures.median_days_slipped:g} days"
            if figures.median_days_slipped is not None
            else "n/a"
        )
        out.print(
            Text.assemble(
                "Due dates moved: ", (str(figures.slipped), "bold"), " recommendation(s), median ",
                (moved, "bold"), " later than first set; most moved: ",
                ", ".join(f"rec {i} ({n}x)" for i, _title, n in figures.most_moved),
            )
        )  # fmt: skip
    out.print()
    by_status = _table("Status")
    for status, count in figures.by_status.items():
        by_status.add_row(status_badge(status, workflow=workflow), str(count))
    tables = [by_status, _counts("Owner", figures.by_owner), _counts("Report", figures.by_report)]
    out.print(Columns(tables, padding=(0, 4)))


def _table(label: str) -> Table:
    grid = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False)
    grid.add_column(label, overflow="fold", max_width=40)
    grid.add_column("Count", justify="right", no_wrap=True)
    return grid


def _counts(label: str, counts: dict[str, int]) -> Table:
    grid = _table(label)
    for name, count in counts.items():
        grid.add_row(Text(printable_line(name)), str(count))
    return grid
