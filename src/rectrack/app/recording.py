"""Recording what happened: a new recommendation, a comment, a status change, a field.

Each is one commit through the write path; the workflow and its rules are checked
before anything is written (domain/workflow.py says what may follow what).
"""

from __future__ import annotations

import datetime as dt

from rectrack.app.stamp import (
    Stamp,
    check_on_record,
    committer_person,
    committing_person,
    resolve_stamp,
)
from rectrack.app.writepath import WriteResult, append_and_commit, create_and_commit
from rectrack.domain.dates import check_due_date, parse_date
from rectrack.domain.events import HEADER_FIELDS, Comment, Event, FieldChange, StatusChange
from rectrack.domain.identifiers import FIELD_NAME, parse_id
from rectrack.domain.identity import same_person
from rectrack.domain.state import Recommendation
from rectrack.domain.text import printable_line
from rectrack.errors import DueChangeRefused, EmptyComment, IdentityMismatch, InvalidField
from rectrack.store import recfile
from rectrack.store.config import RESERVED_FIELDS, read_fields
from rectrack.store.paths import Ledger


def new_recommendation(
    ledger: Ledger,
    *,
    title: str,
    fields: dict[str, str | None],
    rec_id: str | None,
    stamp: Stamp,
    today: dt.date,
) -> WriteResult:
    """Create recs/<id>.yaml whose first event is the workflow's initial status."""
    if not title.strip():
        raise InvalidField(field="title", reason="a recommendation needs a title")
    header: dict[str, object] = {"title": title}
    for name, raw in fields.items():
        header[name] = _field_value(name, raw, today=today) if raw is not None else None
    when, by, author = resolve_stamp(ledger, stamp, today=today)
    first = StatusChange(date=when, by=by, status=ledger.workflow.initial)
    number, commit, message = create_and_commit(
        ledger,
        header=header,
        events=(first,),
        rec_id=None if rec_id is None else parse_id(rec_id),
        message=lambda number: f"rec {number}: new {excerpt(title)}",
        author=author,
    )
    return WriteResult(rec_id=number, commit=commit, message=message, events=(first,))


def add_comment(
    ledger: Ledger, *, rec_id: str, text: str, stamp: Stamp, today: dt.date
) -> WriteResult:
    """Append a comment event."""
    if not text.strip():
        raise EmptyComment()
    when, by, author = resolve_stamp(ledger, stamp, today=today)

    def build(rec: Recommendation, old: bytes) -> tuple[tuple[Event, ...], str]:
        check_on_record(rec, when, today=today)
        return (Comment(date=when, by=by, text=text),), f"rec {rec.id}: comment {excerpt(text)}"

    return append_and_commit(ledger, rec_id=rec_id, build=build, author=author)


def change_status(
    ledger: Ledger,
    *,
    rec_id: str,
    status: str,
    comment: str | None,
    stamp: Stamp,
    today: dt.date,
) -> WriteResult:
    """Append a status change (and a comment, in the same commit, if one is given)."""
    workflow = ledger.workflow
    workflow.check_known(status)
    if comment is not None and not comment.strip():
        raise EmptyComment()
    when, by, author = resolve_stamp(ledger, stamp, today=today)

    def build(rec: Recommendation, old: bytes) -> tuple[tuple[Event, ...], str]:
        check_on_record(rec, when, today=today)
        workflow.check_transition(rec_id=rec.id, current=rec.status, status=status)
        rule = workflow.rule_for(status)
        other = rule.different_person_from
        person = committing_person(ledger, author)
        workflow.check_rules(
            rec_id=rec.id,
            status=status,
            has_evidence=bool(rec.evidence),
            has_stored_evidence=any(item.url is None for item in rec.evidence),
            has_reason=comment is not None,
            earlier_person=_who_last_set(ledger, rec, old, other) if other else None,
            person=person,
        )
        if rule.names_a_person:
            _check_one_person(rec.id, status, person, committer_person(ledger, author))
        events: tuple[Event, ...] = (StatusChange(date=when, by=by, status=status),)
        if comment is not None:
            events += (Comment(date=when, by=by, text=comment),)
        return events, f"rec {rec.id}: status {rec.status or '(none)'} -> {status}"

    return append_and_commit(ledger, rec_id=rec_id, build=build, author=author)


