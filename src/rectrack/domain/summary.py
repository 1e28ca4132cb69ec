"""A recommendation's current state without its events: all that `rec list` needs.

Listing 10,000 recommendations need not build their 100,000 events: the read cache keeps
each one's folded state, and a RecSummary answers what the list filters and shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from rectrack.domain.state import Recommendation, RecState, summary_json


@dataclass(frozen=True, kw_only=True)
class RecSummary:
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
            due_revisions=len(rec.due_moves),
        )

    @property
    def status(self) -> str | None:
        return self.state.status

    @property
    def title(self) -> str:
        return str(self.state.get("title") or "")

    @property
    def owner(self) -> str | None:
        owner = self.state.get("owner")
        return None if owner is None else str(owner)

    @property
    def due(self) -> dt.date | None:
        due = self.state.get("due")
        return due if isinstance(due, dt.date) else None

    def is_overdue(self, *, today: dt.date, final: frozenset[str]) -> bool:
        """Past its due date and not in a final status."""
        return self.due is not None and self.due < today and self.status not in final

    def summary_json(self) -> dict[str, Any]:
        """The `rec list --json` object, identical to Recommendation.summary_json()."""
        return summary_json(
            rec_id=self.id,
            state=self.state,
            original_due=self.original_due,
            due_revisions=self.due_revisions,
        )
