"""The one write path: lock, recover, check, read, build, then journal and commit.

Every write takes the ledger lock, settles a killed write (app/recovery.py), refuses a
file with uncommitted changes, reads that one file, builds the new events, checks their
text (domain/text.py: size, NUL bytes) and hands the new bytes to the journal
(app/journal.py), which replaces the file and commits it alone so that a failure or a
kill at any step leaves nothing behind. The steps are listed, by the names the
fault-injection tests use, in app/journal.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rectrack.app.journal import FileWrite, step, write_and_commit
from rectrack.app.ledger import git_config
from rectrack.app.recovery import recover_locked
from rectrack.domain.events import Event
from rectrack.domain.identifiers import parse_id
from rectrack.domain.state import Recommendation
from rectrack.domain.text import check_events_text, check_header_text
from rectrack.errors import RecommendationExists, UnknownRecommendation
from rectrack.store import recfile
from rectrack.store.files import read_bytes
from rectrack.store.paths import Ledger
from rectrack.vcs import commitbase, commits
from rectrack.vcs.lock import LedgerLock
from rectrack.vcs.repo import Identity


@dataclass(frozen=True, kw_only=True)
class WriteResult:
    """What a write did: which recommendation, which commit, which events."""

    rec_id: int
    commit: str
    message: str
    events: tuple[Event, ...]


#: Builds a write from the recommendation and its file's bytes: (events, commit message).
Builder = Callable[[Recommendation, bytes], tuple[tuple[Event, ...], str]]


def append_and_commit(
    ledger: Ledger,
    *,
    rec_id: str,
    build: Builder,
    author: Identity | None,
    new_files: Mapping[Path, bytes] | None = None,
) -> WriteResult:
    """The one write path: lock, check, read one file, append `build`'s events, commit.

    `build(rec, old_bytes)` returns the events and the commit message, or raises to
    refuse. `new_files` (e.g. evidence copies, stored read-only) are written and committed
    alongside, and removed again if the commit fails, as the recommendation file is put back.
    """
    number = parse_id(rec_id)
    path = ledger.rec_path(number)
    with LedgerLock(ledger.git_dir):
        step("lock")
        recover_locked(ledger)
        step("recover")
        if not (path.is_symlink() or path.exists()):  # a folder, a bad link: read_bytes says
            raise UnknownRecommendation(rec_id=number)
        base = _check_unchanged(ledger, path, plumbing=not new_files)
        step("check")
        old = read_bytes(path)
        if base is not None and not base.holds(path, old):
            base = _check_unchanged(ledger, path, plumbing=False)  # changed meanwhile
        rec = recfile.parse_recommendation(old, rec_id=number, path=path)
        events, message = build(rec, old)
        check_events_text(events, limit=lambda: ledger.text_limit)
        new = recfile.append_events(old, events, rec=rec, path=path)
        step("read")
        writes = [FileWrite(path=path, data=new)]
        writes += [
            FileWrite(path=target, data=data, read_only=True, add=True)
            for target, data in (new_files or {}).items()
        ]
        commit = write_and_commit(ledger, writes, message=message, author=author, base=base)
    return WriteResult(rec_id=number, commit=commit, message=message, events=events)


def _check_unchanged(ledger: Ledger, path: Path, *, plumbing: bool) -> commitbase.Base | None:
    """Refuse a file with uncommitted changes; what a plumbing commit of it would build on.

    Reading what that commit needs (vcs/commitbase.py) proves the file clean on the way;
    where it cannot, or may not be used, `git status` is asked, as for every other write.
    """
    base = None
    if plumbing:
        config = git_config(ledger)
        base = commitbase.prepare(ledger.git_root, ledger.git_dir, [path], config=config)
    if base is None:
        commits.check_unchanged(ledger.git_root, path)
    return base


def create_and_commit(
    ledger: Ledger,
    *,
    header: Mapping[str, object],
    events: tuple[Event, ...],
    rec_id: int | None,
    message: Callable[[int], str],
    author: Identity | None,
) -> tuple[int, str, str]:
    """Write a new recommendation file (next free ID unless given) in one commit.

    Returns (ID, commit hash, commit message).
    """
    with LedgerLock(ledger.git_dir):
        step("lock")
        recover_locked(ledger)
        step("recover")
        number = rec_id if rec_id is not None else max(ledger.rec_ids(), default=0) + 1
        path = ledger.rec_path(number)
        if path.exists():
            raise RecommendationExists(rec_id=number)
        step("check")
        check_header_text(header, limit=lambda: ledger.text_limit)
        check_events_text(events, limit=lambda: ledger.text_limit)
        data = recfile.render_new_file(header=header, events=events)
        recfile.parse_recommendation(data, rec_id=number, path=path)  # prove it reads back
        text = message(number)
        step("read")
        commit = write_and_commit(
            ledger, [FileWrite(path=path, data=data, add=True)], message=text, author=author
        )
    return number, commit, text
