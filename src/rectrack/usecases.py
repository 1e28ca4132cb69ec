"""What the commands do: one function per use case, called by the CLI with parsed input.

Every write follows one path (`append_and_commit`): take the ledger lock, refuse a file with
uncommitted changes, read that one file, build the new events, append their bytes
atomically, commit that file alone, and put the old bytes back if the commit fails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rectrack import journal, store
from rectrack.config import render_config
from rectrack.domain.dates import parse_date
from rectrack.domain.events import Comment, Event, FieldChange, StatusChange
from rectrack.domain.identifiers import FIELD_NAME
from rectrack.domain.state import Recommendation
from rectrack.domain.workflow import BUILTIN_WORKFLOWS
from rectrack.errors import (
    DueChangeRefused,
    EmptyComment,
    InvalidField,
    LedgerExists,
    NoIdentity,
    RecommendationExists,
    UnknownRecommendation,
    UnknownWorkflow,
)
from rectrack.ledger import CONFIG_NAME, RECS_DIR, Ledger, parse_id
from rectrack.vcs import commits, lock, log, repo

if TYPE_CHECKING:  # the write path does not pay for the list modules
    from rectrack.domain.query import RecFilter
    from rectrack.domain.summary import RecSummary


@dataclass(frozen=True, kw_only=True)
class WriteResult:
    """What a write did: which recommendation, which commit, which events."""

    rec_id: int
    commit: str
    message: str
    events: tuple[Event, ...]


@dataclass(frozen=True, kw_only=True)
class Stamp:
    """When and by whom, as the user gave them (None: today, the git identity)."""

    date: str | None = None
    by: str | None = None


def init_ledger(*, path: Path, workflow: str = "default") -> Path:
    """Create a ledger in `path` (running `git init` if needed) and commit rectrack.yaml.

    `workflow` names a built-in workflow: `default` (the tracker's) or `audit`.
    """
    if workflow not in BUILTIN_WORKFLOWS:
        raise UnknownWorkflow(name=workflow, valid=", ".join(BUILTIN_WORKFLOWS))
    path = path.resolve()
    if (path / CONFIG_NAME).exists():
        raise LedgerExists(path=path)
    path.mkdir(parents=True, exist_ok=True)
    if repo.find_git_dir(path) is None:
        repo.init(path)
    git_root, git_dir = repo.require_repository(path)
    if repo.identity(git_root) is None:
        raise NoIdentity()
    config = path / CONFIG_NAME
    from rectrack import integrity

    with lock.LedgerLock(git_dir):
        store.write_atomic(config, render_config(BUILTIN_WORKFLOWS[workflow]))
        (path / RECS_DIR).mkdir(exist_ok=True)
        attributes, old_attributes = integrity.write_gitattributes(path)
        try:
            commits.commit_file(
                git_root, config, message="rec: init ledger", new=True, author=None,
                also=[attributes] if old_attributes != attributes.read_bytes() else [],
            )  # fmt: skip
        except BaseException:
            config.unlink()
            integrity.restore(attributes, old_attributes)
            raise
        integrity.register_merge_driver(git_root)
    return path


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
        message=lambda number: f"rec {number}: new {_excerpt(title)}",
        author=author,
    )
    return WriteResult(rec_id=number, commit=commit, message=message, events=(first,))


def create_and_commit(
    ledger: Ledger,
    *,
    header: Mapping[str, object],
    events: tuple[Event, ...],
    rec_id: int | None,
    message: Callable[[int], str],
    author: repo.Identity | None,
) -> tuple[int, str, str]:
    """Write a new recommendation file (next free ID unless given) in one commit.

    Returns (ID, commit hash, commit message).
    """
    with lock.LedgerLock(ledger.git_dir):
        journal.recover_locked(ledger)
        number = rec_id if rec_id is not None else max(ledger.rec_ids(), default=0) + 1
        path = ledger.rec_path(number)
        if path.exists():
            raise RecommendationExists(rec_id=number)
        ledger.recs_dir.mkdir(exist_ok=True)
        data = store.render_new_file(header=header, events=events)
        store.parse_recommendation(data, rec_id=number, path=path)  # prove it reads back
        text = message(number)
        with journal.pending_write(ledger, path, new=data):
            store.write_atomic(path, data)
            try:
                commit = commits.commit_file(
                    ledger.git_root, path, message=text, new=True, author=author
                )
            except BaseException:
                path.unlink(missing_ok=True)
                raise
    return number, commit, text


def add_comment(
    ledger: Ledger, *, rec_id: str, text: str, stamp: Stamp, today: dt.date
) -> WriteResult:
    """Append a comment event."""
    if not text.strip():
        raise EmptyComment()
    when, by, author = resolve_stamp(ledger, stamp, today=today)

    def build(rec: Recommendation, old: bytes) -> tuple[tuple[Event, ...], str]:
        return (Comment(date=when, by=by, text=text),), f"rec {rec.id}: comment {_excerpt(text)}"

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
        workflow.check_transition(rec_id=rec.id, current=rec.status, status=status)
        other = workflow.rule_for(status).different_person_from
        workflow.check_rules(
            rec_id=rec.id,
            status=status,
            has_evidence=bool(rec.evidence),
            has_reason=comment is not None,
            earlier_person=_who_last_set(ledger, rec, old, other) if other else None,
            person=_person(ledger, author),
        )
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

    def build(rec: Recommendation, old: bytes) -> tuple[tuple[Event, ...], str]:
        if rec.state.get(field) == new_value or (not rec.state.get(field) and new_value is None):
            raise InvalidField(
                field=field, reason=f"recommendation {rec.id} already has that value"
            )
        if field == "due" and rec.due is not None:
            _check_due_move(rec, reason=reason, cap=ledger.workflow.max_due_revisions)
        shown = "(cleared)" if new_value is None else _excerpt(_display(new_value))
        event = FieldChange(date=when, by=by, field=field, value=new_value, reason=reason)
        return (event,), f"rec {rec.id}: set {field} {shown}"

    return append_and_commit(ledger, rec_id=rec_id, build=build, author=author)


def get_recommendation(ledger: Ledger, *, rec_id: str | int) -> Recommendation:
    number = parse_id(rec_id)
    path = ledger.rec_path(number)
    if not path.is_file():
        raise UnknownRecommendation(rec_id=number)
    return store.read_recommendation(path, rec_id=number)


def list_recommendations(
    ledger: Ledger, *, rec_filter: RecFilter, today: dt.date
) -> list[Recommendation]:
    """Every recommendation matching `rec_filter`, by ID."""
    workflow = ledger.workflow
    rec_filter.check(workflow)
    from rectrack import readcache

    recs = readcache.read_recommendations(
        recs_dir=ledger.recs_dir,
        ids=ledger.rec_ids(),
        cache_file=readcache.cache_path(ledger.git_dir, ledger.recs_dir),
    )
    return [rec for rec in recs if rec_filter.matches(rec, workflow=workflow, today=today)]


def list_summaries(ledger: Ledger, *, rec_filter: RecFilter, today: dt.date) -> list[RecSummary]:
    """What `rec list` shows: like list_recommendations, without building any event."""
    from rectrack.domain.summary import RecSummary

    if rec_filter.needs_events:  # --grep searches comments: build the events after all
        recs = list_recommendations(ledger, rec_filter=rec_filter, today=today)
        return [RecSummary.of(rec) for rec in recs]
    workflow = ledger.workflow
    rec_filter.check(workflow)
    from rectrack import readcache

    summaries = readcache.read_summaries(
        recs_dir=ledger.recs_dir,
        ids=ledger.rec_ids(),
        cache_file=readcache.cache_path(ledger.git_dir, ledger.recs_dir),
    )
    return [rec for rec in summaries if rec_filter.matches(rec, workflow=workflow, today=today)]


def ledger_history(
    ledger: Ledger, *, rec_id: str | None, limit: int | None
) -> list[log.CommitInfo]:
    """Commits of the whole ledger, or of one recommendation, newest first."""
    if rec_id is None:
        paths = [ledger.recs_dir, ledger.config_path]
    else:
        number = parse_id(rec_id)
        if not ledger.rec_path(number).is_file():
            raise UnknownRecommendation(rec_id=number)
        paths = [ledger.rec_path(number)]
    return log.history(ledger.git_root, paths=paths, limit=limit)


# --- the write path ------------------------------------------------------------------------

Builder = Callable[[Recommendation, bytes], tuple[tuple[Event, ...], str]]


def append_and_commit(
    ledger: Ledger,
    *,
    rec_id: str,
    build: Builder,
    author: repo.Identity | None,
    new_files: Mapping[Path, bytes] | None = None,
) -> WriteResult:
    """The one write path: lock, check, read one file, append `build`'s events, commit.

    `build(rec, old_bytes)` returns the events and the commit message, or raises to
    refuse. `new_files` (e.g. evidence copies) are written and committed alongside, and
    removed again if the commit fails, as the recommendation file is restored.
    """
    number = parse_id(rec_id)
    path = ledger.rec_path(number)
    extra = dict(new_files or {})
    with lock.LedgerLock(ledger.git_dir):
        journal.recover_locked(ledger)
        if not path.is_file():
            raise UnknownRecommendation(rec_id=number)
        commits.check_unchanged(ledger.git_root, path)
        old = store.read_bytes(path)
        rec = store.parse_recommendation(old, rec_id=number, path=path)
        events, message = build(rec, old)
        new = store.append_events(old, events, rec=rec, path=path)
        with journal.pending_write(ledger, path, new=new):
            written: list[Path] = []
            try:
                for target, data in extra.items():
                    if not target.is_file() or target.read_bytes() != data:
                        target.parent.mkdir(parents=True, exist_ok=True)
                        store.write_atomic(target, data, read_only=True)
                        written.append(target)
                store.write_atomic(path, new)
                commit = commits.commit_file(
                    ledger.git_root, path, message=message, new=False, author=author,
                    also=list(extra),
                )  # fmt: skip
            except BaseException:
                store.write_atomic(path, old)
                for target in written:
                    target.unlink(missing_ok=True)
                raise
    return WriteResult(rec_id=number, commit=commit, message=message, events=events)


def resolve_stamp(
    ledger: Ledger, stamp: Stamp, *, today: dt.date
) -> tuple[dt.date, str, repo.Identity | None]:
    """The event date, its `by`, and the commit author to force (None: git's own)."""
    when = today if stamp.date is None else parse_date(stamp.date, today=today)
    by = stamp.by.strip() if stamp.by is not None else None
    git_identity = repo.identity(ledger.git_root)
    if git_identity is None and not by:
        raise NoIdentity()
    if git_identity is not None:
        return when, by or git_identity.name, None
    assert by  # narrowed above
    return when, by, repo.Identity(name=by, email="")


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


def _who_last_set(ledger: Ledger, rec: Recommendation, data: bytes, status: str) -> str | None:
    """The git author email of the commit that recorded `rec`'s last change to `status`."""
    indexes = [
        i for i, e in enumerate(rec.events) if isinstance(e, StatusChange) and e.status == status
    ]
    lines = store.event_lines(data)
    if not indexes or indexes[-1] >= len(lines):
        return None
    return log.line_author(ledger.git_root, ledger.rec_path(rec.id), lines[indexes[-1]])


def _person(ledger: Ledger, author: repo.Identity | None) -> str | None:
    """Who is making this commit, as the rules see it: the git author's email."""
    if author is not None:
        return author.email or None
    identity = repo.identity(ledger.git_root)
    return identity.email if identity is not None else None


def _field_value(field: str, raw: str, *, today: dt.date) -> object:
    if not FIELD_NAME.fullmatch(field) or field == "events":
        raise InvalidField(field=field, reason="field names are lower-case words such as owner")
    if field == "status":
        raise InvalidField(field=field, reason="use `rec status ID STATUS` to change the status")
    value = raw.strip()
    if not value:
        return None
    if field == "due":
        return parse_date(value, today=today)
    if field == "tags":
        return tuple(tag.strip() for tag in value.split(",") if tag.strip())
    return raw


def _display(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _excerpt(text: str, width: int = 50) -> str:
    line = " ".join(text.split())
    shown = line if len(line) <= width else line[: width - 1].rstrip() + "…"
    return f'"{shown}"'
