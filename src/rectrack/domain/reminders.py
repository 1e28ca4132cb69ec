"""Which open recommendations need a nudge: due within a window, or already overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rectrack.domain.state import Recommendation
from rectrack.domain.workflow import Workflow


@dataclass(frozen=True, kw_only=True)
class Reminder:
    """One open recommendation with a due date inside the window or past it."""

    rec: Recommendation
    due: dt.date
    days_left: int  # negative when overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def owner(self) -> str:
        return self.rec.owner or "(no owner)"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.rec.id,
            "title": self.rec.title,
            "owner": self.rec.owner,
            "status": self.rec.status,
            "due": self.due.isoformat(),
            "overdue": self.overdue,
            "days_left": self.days_left,
        }


def reminders(
    recs: Iterable[Recommendation],
    *,
    workflow: Workflow,
    today: dt.date,
    within_days: int,
    owner: str | None = None,
) -> list[Reminder]:
    """Open recommendations due on or before today + within_days, by owner then due date."""
    horizon = today + dt.timedelta(days=within_days)
    found = [
        Reminder(rec=rec, due=rec.due, days_left=(rec.due - today).days)
        for rec in recs
        if rec.due is not None
        and rec.due <= horizon
        and not workflow.is_final(rec.status)
        and (owner is None or (rec.owner or "").casefold() == owner.casefold())
    ]
    return sorted(found, key=lambda r: (r.owner.casefold(), r.due, r.rec.id))


def by_owner(found: list[Reminder]) -> dict[str, list[Reminder]]:
    """Reminders grouped by owner, keeping their order."""
    groups: dict[str, list[Reminder]] = {}
    for reminder in found:
        groups.setdefault(reminder.owner, []).append(reminder)
    return groups
