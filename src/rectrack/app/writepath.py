"""The one write path: lock, journal, append, commit, roll back.

Every write takes the ledger lock, refuses a file with uncommitted changes, reads that one
file, builds the new events, appends their bytes atomically and commits that file alone,
putting the old bytes back if the commit fails.

A SIGKILL can land between the file write and the commit, leaving a modified, uncommitted
file that the next write would refuse. So before touching the file, rec records a
write-ahead marker `<git dir>/rectrack/pending` (the file's path and the hash of the
bytes it is about to write) and deletes it once the commit is made or the file restored.
The next rec that finds the marker, holding the ledger lock (so the writer is surely
dead), settles it:

- the file matches HEAD: the commit happened (or the write never did); nothing to undo;
- the file holds exactly the marker's bytes: the commit did not happen, so the old bytes
  (HEAD's) are put back and the index entry reset. The killed command never reported
  success, so its event is dropped rather than committed: re-running it cannot then
  record the event twice;
- anything else: someone changed the file since; it is left alone.

A git process killed together with rec can leave `index.lock`; one created after the
marker and still there after a grace period is removed.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from rectrack.domain.events import Event
from rectrack.domain.identifiers import parse_id
from rectrack.domain.state import Recommendation
from rectrack.errors import RecommendationExists, UnknownRecommendation
from rectrack.store import recfile
from rectrack.store.files import read_bytes, write_atomic
from rectrack.store.paths import Ledger
from rectrack.vcs import blobs, commits
from rectrack.vcs.lock import LedgerLock
from rectrack.vcs.repo import Identity, common_dir

#: How long recovery waits for a git process the killed rec started to finish by itself.
GRACE_SECONDS = 5.0
#: A lock file is only removed if it was made within this long after the marker (a
#: killed write's git, not a git the user ran much later) ...
WRITE_WINDOW_SECONDS = 600.0
#: ... and has not changed for this long (no live git is holding it).
LOCK_QUIET_SECONDS = 1.0


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
    refuse. `new_files` (e.g. evidence copies) are written and committed alongside, and
    removed again if the commit fails, as the recommendation file is restored.
    """
    number = parse_id(rec_id)
    path = ledger.rec_path(number)
    with LedgerLock(ledger.git_dir):
        recover_locked(ledger)
        if not os.path.lexists(path):  # a folder or a bad symlink is refused by read_bytes
            raise UnknownRecommendation(rec_id=number)
        commits.check_unchanged(ledger.git_root, path)
        old = read_bytes(path)
        rec = recfile.parse_recommendation(old, rec_id=number, path=path)
        events, message = build(rec, old)
        new = recfile.append_events(old, events, rec=rec, path=path)
        with pending_write(ledger, path, new=new):
            commit = _write_and_commit(
                ledger, path, old=old, new=new, extra=dict(new_files or {}),
                message=message, author=author,
            )  # fmt: skip
    return WriteResult(rec_id=number, commit=commit, message=message, events=events)


def _write_and_commit(
    ledger: Ledger, path: Path, *, old: bytes, new: bytes, extra: dict[Path, bytes],
    message: str, author: Identity | None,
) -> str:  # fmt: skip
    """Write the files and commit them; on any failure put every one back as it was."""
    written: list[Path] = []
    try:
        for target, data in extra.items():
            if not target.is_file() or target.read_bytes() != data:
                target.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(target, data, read_only=True)
                written.append(target)
        write_atomic(path, new)
        return commits.commit_file(
            ledger.git_root, path, message=message, new=False, author=author, also=list(extra)
        )
    except BaseException:
        write_atomic(path, old)
        for target in written:
            target.unlink(missing_ok=True)
        raise


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
        recover_locked(ledger)
        number = rec_id if rec_id is not None else max(ledger.rec_ids(), default=0) + 1
        path = ledger.rec_path(number)
        if path.exists():
            raise RecommendationExists(rec_id=number)
        ledger.recs_dir.mkdir(exist_ok=True)
        data = recfile.render_new_file(header=header, events=events)
        recfile.parse_recommendation(data, rec_id=number, path=path)  # prove it reads back
        text = message(number)
        with pending_write(ledger, path, new=data):
            write_atomic(path, data)
            try:
                commit = commits.commit_file(
                    ledger.git_root, path, message=text, new=True, author=author
                )
            except BaseException:
                path.unlink(missing_ok=True)
                raise
    return number, commit, text


