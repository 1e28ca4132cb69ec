"""`rec export --format csv`: one row per recommendation, for spreadsheets and auditors.

UTF-8 with a byte-order mark (Excel opened by double-click reads non-ASCII correctly only
then) and CRLF row ends (RFC 4180); every value is quoted when it needs to be, so commas,
quotes and line breaks in titles survive. A text cell that a spreadsheet would run as a
formula (`=`, `+`, `-`, `@`, tab, CR first) starts with `'` (domain/text.guard_cell);
`rec import csv` takes it off again. See docs/import-export.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

from rectrack.domain.state import Recommendation
from rectrack.domain.stats import days_open
from rectrack.domain.text import guard_cell
from rectrack.domain.workflow import Workflow

#: The byte-order mark, first in the document.
BOM = "\ufeff"
COLUMNS = (
    "id", "number", "report", "title", "status", "owner", "due", "opened", "last_activity",
    "days_open", "overdue",
)  # fmt: skip


def export_csv(recs: Sequence[Recommendation], *, workflow: Workflow, today: dt.date) -> str:
    """The CSV text: a byte-order mark, the header row, then one row per recommendation."""
    buffer = io.StringIO(newline="")
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for rec in recs:
        days = days_open(rec, workflow=workflow, today=today)
        writer.writerow(
            [
                rec.id,
                _text(rec.state.get("number")),
                _text(rec.state.get("report")),
                guard_cell(rec.title),
                guard_cell(rec.status or ""),
                guard_cell(rec.owner or ""),
                rec.due.isoformat() if rec.due else "",
                _date(rec.state.opened),
                _date(rec.state.last_activity),
                "" if days is None else days,
                "yes" if rec.is_overdue(today=today, final=workflow.final) else "no",
            ]
        )
    return buffer.getvalue()


def _text(value: object) -> str:
    return "" if value is None else guard_cell(str(value))


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""
