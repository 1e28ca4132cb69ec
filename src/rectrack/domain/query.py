"""Filters shared by `rec list` and the exporters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rectrack.domain.events import Comment
from rectrack.domain.state import Recommendation
from rectrack.domain.summary import RecSummary
from rectrack.domain.workflow import Workflow


@dataclass(frozen=True, kw_only=True)
class PointInTime:
    """Which moment a report shows: --as-at DATE and/or --as-recorded REV (both None: now)."""

    as_at: str | None = None
    as_recorded: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecFilter:
    """Which recommendations to show; every condition given must hold."""

    statuses: tuple[str, ...] = ()
    owner: str | None = None
    overdue: bool = False
    open_only: bool = False
    report: str | None = None
    grep: str | None = None
    slipped: bool = False

    def check(self, workflow: Workflow) -> None:
        """Raise UnknownStatus for a --status the workflow does not define."""
        for status in self.statuses:
            workflow.check_known(status)

    @property
    def needs_events(self) -> bool:
        """Whether matching reads the events (--grep searches comments), not just the state."""
        return self.grep is not None

    def matches(
        self, rec: Recommendation | RecSummary, *, workflow: Workflow, today: dt.date
    ) -> bool:
        """Whether `rec` passes; --grep needs a full Recommendation (see needs_events)."""
        if self.statuses and rec.status not in self.statuses:
            return False
        if self.owner is not None and (rec.owner or "").casefold() != self.owner.casefold():
            return False
        if self.open_only and workflow.is_final(rec.status):
            return False
        if self.overdue and not rec.is_overdue(today=today, final=workflow.final):
            return False
        if self.report is not None:
            report = str(rec.state.get("report") or "")
            if self.report.casefold() not in report.casefold():
                return False
        if self.slipped and not _due_revisions(rec):
            return False
        if self.grep is None:
            return True
        if not isinstance(rec, Recommendation):
            raise TypeError("--grep searches comments: it needs a full Recommendation")
        return _contains(rec, self.grep)


def _due_revisions(rec: Recommendation | RecSummary) -> int:
    return rec.due_revisions if isinstance(rec, RecSummary) else len(rec.due_moves)


def _contains(rec: Recommendation, needle: str) -> bool:
    wanted = needle.casefold()
    texts = [rec.title, str(rec.state.get("text") or "")]
    # As the comments stand: amended text, nothing withdrawn (domain/corrections.py).
    texts += [event.text for event in rec.effective if isinstance(event, Comment)]
    return any(wanted in text.casefold() for text in texts)
