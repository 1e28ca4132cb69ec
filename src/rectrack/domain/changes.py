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
    """Everything added since `since` (the commit it resolved to, and when that was; None
    for a date before the ledger's first commit: then everything is new)."""

    since: str
    commit: str | None
    committed: dt.datetime | None
    changes: list[RecChanges]
    #: Files that could not be read, now or at `since`, and are left out of `changes`.
    skipped: list[SkippedFile] = field(default_factory=list)

    @property
    def baseline(self) -> str:
        """`commit 1a2b3c4d (2026-03-31 17:02)`, or `the start of the ledger`."""
        if self.commit is None or self.committed is None:
            return "the start of the ledger"
        return f"commit {self.commit[:8]} ({self.committed:%Y-%m-%d %H:%M})"
