"""A recommendation's current state without its events: all that `rec list` needs.

Listing 10,000 recommendations need not build their 100,000 events: the read cache keeps
each one's folded state, and a RecSummary answers what the list filters and shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rectrack.domain.state import CurrentFields, Recommendation, RecState


@dataclass(frozen=True, kw_only=True)
class RecSummary(CurrentFields):
    """ID and folded state; the same answers as Recommendation for everything but events."""

    id: int
    state: RecState
    original_due: dt.date | None
    #: How many times the due date moved after it was first set (`rec list --slipped`).
    due_revisions: int

    @classmethod
    def of(cls, rec: Recommendation) -> RecSummary:
        return cls(
            id=rec.id,
            state=rec.state,
            original_due=rec.original_due,
            due_revisions=rec.due_revisions,
        )
