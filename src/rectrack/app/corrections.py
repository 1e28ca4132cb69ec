"""Correcting the record: a comment's text amended, an event withdrawn (one commit each).

Both append an event that points to the one it corrects by number; nothing already
written changes, so `rec verify` accepts them like any other append. What may be
corrected is domain/corrections.py's to say; a status is corrected by a new status change.
"""

from __future__ import annotations

import datetime as dt

from rectrack.app.recording import excerpt
from rectrack.app.stamp import Stamp, check_on_record, resolve_stamp
from rectrack.app.writepath import WriteResult, append_and_commit
from rectrack.domain.corrections import correction_problem
from rectrack.domain.events import Amendment, Event, Retraction
from rectrack.domain.identifiers import parse_id
from rectrack.domain.state import Recommendation
from rectrack.errors import CorrectionRefused, EmptyComment, InvalidDate
from rectrack.store.paths import Ledger

#: Event numbers are at most this long (nine digits, like IDs).
_MAX_DIGITS = 9


def amend_comment(
    ledger: Ledger, *, rec_id: str, event: str, text: str, stamp: Stamp, today: dt.date
) -> WriteResult:
    """Append an amendment: the comment that is event number `event` now reads `text`."""
    rec_number, number = parse_id(rec_id), event_number(event, rec_id=rec_id, verb="amend")
    if not text.strip():
        raise EmptyComment()
    when, by, author = resolve_stamp(ledger, stamp, today=today)

    def build(rec: Recommendation, old: bytes) -> tuple[tuple[Event, ...], str]:
        amendment = Amendment(date=when, by=by, event=number, text=text)
        _check(rec, amendment, today=today, verb="amend")
        return (amendment,), f"rec {rec.id}: amend event {number} {excerpt(text)}"

    return append_and_commit(ledger, rec_id=str(rec_number), build=build, author=author)


def retract_event(
    ledger: Ledger, *, rec_id: str, event: str, reason: str, stamp: Stamp, today: dt.date
) -> WriteResult:
    """Append a withdrawal of event number `event`, for `reason`: it no longer counts."""
    rec_number, number = parse_id(rec_id), event_number(event, rec_id=rec_id, verb="withdraw")
    if not reason.strip():
        raise CorrectionRefused(
            verb="withdraw", number=number, rec_id=rec_number,
            reason="say why with --reason TEXT (it is kept with the record)",
        )  # fmt: skip
    when, by, author = resolve_stamp(ledger, stamp, today=today)

    def build(rec: Recommendation, old: bytes) -> tuple[tuple[Event, ...], str]:
        retraction = Retraction(date=when, by=by, event=number, reason=reason)
        _check(rec, retraction, today=today, verb="withdraw")
        return (retraction,), f"rec {rec.id}: retract event {number} {excerpt(reason)}"

    return append_and_commit(ledger, rec_id=str(rec_number), build=build, author=author)


def event_number(text: str, *, rec_id: str, verb: str) -> int:
    """An event number as `rec show` prints it: a whole number from 1."""
    value = text.strip()
    if not value.isascii() or not value.isdigit() or len(value) > _MAX_DIGITS or int(value) < 1:
        raise CorrectionRefused(
            verb=verb, number=repr(text[:20]), rec_id=parse_id(rec_id),
            reason="events are numbered from 1, as `rec show ID` shows them",
        )  # fmt: skip
    return int(value)


def _check(
    rec: Recommendation, correction: Amendment | Retraction, *, today: dt.date, verb: str
) -> None:
    check_on_record(rec, correction.date, today=today)
    if problem := correction_problem(rec.events, correction):
        raise CorrectionRefused(verb=verb, number=correction.event, rec_id=rec.id, reason=problem)
    target = rec.events[correction.event - 1]
    if correction.date < target.date:
        raise InvalidDate(
            value=correction.date.isoformat(),
            reason=f"event {correction.event} is dated {target.date}, and a correction cannot "
            "come before what it corrects",
        )
