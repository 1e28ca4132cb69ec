"""Choosing what to remind owners about."""

from __future__ import annotations

import datetime as dt

from rectrack.domain.events import StatusChange
from rectrack.domain.reminders import by_owner, reminders
from rectrack.domain.state import Recommendation
from rectrack.domain.workflow import DEFAULT_WORKFLOW

TODAY = dt.date(2026, 11, 25)


def make(
    rec_id: int, *, due: dt.date | None, owner: str | None, status: str = "awaiting-review"
) -> Recommendation:
    return Recommendation(
        id=rec_id,
        header={"title": f"R{rec_id}", "due": due, "owner": owner},
        events=(StatusChange(date=dt.date(2026, 1, 1), by="x", status=status),),
    )


def test_window_overdue_and_final_statuses() -> None:
    """Due within the window or already overdue, never closed or undated, by owner then date."""
    recs = [
        make(1, due=TODAY + dt.timedelta(days=30), owner="b"),
        make(2, due=TODAY + dt.timedelta(days=31), owner="b"),
        make(3, due=TODAY - dt.timedelta(days=1), owner="a"),
        make(4, due=TODAY - dt.timedelta(days=99), owner="a", status="complete"),
        make(5, due=None, owner="a"),
        make(6, due=TODAY, owner=None),
    ]
    found = reminders(recs, workflow=DEFAULT_WORKFLOW, today=TODAY, within_days=30)
    assert [(r.rec.id, r.days_left, r.overdue) for r in found] == [
        (6, 0, False),
        (3, -1, True),
        (1, 30, False),
    ]
    assert list(by_owner(found)) == ["(no owner)", "a", "b"]
    only_b = reminders(recs, workflow=DEFAULT_WORKFLOW, today=TODAY, within_days=60, owner="B")
    assert [r.rec.id for r in only_b] == [1, 2]
