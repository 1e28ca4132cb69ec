"""The `rec list` table: its layout, its plain-text form, and its styled form.

A 10,000-row list to a pipe is plain lines, so it needs neither rich's import (~40 ms)
nor its per-line rendering: rich is imported only by `styled_table`, which styles the
same layout for a terminal.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rectrack.domain.state import Recommendation
from rectrack.domain.summary import RecSummary
from rectrack.domain.text import printable_line
from rectrack.domain.workflow import Workflow

if TYPE_CHECKING:
    from rich.console import Console

    from rectrack.app.views import SummaryView

HEADERS = ("ID", "Title", "Status", "Owner", "Due", "Last")
#: Above this many rows even a terminal gets the plain table (styling costs ~0.1 ms a row).
PLAIN_ABOVE = 2000
NO_MATCH = "No recommendations match."


@dataclass(frozen=True, kw_only=True)
class TableLayout:
    """The columns shown, their widths, and each row's cells (untruncated)."""

    headers: tuple[str, ...]
    widths: list[int]
    rows: list[tuple[str, ...]]

    def line(self, values: Sequence[str]) -> str:
        """One row (or the header) padded and cut to the column widths."""
        cells = []
        for index, (value, width) in enumerate(zip(values, self.widths, strict=True)):
            shown = value if len(value) <= width else value[: width - 1] + "…"
            cells.append(shown.rjust(width) if index == 0 else shown.ljust(width))
        return "  ".join(cells).rstrip()


def layout(
    recs: Sequence[Recommendation | RecSummary], *, workflow: Workflow, today: dt.date, width: int
) -> TableLayout:
    """Fixed columns; the title takes what width is left."""
    final = workflow.final
    rows: list[tuple[str, ...]] = []
    for rec in recs:
        due = rec.due
        last = rec.state.last_activity
        rows.append(
            (
                str(rec.id),
                printable_line(rec.title),
                printable_line(rec.status or ""),
                printable_line(rec.owner or ""),
                (due.isoformat() if due else "")
                + ("!" if rec.is_overdue(today=today, final=final) else ""),
                last.isoformat() if last else "",
            )
        )
    headers: tuple[str, ...] = HEADERS
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    widths[3] = min(widths[3], 14)
    fixed = sum(widths) - widths[1] + 2 * (len(headers) - 1)
    if width - fixed < 30:  # a narrow terminal: the title matters more than "last activity"
        headers, widths, fixed = headers[:-1], widths[:-1], fixed - widths[-1] - 2
        rows = [row[:-1] for row in rows]
    widths[1] = max(10, min(widths[1], width - fixed))
    return TableLayout(headers=headers, widths=widths, rows=rows)


def footer(count: int) -> str:
    return f"{count} recommendation(s); ! = overdue"


def plain_text(
    recs: Sequence[Recommendation | RecSummary], *, workflow: Workflow, today: dt.date, width: int
) -> str:
    """The whole table as plain text (what the terminal view prints, without styles)."""
    if not recs:
        return NO_MATCH + "\n"
    table = layout(recs, workflow=workflow, today=today, width=width)
    lines = [table.line(table.headers), *map(table.line, table.rows), footer(len(recs))]
    return "\n".join(lines) + "\n"


def print_table(
    recs: Sequence[Recommendation | RecSummary], *, workflow: Workflow, today: dt.date
) -> None:
    """`rec list`'s table on stdout: styled by rich on a terminal, plain lines otherwise."""
    if not sys.stdout.isatty() or len(recs) > PLAIN_ABOVE:  # no styles to draw
        text = plain_text(recs, workflow=workflow, today=today, width=output_width())
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from rectrack.render.console import console

    styled_table(recs, workflow=workflow, today=today, out=console())


def print_view(view: SummaryView) -> None:
    """`rec list`: which point in time (if not now), then the table."""
    if view.note:
        from rectrack.render.console import console
        from rectrack.render.timeline import note

        note(view.note, out=console())
    print_table(view.recs, workflow=view.workflow, today=view.today)


def output_width() -> int:
    """The width rich would use: $COLUMNS, else any standard stream's terminal, else 80."""
    width = 0
    for descriptor in (0, 1, 2):
        try:
            width = os.get_terminal_size(descriptor).columns
            break
        except (AttributeError, ValueError, OSError):
            pass
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return width or 80


def styled_table(
    recs: Sequence[Recommendation | RecSummary], *, workflow: Workflow, today: dt.date, out: Console
) -> None:
    """The table on a terminal: the same layout, with status colours and overdue in red."""
    from rich.text import Text

    from rectrack.render.status import STATUS_STYLES

    if not recs:
        out.print(NO_MATCH)
        return
    grid = layout(recs, workflow=workflow, today=today, width=out.width)
    widths = grid.widths
    out.print(Text(grid.line(grid.headers), style="bold"), no_wrap=True, crop=False)
    for row in grid.rows:
        line = Text(grid.line(row))
        status_at = sum(widths[:2]) + 4
        line.stylize(STATUS_STYLES.get(row[2], "bold"), status_at, status_at + len(row[2]))
        if row[4].endswith("!"):
            due_at = sum(widths[:4]) + 8
            line.stylize("bold red", due_at, due_at + len(row[4]))
        out.print(line, no_wrap=True, crop=False)
    out.print(Text(footer(len(recs)), style="dim"))
