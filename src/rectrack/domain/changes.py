"""What changed since a revision: each recommendation's events added since then."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rectrack.domain.codec import to_json
from rectrack.domain.events import Event
from rectrack.domain.skipped import SkippedFile
from rectrack.domain.state import Recommendation


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
    #: Files that could not be read, now or at `since`, and are left out of `changes`.
    skipped: list[SkippedFile] = field(default_factory=list)
