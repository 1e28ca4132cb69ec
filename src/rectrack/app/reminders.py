"""`rec remind`: the use case behind reminders, and their text, JSON and iCalendar forms."""

from __future__ import annotations

import datetime as dt
import json

from rectrack.app.reading import list_recommendations
from rectrack.domain.query import RecFilter
from rectrack.domain.reminders import Reminder, by_owner, reminders
from rectrack.exporters import ics
from rectrack.store.paths import Ledger
from rectrack.vcs import repo


def upcoming(
    ledger: Ledger, *, within_days: int, owner: str | None, today: dt.date
) -> list[Reminder]:
    """Open recommendations due within `within_days` of today, or overdue."""
    recs = list_recommendations(ledger, rec_filter=RecFilter(open_only=True), today=today)
    return reminders(
        recs, workflow=ledger.workflow, today=today, within_days=within_days, owner=owner
    )


def remind_text(
    ledger: Ledger, found: list[Reminder], *, output_format: str, today: dt.date
) -> str:
    """The reminders as text (grouped by owner), JSON, or an iCalendar file."""
    if output_format == "json":
        return json.dumps([r.as_json() for r in found], indent=2, ensure_ascii=False) + "\n"
    if output_format == "ics":
        return ics.calendar(found, ledger_id=repo.root_commit(ledger.git_root)[:12], today=today)
    if not found:
        return "Nothing due in that window and nothing overdue.\n"
    lines: list[str] = []
    for owner, items in by_owner(found).items():
        lines.append(f"{owner}:")
        for item in items:
            when = (
                f"{-item.days_left} days OVERDUE"
                if item.overdue
                else f"due in {item.days_left} days"
            )
            lines.append(f"  rec {item.rec.id}  {item.due.isoformat()}  {when}  {item.rec.title}")
        lines.append("")
    return "\n".join(lines)
