"""What the caller tells the site builder about where the ledger came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Checkpoint:
    """A named point in the ledger's history (a later issue creates them)."""

    name: str
    commit: str


@dataclass(frozen=True, kw_only=True)
class SiteSource:
    """The history a site was built from, printed in every page's footer."""

    #: The commit the recommendations were read from (full hash).
    commit: str
    #: When that commit was made; also the Atom feed's `updated`. Naive means UTC.
    committed: dt.datetime
    #: A hash that names the ledger across builds (its root commit): feed and entry IDs
    #: derive from it, so a feed reader never sees an old entry as new.
    ledger_root: str
    checkpoint: Checkpoint | None = None


@dataclass(frozen=True, kw_only=True)
class RecordedEvent:
    """When one event reached the ledger, as git recorded it (the caller reads git).

    Event dates say when something happened, which may be long before it was recorded;
    the feed of latest changes is ordered by `recorded` when the caller knows it.
    """

    rec_id: int
    #: The event's position in the recommendation's `events` (0 is the first).
    index: int
    recorded: dt.datetime
