"""The latest events across the ledger, for changes.html and the Atom feed."""

from __future__ import annotations

import datetime as dt
import heapq
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from rectrack.domain.codec import json_value
from rectrack.domain.events import (
    Amendment,
    Comment,
    Event,
    FieldChange,
    Retraction,
    StatusChange,
)
from rectrack.domain.state import Recommendation
from rectrack.exporters.site.model import RecordedEvent

LATEST = 50


@dataclass(frozen=True, kw_only=True)
class Change:
    """One event of one recommendation, placed in time for the feed."""

    rec: Recommendation
    #: 1-based, as the recommendation page numbers its timeline (anchor `event-N`).
    number: int
    event: Event
    updated: dt.datetime
    #: True when `updated` is when git recorded it, False when it is the event's own date.
    recorded: bool
    entry_id: str

    @property
    def href(self) -> str:
        return f"recs/{self.rec.id}.html#event-{self.number}"

    @property
    def summary(self) -> str:
        return describe(self.event)


def describe(event: Event) -> str:
    """What happened, in a few plain words (a comment's text is shown separately)."""
    if isinstance(event, StatusChange):
        return f"status changed to {event.status}"
    if isinstance(event, Comment):
        return "comment"
    if isinstance(event, FieldChange):
        return f"{event.field} {'cleared' if event.value is None else 'set to ' + show_value(event.value)}"
    if isinstance(event, Amendment):
        return f"amended the text of event {event.event}: {event.text}"
    if isinstance(event, Retraction):
        return f"withdrew event {event.event}: {event.reason}"
    return f"evidence {event.name}"


def show_value(value: object) -> str:
    """A header value as text: dates in ISO form, lists joined with commas."""
    shown = json_value(value)
    return ", ".join(str(item) for item in shown) if isinstance(shown, list) else str(shown)


def utc(moment: dt.datetime) -> dt.datetime:
    """The same instant in UTC; a naive datetime is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def feed_id(ledger_root: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"rectrack:{ledger_root}/feed"))


def entry_id(ledger_root: str, *, rec_id: int, number: int) -> str:
    """Stable across builds: the ledger, the recommendation and the event's position."""
    name = f"rectrack:{ledger_root}/recs/{rec_id}/events/{number}"
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def latest_changes(
    recs: Mapping[int, Recommendation],
    *,
    recorded: Sequence[RecordedEvent] | None,
    ledger_root: str,
    limit: int = LATEST,
) -> list[Change]:
    """The newest `limit` events, newest first; ties go to the higher ID, then later event.

    Ordered by when git recorded each event when the caller says, else by event date.
    """
    keyed = _by_recording(recs, recorded) if recorded is not None else _by_date(recs)
    newest = heapq.nlargest(limit, keyed)
    return [
        Change(rec=recs[rec_id], number=index + 1, event=recs[rec_id].events[index],
               updated=moment, recorded=recorded is not None,
               entry_id=entry_id(ledger_root, rec_id=rec_id, number=index + 1))
        for moment, rec_id, index in newest
    ]  # fmt: skip


def _by_date(recs: Mapping[int, Recommendation]) -> Iterator[tuple[dt.datetime, int, int]]:
    midnight = dt.time(0, tzinfo=dt.UTC)
    for rec_id, rec in recs.items():
        for index, event in enumerate(rec.events):
            yield dt.datetime.combine(event.date, midnight), rec_id, index


def _by_recording(
    recs: Mapping[int, Recommendation], recorded: Sequence[RecordedEvent]
) -> list[tuple[dt.datetime, int, int]]:
    seen: set[tuple[int, int]] = set()
    keyed = []
    for item in recorded:
        rec = recs.get(item.rec_id)
        if rec is None or not 0 <= item.index < len(rec.events):
            raise ValueError(f"no event {item.index} in recommendation {item.rec_id}")
        if (item.rec_id, item.index) in seen:
            raise ValueError(f"event {item.index} of recommendation {item.rec_id} given twice")
        seen.add((item.rec_id, item.index))
        keyed.append((utc(item.recorded), item.rec_id, item.index))
    return keyed
