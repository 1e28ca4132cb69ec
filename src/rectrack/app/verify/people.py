"""Who recorded each status event: the git author of the commit that appended it.

The audit rules compare people ("a second person", "only auditors"), and the person is
the author email the commit records, never the event's free-text `by:` and never
through `.mailmap`. The walk knows it as it goes: a version's status events keep the
recorders of the version they came from, and the events a commit appends are its
author's. Kept per blob (only status events, so a few entries each) for the whole walk.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Sequence

from rectrack.domain.appendonly import event_key
from rectrack.domain.events import Event, StatusChange

#: Status event index -> the email of whoever recorded it.
Recorders = dict[int, str]


class People:
    """Recorders of every version the walk has checked, by blob."""

    def __init__(self) -> None:
        self._by_blob: dict[str, Recorders] = {}

    def of(self, blob: str | None) -> Recorders:
        return {} if blob is None else self._by_blob.get(blob, {})

    def appended(self, *, old: str | None, new: str, events: Sequence[Event], start: int,
                 author: str) -> Recorders:  # fmt: skip
        """The new version's recorders: the old version's, and `author` for what it added."""
        found = dict(self.of(old))
        for index in range(start, len(events)):
            if isinstance(events[index], StatusChange):
                found[index] = author
        self._by_blob.setdefault(new, found)
        return self._by_blob[new]

    def carried(
        self, *, sources: Sequence[tuple[Sequence[Event], Recorders]], new: str,
        events: Sequence[Event], author: str | None,
    ) -> Recorders:  # fmt: skip
        """Recorders for a version whose events come from others (a merge, an edit): each
        status event takes the recorder of the first unused equal event of a source;
        one no source has was recorded by `author` (None: unknown)."""
        queues: dict[str, deque[str | None]] = defaultdict(deque)
        for source, recorders in sources:
            for index, event in enumerate(source):
                if isinstance(event, StatusChange):
                    queues[event_key(event)].append(recorders.get(index))
        found: Recorders = {}
        for index, event in enumerate(events):
            if isinstance(event, StatusChange):
                queue = queues.get(event_key(event))
                who = queue.popleft() if queue else author
                if who is not None:
                    found[index] = who
        self._by_blob.setdefault(new, found)
        return self._by_blob[new]
