"""`rec export --format csv`: one row per recommendation, for spreadsheets and auditors.

UTF-8 without a byte-order mark and CRLF row ends (RFC 4180); every value is quoted when
it needs to be, so commas, quotes and line breaks in titles survive. See
docs/import-export.md for why there is no BOM.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

from rectrack.domain.state import Recommendation
from rectrack.domain.stats import days_open
from rectrack.domain.workflow import Workflow

COLUMNS = (
    "id", "number", "report", "title", "status", "owner", "due", "opened", "last_activity",
    "days_open", "overdue",
)  # fmt: skip


def export_csv(recs: Sequence[Recommendation], *, workflow: Workflow, today: dt.date) -> str:
    """The CSV text: the header row, then one row per recommendation."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for rec in recs:
        days = days_open(rec, workflow=workflow, today=today)
        writer.writerow(
            [
                rec.id,
                _text(rec.state.get("number")),
                _text(rec.state.get("report")),
                rec.title,
                rec.status or "",
                rec.owner or "",
                rec.due.isoformat() if rec.due else "",
                _date(rec.state.opened),
                _date(rec.state.last_activity),
                "" if days is None else days,
                "yes" if rec.is_overdue(today=today, final=workflow.final) else "no",
            ]
        )
    return buffer.getvalue()


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""
