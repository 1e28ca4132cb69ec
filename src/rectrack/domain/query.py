"""Filters and orders shared by `rec list`, the exporters and the site: pure, no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from rectrack.domain.events import Comment
from rectrack.domain.state import CurrentFields, Recommendation
from rectrack.domain.summary import RecSummary
from rectrack.domain.workflow import Workflow

#: What `--sort` accepts, in the order help lists them.
SORT_KEYS = ("id", "due", "status", "owner", "activity")
Rec = TypeVar("Rec", bound=CurrentFields)


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
        if any(not _field_is(rec, name, value) for name, value in self.fields):
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
    texts += [event.text for event in rec.events if isinstance(event, Comment)]
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


@dataclass(frozen=True, kw_only=True)
class RecOrder:
    """The order a report lists recommendations in: `--sort KEY [--reverse]`.

    Ties keep ID order, and those with nothing to sort by (no due date, no owner, no
    status, no activity) come last either way round.
    """

    key: str = "id"
    reverse: bool = False

    def apply(self, recs: Sequence[Rec], *, workflow: Workflow) -> list[Rec]:
        """`recs` in this order (a new list; `recs` is left as it was)."""
        by_id = sorted(recs, key=lambda rec: rec.id)
        if self.key == "id":
            return by_id[::-1] if self.reverse else by_id
        value = _SORT_VALUES[self.key]
        keyed = [(value(rec, workflow), rec) for rec in by_id]
        present = [pair for pair in keyed if pair[0] is not None]
        present.sort(key=lambda pair: pair[0], reverse=self.reverse)  # stable: ties by ID
        return [rec for _, rec in present] + [rec for key, rec in keyed if key is None]


#: The usual order: by ID.
BY_ID = RecOrder()


def _status_rank(rec: CurrentFields, workflow: Workflow) -> tuple[int, str] | None:
    if rec.status is None:
        return None
    known = workflow.statuses
    return (known.index(rec.status) if rec.status in known else len(known), rec.status)


_SORT_VALUES: dict[str, Any] = {
    "due": lambda rec, _workflow: rec.due,
    "status": _status_rank,
    "owner": lambda rec, _workflow: rec.owner.casefold() if rec.owner else None,
    "activity": lambda rec, _workflow: rec.state.last_activity,
}
