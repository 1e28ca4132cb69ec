"""`rec remind` as text (grouped by owner) or JSON; the iCalendar form is ics.py."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rectrack.domain.reminders import Reminder, by_owner


def as_json(found: Sequence[Reminder]) -> str:
    return json.dumps([r.as_json() for r in found], indent=2, ensure_ascii=False) + "\n"


def as_text(found: Sequence[Reminder]) -> str:
    """One block per owner: each recommendation, its due date and how late or soon."""
    if not found:
        return "Nothing due in that window and nothing overdue.\n"
    lines: list[str] = []
    for owner, items in by_owner(list(found)).items():
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