def set_field(
    ledger: Ledger,
    *,
    rec_id: str,
    field: str,
    value: str,
    reason: str | None = None,
    stamp: Stamp,
    today: dt.date,
) -> WriteResult:
    """Append an event that changes one header field (moving a set due date needs a reason)."""
    new_value = _field_value(field, value, today=today)
    if field == "title" and not new_value:
        raise InvalidField(field="title", reason="a recommendation needs a title")
    if reason is not None and not reason.strip():
        raise DueChangeRefused(rec_id=rec_id, reason="the reason is empty")
    when, by, author = resolve_stamp(ledger, stamp, today=today)
    declared = read_fields(ledger.config_path, cache=ledger.config_cache)

    def build(rec: Recommendation, old: bytes) -> tuple[tuple[Event, ...], str]:
        check_on_record(rec, when, today=today)
        _check_known(field, rec=rec, declared=declared)
        if rec.state.get(field) == new_value or (not rec.state.get(field) and new_value is None):
            raise InvalidField(
                field=field, reason=f"recommendation {rec.id} already has that value"
            )
        if field == "due" and rec.due is not None:
            _check_due_move(rec, reason=reason, cap=ledger.workflow.max_due_revisions)
        shown = "(cleared)" if new_value is None else excerpt(_display(new_value))
        event = FieldChange(date=when, by=by, field=field, value=new_value, reason=reason)
        return (event,), f"rec {rec.id}: set {field} {shown}"

    return append_and_commit(ledger, rec_id=rec_id, build=build, author=author)


def _check_known(field: str, *, rec: Recommendation, declared: tuple[str, ...]) -> None:
    """`field` is a known header field, one rectrack.yaml declares, or one `rec` already has."""
    existing = [e.field for e in rec.events if isinstance(e, FieldChange)] + list(rec.header)
    known = list(dict.fromkeys([*HEADER_FIELDS, *declared, *existing]))
    if field in known:
        return
    import difflib

    close = difflib.get_close_matches(field, known, n=1)
    hint = f"did you mean {close[0]}? " if close else ""
    raise InvalidField(
        field=field,
        reason=f"it is not a field of this ledger ({hint}fields: {', '.join(known)}); "
        "declare a new one under `fields:` in rectrack.yaml",
    )


def _check_due_move(rec: Recommendation, *, reason: str | None, cap: int | None) -> None:
    if reason is None:
        raise DueChangeRefused(
            rec_id=rec.id, reason=f"it is already set ({rec.due}): say why with --reason TEXT"
        )
    if cap is not None and len(rec.due_moves) >= cap:
        raise DueChangeRefused(
            rec_id=rec.id,
            reason=f"it has moved {len(rec.due_moves)} times and the workflow caps "
            f"max_due_revisions at {cap}",
        )


def _check_one_person(rec_id: int, status: str, author: str | None, committer: str | None) -> None:
    """A sign-off's commit is authored and committed by one person (docs/audit.md)."""
    if author is not None and committer is not None and not same_person(author, committer):
        raise IdentityMismatch(rec_id=rec_id, status=status, author=author, committer=committer)


def _who_last_set(ledger: Ledger, rec: Recommendation, data: bytes, status: str) -> str | None:
    """The git author email of the commit that recorded `rec`'s last change to `status`."""
    indexes = [
        i for i, e in enumerate(rec.events) if isinstance(e, StatusChange) and e.status == status
    ]
    lines = recfile.event_lines(data)
    if not indexes or indexes[-1] >= len(lines):
        return None
    from rectrack.vcs.log import line_author  # only for rules naming an earlier person

    return line_author(ledger.git_root, ledger.rec_path(rec.id), lines[indexes[-1]])


_RESERVED = dict(
    zip(RESERVED_FIELDS, (
        "a recommendation's ID is its file name and never changes",
        "events are appended by rec's commands, never set",
        "use `rec status ID STATUS` to change the status",
    ), strict=True)
)  # fmt: skip


def _field_value(field: str, raw: str, *, today: dt.date) -> object:
    if field in _RESERVED:
        raise InvalidField(field=field, reason=_RESERVED[field])
    if not FIELD_NAME.fullmatch(field):
        raise InvalidField(field=field, reason="field names are lower-case words such as owner")
    value = raw.strip()
    if not value:
        return None
    if field == "due":
        return check_due_date(parse_date(value, today=today))
    if field == "tags":
        return tuple(tag.strip() for tag in value.split(",") if tag.strip())
    return raw


def _display(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def excerpt(text: str, width: int = 50) -> str:
    """The start of `text` on one line for a commit subject, control characters escaped
    (a subject is shown by `git log` and every tool that reads the history)."""
    line = printable_line(" ".join(text[:4096].split()))
    shown = line if len(line) <= width else line[: width - 1].rstrip() + "…"
    return f'"{shown}"'
