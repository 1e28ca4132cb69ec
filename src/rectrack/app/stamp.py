"""When and by whom: the date and `by` of new events, and the git identity that commits.

`by` is free text (the name on the tracker, "HMICFRS"); who commits is git's identity,
which the audit rules judge (docs/audit.md).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from rectrack.app.ledger import git_config
from rectrack.domain.dates import check_event_date, parse_date
from rectrack.domain.state import Recommendation
from rectrack.errors import NoIdentity
from rectrack.store.paths import Ledger
from rectrack.vcs.repo import Identity, identity


@dataclass(frozen=True, kw_only=True)
class Stamp:
    """When and by whom, as the user gave them (None: today, the git identity)."""

    date: str | None = None
    by: str | None = None


def resolve_stamp(
    ledger: Ledger, stamp: Stamp, *, today: dt.date
) -> tuple[dt.date, str, Identity | None]:
    """The event date, its `by`, and the commit author to force (None: git's own).

    The date must lie from 1900 to today; that it is not before the recommendation's
    first event is checked once the file is read (`check_event_date` in each builder).
    """
    when = today if stamp.date is None else parse_date(stamp.date, today=today)
    check_event_date(when, today=today)
    by = stamp.by.strip() if stamp.by is not None else None
    git_identity = identity(ledger.git_root, config=git_config(ledger))
    if git_identity is None and not by:
        raise NoIdentity()
    if git_identity is not None:
        return when, by or git_identity.name, None
    assert by  # narrowed above
    return when, by, Identity(name=by, email="")


def committing_person(ledger: Ledger, author: Identity | None) -> str | None:
    """Who is making this commit, as the rules see it: the git author's email."""
    if author is not None:
        return author.email or None
    found = identity(ledger.git_root, config=git_config(ledger))
    return found.email if found is not None else None


def committer_person(ledger: Ledger, author: Identity | None) -> str | None:
    """Who git will record as the committer of this write (its email)."""
    if author is not None:  # rec forces the author: commits.commit_paths sets both
        return os.environ.get("GIT_COMMITTER_EMAIL", author.email) or None
    found = identity(ledger.git_root, role="COMMITTER", config=git_config(ledger))
    return found.email if found is not None else None


def check_on_record(rec: Recommendation, when: dt.date, *, today: dt.date) -> None:
    """Refuse an event dated before the recommendation's first event (or after today)."""
    check_event_date(when, today=today, opened=rec.state.opened, rec_id=rec.id)