# --- the write-ahead marker, and recovery from a killed write ------------------------------


def marker_path(ledger: Ledger) -> Path:
    return ledger.git_dir / "rectrack" / "pending"


@contextmanager
def pending_write(ledger: Ledger, path: Path, *, new: bytes) -> Iterator[None]:
    """Record the write about to happen; forget it when the block ends (either way)."""
    marker = marker_path(ledger)
    marker.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "path": path.relative_to(ledger.git_root).as_posix(),
        "new": blobs.blob_hash(new),
        "pid": os.getpid(),
    }
    write_atomic(marker, json.dumps(record).encode())
    try:
        yield
    finally:
        marker.unlink(missing_ok=True)


def recover_if_pending(ledger: Ledger) -> bool:
    """Settle a killed write, if any (one stat when there is none). True if one was found.

    A marker whose writer is still alive is a write in progress, not a killed one: rec
    does not wait for it. That matters when the write's own `git commit` runs a hook that
    calls rec (the `rec verify` pre-commit hook): waiting for the lock would deadlock.
    """
    marker = marker_path(ledger)
    if not marker.exists():
        return False
    try:
        pid = int(json.loads(marker.read_text()).get("pid", 0))
    except (OSError, ValueError, AttributeError):
        pid = 0
    if pid and _alive(pid):
        return False
    with LedgerLock(ledger.git_dir):
        return recover_locked(ledger)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_locked(ledger: Ledger) -> bool:
    """`recover_if_pending` for a caller already holding the ledger lock."""
    marker = marker_path(ledger)
    try:
        record = json.loads(marker.read_text())
        written = marker.stat().st_mtime
    except (FileNotFoundError, ValueError):
        marker.unlink(missing_ok=True)
        return False
    _wait_for_git(ledger.git_dir, since=written)
    if "files" in record:  # a batch of files in one commit (app/bulkwrite.py)
        from rectrack.app.bulkwrite import settle_files

        settle_files(ledger, record["files"])
        marker.unlink(missing_ok=True)
        return True
    relative = str(record["path"])
    path = ledger.git_root / relative
    head = blobs.read_blob(ledger.git_root, f"HEAD:{relative}")
    current = path.read_bytes() if path.is_file() else None
    if current == head:
        commits.unstage(ledger.git_root, relative)
    elif current is not None and blobs.blob_hash(current) == record["new"]:
        if head is None:
            path.unlink()
        else:
            write_atomic(path, head)
        commits.unstage(ledger.git_root, relative)
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        leftover.unlink(missing_ok=True)  # write_atomic's temporary file, killed mid-write
    marker.unlink(missing_ok=True)
    return True


def _wait_for_git(git_dir: Path, *, since: float) -> None:
    """Let a git child of the killed rec finish; then clear the locks it left behind.

    A git killed mid-commit can leave `index.lock`, `HEAD.lock` and the branch's ref lock
    (`refs/heads/<branch>.lock`). Only lock files created after the marker are removed:
    they belong to the killed write (the ledger lock kept other rec writes out); an older
    one belongs to some other git and is left alone.
    """
    index_lock = git_dir / "index.lock"  # each worktree has its own index
    # A git child may still be starting up when rec dies: give it a moment to show up.
    time.sleep(max(0.0, min(0.5, since + 0.5 - time.time())))
    deadline = time.monotonic() + GRACE_SECONDS
    while index_lock.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    for lock_file, mtime in _locks_made_during_the_write(git_dir, since=since).items():
        # Still there a moment later with the same time stamp: nobody is using it.
        time.sleep(max(0.0, mtime + LOCK_QUIET_SECONDS - time.time()))
        with suppress(FileNotFoundError):
            if lock_file.stat().st_mtime == mtime:
                lock_file.unlink()


def _locks_made_during_the_write(git_dir: Path, *, since: float) -> dict[Path, float]:
    """git's `*.lock` files made from the marker's time to a few minutes after it."""
    common = common_dir(git_dir)
    candidates = {*git_dir.glob("*.lock"), *common.glob("*.lock")}
    candidates |= set((common / "refs").rglob("*.lock"))
    found = {}
    for lock_file in candidates - {git_dir / "rectrack.lock", common / "rectrack.lock"}:
        with suppress(FileNotFoundError):
            mtime = lock_file.stat().st_mtime
            if since - 1 <= mtime <= since + WRITE_WINDOW_SECONDS:
                found[lock_file] = mtime
    return found
