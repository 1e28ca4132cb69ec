"""Events: the only thing ever written to a recommendation after it is created.

Each event is dated (the day it happened, which may be before the day it was recorded)
and signed with who did it, and is exactly one of a status change, a comment, a change
of one header field, a piece of evidence, or a correction of an earlier event (an
amendment of a comment's text, or the withdrawal of an event; domain/corrections.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

#: The header fields every recommendation has; others are kept as they are.
HEADER_FIELDS = ("title", "text", "report", "number", "owner", "due", "tags")


@dataclass(frozen=True, kw_only=True)
class StatusChange:
    """The recommendation moved to `status`."""

    date: dt.date
    by: str
    status: str
    kind: str = "status"


@dataclass(frozen=True, kw_only=True)
class Comment:
    """A progress note, kept exactly as written."""

    date: dt.date
    by: str
    text: str
    kind: str = "comment"


@dataclass(frozen=True, kw_only=True)
class FieldChange:
    """Header field `field` now holds `value` (None clears it)."""

    date: dt.date
    by: str
    field: str
    value: Any
    reason: str | None = None
    kind: str = "set"


@dataclass(frozen=True, kw_only=True)
class EvidenceAdded:
    """A document the recommendation's closure rests on, identified by its SHA-256.

    Stored evidence is a file under evidence/<sha256> (`size` set); evidence kept elsewhere
    has a `url` and the hash the user vouches for.
    """

    date: dt.date
    by: str
    name: str
    sha256: str
    size: int | None = None
    url: str | None = None
    kind: str = "evidence"


@dataclass(frozen=True, kw_only=True)
class Amendment:
    """The comment that is event number `event` (1-based) now reads `text`."""

    date: dt.date
    by: str
    event: int
    text: str
    kind: str = "amend"


@dataclass(frozen=True, kw_only=True)
class Retraction:
    """Event number `event` (1-based) is withdrawn, for `reason`: it no longer counts."""

    date: dt.date
    by: str
    event: int
    reason: str
    kind: str = "retract"


Event = StatusChange | Comment | FieldChange | EvidenceAdded | Amendment | Retraction
#: The events that correct an earlier one, pointing to it by its number.
Correction = Amendment | Retraction
