"""Figures about a set of recommendations: counts, time to close, open vs closed over time."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rectrack.domain.events import StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.workflow import Workflow

NO_OWNER = "(no owner)"
NO_REPORT = "(no report)"


@dataclass(frozen=True, kw_only=True)
class LedgerStats:
    """What `rec stats` shows."""

    total: int
    by_status: dict[str, int]
    by_owner: dict[str, int]
    by_report: dict[str, int]
    open: int
    overdue: int
    closed: int
    median_days_to_close: float | None
    slipped: int = 0
    median_days_slipped: float | None = None
    #: (id, title, number of due-date moves), most moved first.
    most_moved: tuple[tuple[int, str, int], ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "total": self.total,
            "by_status": self.by_status,
            "by_owner": self.by_owner,
            "by_report": self.by_report,
            "open": self.open,
            "overdue": self.overdue,
            "closed": self.closed,
            "median_days_to_close": self.median_days_to_close,
            "slipped": self.slipped,
            "median_days_slipped": self.median_days_slipped,
            "most_moved": [
                {"id": rec_id, "title": title, "due_revisions": moves}
                for rec_id, title, moves in self.most_moved
            ],
        }


@dataclass(frozen=True, kw_only=True)
class Point:
    """How many recommendations were open and how many closed at the end of `date`."""

    date: dt.date
    open: int
    closed: int


def closed_on(rec: Recommendation, *, workflow: Workflow) -> dt.date | None:
    """The day it entered the final status it is in now (None while it is open)."""
    if not workflow.is_final(rec.status):
        return None
    day = None
    was_final = False
    for event in rec.events:
        if isinstance(event, StatusChange):
            final = workflow.is_final(event.status)
            if final and not was_final:
                day = event.date
            was_final = final
    return day


def days_open(rec: Recommendation, *, workflow: Workflow, today: dt.date) -> int | None:
    """Days from its first event to closing, or to today while it is open."""
    opened = rec.state.opened
    if opened is None:
        return None
    end = closed_on(rec, workflow=workflow) or today
    return (end - opened).days


def compute(recs: Sequence[Recommendation], *, workflow: Workflow, today: dt.date) -> LedgerStats:
    """Counts by status (in workflow order), owner and report; overdue; median days to close."""
    statuses = Counter(rec.status or "(no status)" for rec in recs)
    order = [status for status in workflow.statuses if status in statuses]
    order += sorted(status for status in statuses if status not in workflow.statuses)
    durations = [
        (end - rec.state.opened).days
        for rec in recs
        if rec.state.opened and (end := closed_on(rec, workflow=workflow))
    ]
    closed = sum(workflow.is_final(rec.status) for rec in recs)
    slipped = [rec for rec in recs if rec.due_moves]
    slips = [(rec.due - rec.original_due).days for rec in slipped if rec.due and rec.original_due]
    most_moved = sorted(slipped, key=lambda rec: (-len(rec.due_moves), rec.id))[:5]
    return LedgerStats(
        total=len(recs),
        by_status={status: statuses[status] for status in order},
        by_owner=_ranked(rec.owner or NO_OWNER for rec in recs),
        by_report=_ranked(str(rec.state.get("report") or NO_REPORT) for rec in recs),
        open=len(recs) - closed,
        overdue=sum(rec.is_overdue(today=today, final=workflow.final) for rec in recs),
        closed=closed,
        median_days_to_close=statistics.median(durations) if durations else None,
        slipped=len(slipped),
        median_days_slipped=statistics.median(slips) if slips else None,
        most_moved=tuple((rec.id, rec.title, len(rec.due_moves)) for rec in most_moved),
    )


def _ranked(values: object) -> dict[str, int]:
    counts = Counter(values)  # type: ignore[call-overload]
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def open_vs_closed(
    recs: Sequence[Recommendation], *, workflow: Workflow, today: dt.date
) -> list[Point]:
    """One point per day on which the counts changed, and one for today.

    A recommendation counts from its first event; it is closed while its latest status
    (as of that day) is final. Built as a sweep over changes, so it stays linear.
    """
    changes: Counter[dt.date] = Counter()  # day -> change in the number closed
    opened: Counter[dt.date] = Counter()
    for rec in recs:
        if not rec.events:
            continue
        opened[rec.events[0].date] += 1
        final = False
        for event in sorted(
            (e for e in rec.events if isinstance(e, StatusChange)), key=lambda e: e.date
        ):
            now = workflow.is_final(event.status)
            if now != final:
                changes[event.date] += 1 if now else -1
                final = now
    points = []
    total = closed = 0
    for day in sorted(set(changes) | set(opened)):
        if day > today:
            break
        total += opened[day]
        closed += changes[day]
        points.append(Point(date=day, open=total - closed, closed=closed))
    if points and points[-1].date != today:
        points.append(Point(date=today, open=points[-1].open, closed=points[-1].closed))
    return points
