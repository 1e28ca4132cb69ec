"""iCalendar (RFC 5545) output for `rec remind --format ics`.

Each recommendation is one all-day VEVENT on its due date. The UID is stable (the ledger's
root commit and the recommendation's ID), and SEQUENCE grows with the recommendation's
events, so importing a newer file updates entries instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rectrack.domain.reminders import Reminder


def calendar(found: Sequence[Reminder], *, ledger_id: str, today: dt.date) -> str:
    """A complete VCALENDAR, CRLF line endings, long lines folded at 75 octets."""
    stamp = f"{today:%Y%m%d}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//rectrack//rec remind//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:rectrack due dates",
    ]
    for reminder in found:
        rec = reminder.rec
        summary = f"{'OVERDUE: ' if reminder.overdue else 'Due: '}rec {rec.id} {rec.title}"
        description = f"Owner: {reminder.owner}\nStatus: {rec.status}\nrec show {rec.id}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:rec-{rec.id}-{ledger_id}@rectrack",
            f"SEQUENCE:{len(rec.events)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{reminder.due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{reminder.due + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Split a content line into 75-octet pieces without cutting a UTF-8 character."""
    pieces: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode()) > limit:
            pieces.append(current)
            current = char
            limit = 74  # continuation lines start with a space
        else:
            current += char
    pieces.append(current)
    return "\r\n ".join(pieces)
