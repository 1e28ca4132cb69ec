"""A recommendation, and its current state as the fold of its events over its header."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from rectrack.domain.codec import json_value
from rectrack.domain.corrections import Standing, effective_events, part, standings
from rectrack.domain.events import (
    HEADER_FIELDS,
    Event,
    EvidenceAdded,
    FieldChange,
    StatusChange,
)


@dataclass(frozen=True, kw_only=True)
class DueMove:
    """A due date that moved after it was first set, and why."""

    date: dt.date
    by: str
    old: dt.date
    new: dt.date | None
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class RecState:
    """What a recommendation looks like after all its events."""

    fields: Mapping[str, Any]
    status: str | None
    opened: dt.date | None
    last_activity: dt.date | None

    def get(self, name: str) -> Any:
        return self.fields.get(name)


class CurrentFields:
    """Answers about a recommendation's current state, for anything holding its `state`.

    Shared by Recommendation (state folded from its events) and RecSummary (state read
    from the cache), so both answer `rec list`'s questions the same way.
    """

    if TYPE_CHECKING:
        id: int

        @property
        def state(self) -> RecState: ...

        @property
        def original_due(self) -> dt.date | None: ...

        @property
        def due_revisions(self) -> int: ...

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
        """The `rec list --json` object: current header fields and status, no events."""
        return summary_json(
            rec_id=self.id,
            state=self.state,
            original_due=self.original_due,
            due_revisions=self.due_revisions,
        )


@dataclass(frozen=True, kw_only=True)
class Recommendation(CurrentFields):
    """One recommendation: its header as first written, and every event since."""

    id: int
    header: Mapping[str, Any]
    events: tuple[Event, ...] = field(default=())
    #: Each event's number in the whole file, for a view of part of them (empty: 1..n).
    numbers: tuple[int, ...] = field(default=())

    @cached_property
    def state(self) -> RecState:
        return fold(header=self.header, events=self.events)

    @cached_property
    def standings(self) -> tuple[Standing, ...]:
        """Every event, numbered, with the corrections in effect on it."""
        return standings(self.events, numbers=self.numbers)

    @cached_property
    def effective(self) -> tuple[Event, ...]:
        """The events that count: no corrections, nothing withdrawn, comments as amended."""
        return effective_events(self.events)

    @cached_property
    def due_history(self) -> tuple[dt.date | None, tuple[DueMove, ...]]:
        """(the first due date ever set, every later move of it)."""
        current = self.header.get("due")
        original = current
        moves: list[DueMove] = []
        for event in self.events:
            if not (isinstance(event, FieldChange) and event.field == "due"):
                continue
            if current is None:
                original = original or event.value
            elif event.value != current:
                moves.append(
                    DueMove(
                        date=event.date,
                        by=event.by,
                        old=current,
                        new=event.value,
                        reason=event.reason,
                    )
                )
            current = event.value
        return original, tuple(moves)

    @property
    def original_due(self) -> dt.date | None:
        return self.due_history[0]

    @property
    def due_moves(self) -> tuple[DueMove, ...]:
        return self.due_history[1]

    @property
    def evidence(self) -> tuple[EvidenceAdded, ...]:
        return tuple(event for event in self.effective if isinstance(event, EvidenceAdded))

    @property
    def due_revisions(self) -> int:
        return len(self.due_moves)

    def detail_json(self) -> dict[str, Any]:
        """The `rec show --json` object: the summary plus every event."""
        data = self.summary_json()
        data["events"] = [standing.as_json() for standing in self.standings]
        return data


def summary_json(
    *, rec_id: int, state: RecState, original_due: dt.date | None, due_revisions: int
) -> dict[str, Any]:
    """The `rec list --json` object of a recommendation in `state` (shared with RecSummary)."""
    data: dict[str, Any] = {"id": rec_id}
    for name in HEADER_FIELDS:
        data[name] = json_value(state.get(name))
    data["tags"] = list(state.get("tags") or [])
    for name, value in state.fields.items():
        if name not in data:
            data[name] = json_value(value)
    data["status"] = state.status
    data["original_due"] = json_value(original_due)
    data["due_revisions"] = due_revisions
    data["opened"] = json_value(state.opened)
    data["last_activity"] = json_value(state.last_activity)
    return data


def fold(*, header: Mapping[str, Any], events: tuple[Event, ...]) -> RecState:
    """Apply events in order: status changes set the status, set events replace a field.

    Corrections are applied first: a withdrawn field change changes nothing. The dates
    count every event, corrections included (a correction is activity too).
    """
    fields = dict(header)
    status: str | None = None
    for event in effective_events(events):
        if isinstance(event, StatusChange):
            status = event.status
        elif isinstance(event, FieldChange):
            fields[event.field] = event.value
    return RecState(
        fields=fields,
        status=status,
        opened=events[0].date if events else None,
        last_activity=max((event.date for event in events), default=None),
    )


def as_at(rec: Recommendation, day: dt.date) -> Recommendation | None:
    """The recommendation as it stood on `day` by its events' dates; None if not yet raised."""
    kept = [index for index, event in enumerate(rec.events) if event.date <= day]
    if not kept:
        return None
    events, numbers = part(rec.events, kept)
    return Recommendation(id=rec.id, header=rec.header, events=events, numbers=numbers)
