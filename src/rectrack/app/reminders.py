"""`rec remind`: open recommendations due soon or overdue, as text, JSON or iCalendar."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from rectrack.app.reading import list_recommendations
from rectrack.domain.query import RecFilter
from rectrack.domain.reminders import Reminder, reminders
from rectrack.exporters import ics
from rectrack.exporters import reminders as reminder_documents
from rectrack.store.paths import Ledger
from rectrack.vcs import repo

ReminderFormat = Literal["text", "json", "ics"]
FORMATS: tuple[ReminderFormat, ...] = ("text", "json", "ics")


def upcoming(
    ledger: Ledger, *, within_days: int, owner: str | None, today: dt.date
) -> list[Reminder]:
    """Open recommendations due within `within_days` of today, or overdue."""
    recs = list_recommendations(ledger, rec_filter=RecFilter(open_only=True), today=today)
    return reminders(
        recs, workflow=ledger.workflow, today=today, within_days=within_days, owner=owner
    )


def remind(
    ledger: Ledger, *, within_days: int, owner: str | None, fmt: ReminderFormat, today: dt.date
) -> str:
    """The reminders as a document: text grouped by owner, JSON, or an iCalendar file."""
    found = upcoming(ledger, within_days=within_days, owner=owner, today=today)
    if fmt == "json":
        return reminder_documents.as_json(found)
    if fmt == "ics":
        return ics.calendar(found, ledger_id=repo.root_commit(ledger.git_root)[:12], today=today)
    return reminder_documents.as_text(found)
