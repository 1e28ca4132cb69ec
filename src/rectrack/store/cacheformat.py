"""The read cache's encoding: recommendations as plain tuples that marshal holds exactly.

An index entry holds a file's stat key, digest and folded state (all `rec list` needs); a
body holds its header and events. Dates travel as ordinals; each event kind has a small
number. Change the shape and bump `readcache.FORMAT`, so old caches are ignored.
"""

from __future__ import annotations

import datetime as dt
import marshal
from collections.abc import Mapping
from typing import Any

from rectrack.domain.events import (
    Amendment,
    Comment,
    Event,
    EvidenceAdded,
    FieldChange,
    Retraction,
    StatusChange,
)
from rectrack.domain.state import Recommendation, RecState
from rectrack.domain.summary import RecSummary

StatKey = tuple[int, int, int, int]
Entry = tuple[StatKey, bytes, Any]
Body = tuple[bytes, Any, bytes]

_STATUS, _COMMENT, _SET, _SET_DATE, _EVIDENCE, _AMEND, _RETRACT = 0, 1, 2, 3, 4, 5, 6


def entry_of(rec: Recommendation, *, key: StatKey, digest: bytes) -> tuple[Entry, Body] | None:
    """The index entry and body of `rec`; None if marshal cannot hold it exactly."""
    state = rec.state
    original = rec.original_due
    folded = (
        {k: v.toordinal() if type(v) is dt.date else v for k, v in state.fields.items()},
        tuple(name for name, value in state.fields.items() if type(value) is dt.date),
        state.status,
        None if state.opened is None else state.opened.toordinal(),
        None if state.last_activity is None else state.last_activity.toordinal(),
        original.toordinal() if type(original) is dt.date else original,
        len(rec.due_moves),
    )
    events = tuple(_encode_event(event) for event in rec.events)
    try:
        blob = marshal.dumps(events)
        entry: Entry = (key, digest, folded)
        body: Body = (digest, _fields(rec.header), blob)
        if marshal.loads(marshal.dumps((entry, body))) != (entry, body):
            return None
        if marshal.loads(blob) != events:
            return None
    except ValueError:  # a date (or another object) nested inside an unknown header key
        return None
    return entry, body


def _fields(fields: Mapping[str, Any]) -> tuple[tuple[str, bool, Any], ...]:
    return tuple(
        (name, True, value.toordinal()) if type(value) is dt.date else (name, False, value)
        for name, value in fields.items()
    )


def _unfields(pairs: Any, dates: dict[int, dt.date]) -> dict[str, Any]:
    return {name: _date(value, dates) if is_date else value for name, is_date, value in pairs}


def _encode_event(event: Event) -> tuple[Any, ...]:
    day = event.date.toordinal()
    if isinstance(event, StatusChange):
        return (_STATUS, day, event.by, event.status)
    if isinstance(event, Comment):
        return (_COMMENT, day, event.by, event.text)
    if isinstance(event, EvidenceAdded):
        return (_EVIDENCE, day, event.by, event.name, event.sha256, event.size, event.url)
    if isinstance(event, Amendment):
        return (_AMEND, day, event.by, event.event, event.text)
    if isinstance(event, Retraction):
        return (_RETRACT, day, event.by, event.event, event.reason)
    if type(event.value) is dt.date:  # not a datetime: that is not cached
        return (_SET_DATE, day, event.by, event.field, event.value.toordinal(), event.reason)
    return (_SET, day, event.by, event.field, event.value, event.reason)


def decode_summary(rec_id: int, entry: Entry, dates: dict[int, dt.date]) -> RecSummary:
    fields, date_names, status, opened, last, original, revisions = entry[2]
    for name in date_names:
        fields[name] = _date(fields[name], dates)
    state = RecState(
        fields=fields,
        status=status,
        opened=None if opened is None else _date(opened, dates),
        last_activity=None if last is None else _date(last, dates),
    )
    return RecSummary(
        id=rec_id,
        state=state,
        original_due=_date(original, dates) if isinstance(original, int) else original,
        due_revisions=revisions,
    )


def decode(rec_id: int, body: Body, dates: dict[int, dt.date]) -> Recommendation:
    """The Recommendation that `entry_of` was given (equal field by field: tests check it)."""
    events: list[Event] = []
    new = object.__new__
    for kind, day, by, *rest in marshal.loads(body[2]):
        cls, names, label = _DECODED[kind]
        if kind == _SET_DATE:
            rest[1] = _date(rest[1], dates)
        # Frozen dataclasses set each field through object.__setattr__ (~1.6 us an event);
        # filling __dict__ directly builds the same object in a third of the time.
        event = new(cls)
        event.__dict__.update(zip(names, rest, strict=True), date=_date(day, dates), by=by)
        event.__dict__["kind"] = label
        events.append(event)
    return Recommendation(id=rec_id, header=_unfields(body[1], dates), events=tuple(events))


_SET_NAMES = ("field", "value", "reason")
_DECODED: dict[int, tuple[type[Any], tuple[str, ...], str]] = {
    _STATUS: (StatusChange, ("status",), "status"),
    _COMMENT: (Comment, ("text",), "comment"),
    _SET: (FieldChange, _SET_NAMES, "set"),
    _SET_DATE: (FieldChange, _SET_NAMES, "set"),
    _EVIDENCE: (EvidenceAdded, ("name", "sha256", "size", "url"), "evidence"),
    _AMEND: (Amendment, ("event", "text"), "amend"),
    _RETRACT: (Retraction, ("event", "reason"), "retract"),
}


def _date(day: int, dates: dict[int, dt.date]) -> dt.date:
    found = dates.get(day)
    if found is None:
        found = dates[day] = dt.date.fromordinal(day)
    return found
