"""Filters shared by `rec list`, the exporters and the site: pure, no I/O (orders are
in order.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

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
    #: Tags that must all be on the recommendation (ignoring case).
    tags: tuple[str, ...] = ()
    #: (field, value) pairs that must all hold, ignoring case: `force=kent`. A list field
    #: holds a value it contains; an empty value holds for a field that is unset or empty;
    #: `status` is the current status.
    fields: tuple[tuple[str, str], ...] = ()
    overdue: bool = False
    #: Only those not in a final status (`--unresolved`).
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
        if self.tags and not _has_tags(rec, self.tags):
            return False
        if self.fields and not all(_field_is(rec, name, value) for name, value in self.fields):
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


def _values(value: Any) -> list[str]:
    """A field's value as the texts a filter compares with (none for unset or empty)."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list | tuple) else [value]
    return [item.isoformat() if isinstance(item, dt.date) else str(item) for item in items]


def _has_tags(rec: Recommendation | RecSummary, wanted: tuple[str, ...]) -> bool:
    have = {tag.casefold() for tag in _values(rec.state.get("tags"))}
    return all(tag.casefold() in have for tag in wanted)


def _field_is(rec: Recommendation | RecSummary, name: str, wanted: str) -> bool:
    values = [rec.status] if name == "status" and rec.status else _values(rec.state.get(name))
    expected = wanted.strip().casefold()
    if not expected:
        return not values
    return any(value.strip().casefold() == expected for value in values)
