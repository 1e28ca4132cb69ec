"""Who recorded each status event: the git author of the commit that appended it.

The audit rules compare people ("a second person", "only auditors"), and the person is
the author email the commit records, never the event's free-text `by:` and never
through `.mailmap`. The walk knows it as it goes: a version's status events keep the
recorders of the version they came from, and the events a commit appends are its
author's. Kept per blob for the whole walk (any later commit may start from any earlier
version), as flat tuples `(index, email, index, email, ...)` sharing one string per
email: a few dozen bytes a version. The walk record (resume.py) stores them, so a later
verify starting from it knows every version's recorders too.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Sequence

from rectrack.domain.appendonly import event_key
from rectrack.domain.events import Event, StatusChange

#: Status event index -> the email of whoever recorded it.
Recorders = dict[int, str]
#: Recorders as stored: (index, email, index, email, ...).
Packed = tuple[int | str, ...]


class NotInRecord(Exception):
    """A walk resumed from a record needs something the record does not hold: walk all."""


class People:
    """Recorders of every version the walk has checked, by blob."""

    def __init__(self, known: dict[str, Packed] | None = None, *, strict: bool = False) -> None:
        self._by_blob: dict[str, Packed] = known or {}
        self._emails: dict[str, str] = {}
        #: A resumed walk: a version it never saw (and the record lacks) ends the resume.
        self.strict = strict

    def of(self, blob: str | None) -> Recorders:
        if blob is None:
            return {}
        found = self._by_blob.get(blob)
        if found is None:
            if self.strict:
                raise NotInRecord(blob)
            return {}
        return dict(zip(found[::2], found[1::2], strict=True))  # type: ignore[arg-type]

    def knows(self, blob: str) -> bool:
        return blob in self._by_blob

    def packed(self) -> dict[str, Packed]:
        """Every blob's recorders, as the walk record stores them."""
        return self._by_blob

    def appended(self, *, old: str | None, new: str, events: Sequence[Event], start: int,
                 author: str) -> Recorders:  # fmt: skip
        """The new version's recorders: the old version's, and `author` for what it added."""
        if new in self._by_blob:
            return self.of(new)
        found = self.of(old)
        for index in range(start, len(events)):
            if isinstance(events[index], StatusChange):
                found[index] = author
        return self._keep(new, found)

    def carried(
        self, *, sources: Sequence[tuple[Sequence[Event], Recorders]], new: str,
        events: Sequence[Event], author: str | None,
    ) -> Recorders:  # fmt: skip
        """Recorders for a version whose events come from others (a merge, an edit): each
        status event takes the recorder of the first unused equal event of a source;
        one no source has was recorded by `author` (None: unknown)."""
        if new in self._by_blob:
            return self.of(new)
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
        return self._keep(new, found)

    def _keep(self, new: str, found: Recorders) -> Recorders:
        """Store `new`'s recorders (the first version of a blob seen wins, as before)."""
        packed: list[int | str] = []
        for index in sorted(found):
            email = found[index]
            packed += (index, self._emails.setdefault(email, email))
        self._by_blob[new] = tuple(packed)
        return found
