"""What changed since a revision or date: the "since the last meeting" section of a paper.

Because files are append-only, the events added to a recommendation since REV are exactly
those past the number it had at REV; a recommendation absent at REV is new.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from rectrack.app.reading import get_recommendation
from rectrack.app.views import resolve_revision
from rectrack.domain.codec import to_json
from rectrack.domain.events import Event
from rectrack.domain.state import Recommendation
from rectrack.store import files, recfile
from rectrack.store.paths import Ledger
from rectrack.vcs import blobs


@dataclass(frozen=True, kw_only=True)
class RecChanges:
    """One recommendation's events added since the revision."""

    rec: Recommendation
    new: bool
    events: tuple[Event, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.rec.id,
            "title": self.rec.title,
            "new": self.new,
            "status": self.rec.status,
            "events": [to_json(event) for event in self.events],
        }


@dataclass(frozen=True, kw_only=True)
class ChangeSet:
    """Everything added since `since` (the commit it resolved to, and when that was)."""

    since: str
    commit: str
    committed: dt.datetime
    changes: list[RecChanges]


def changes_since(ledger: Ledger, *, since: str) -> ChangeSet:
    """Compare the recommendations now with those committed at `since`."""
    commit, committed = resolve_revision(ledger, since)
    before = blobs.read_tree(ledger.git_root, commit, ledger.recs_dir)
    changes: list[RecChanges] = []
    for number in ledger.rec_ids():
        old_bytes = before.get(f"{number}.yaml")
        path = ledger.rec_path(number)
        if old_bytes is not None and files.read_bytes(path) == old_bytes:
            continue
        rec = get_recommendation(ledger, rec_id=number)
        if old_bytes is None:
            changes.append(RecChanges(rec=rec, new=True, events=rec.events))
            continue
        old = recfile.parse_recommendation(old_bytes, rec_id=number, path=f"{since}:{path.name}")
        if added := rec.events[len(old.events) :]:
            changes.append(RecChanges(rec=rec, new=False, events=added))
    return ChangeSet(since=since, commit=commit, committed=committed, changes=changes)
