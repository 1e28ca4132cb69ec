"""`rec remind`: open recommendations due soon or overdue, as text, JSON or iCalendar."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from rectrack.app.documents import Document
from rectrack.app.reading import list_recommendations
from rectrack.domain.query import RecFilter
from rectrack.domain.reminders import Reminder, reminders
from rectrack.domain.skipped import SkippedFile
from rectrack.exporters import ics
from rectrack.exporters import reminders as reminder_documents
from rectrack.store.paths import Ledger
from rectrack.vcs import repo

ReminderFormat = Literal["text", "json", "ics"]
FORMATS: tuple[ReminderFormat, ...] = ("text", "json", "ics")


def upcoming(
    ledger: Ledger, *, within_days: int, owner: str | None, today: dt.date
) -> tuple[list[Reminder], list[SkippedFile]]:
    """Open recommendations due within `within_days` of today, or overdue; and the files
    that could not be read."""
    found = list_recommendations(ledger, rec_filter=RecFilter(open_only=True), today=today)
    due = reminders(
        found.recs, workflow=ledger.workflow, today=today, within_days=within_days, owner=owner
    )
    return due, found.skipped


def remind(
    ledger: Ledger, *, within_days: int, owner: str | None, fmt: ReminderFormat, today: dt.date
) -> Document:
    """The reminders as a document: text grouped by owner, JSON, or an iCalendar file."""
    found, skipped = upcoming(ledger, within_days=within_days, owner=owner, today=today)
    if fmt == "json":
        text = reminder_documents.as_json(found)
    elif fmt == "ics":
        calendar_id = repo.root_commit(ledger.git_root)[:12]
        text = ics.calendar(found, ledger_id=calendar_id, today=today)
    else:
        text = reminder_documents.as_text(found)
    return Document(text=text, skipped=skipped)
