"""A write-ahead marker, so a `rec` killed mid-write leaves nothing half done.

A write is: lock, write the file (atomically), commit. A SIGKILL can land between the
file write and the commit, leaving a modified, uncommitted file that the next write would
refuse. So before touching the file, rec records `<git dir>/rectrack/pending` (the file's
path and the hash of the bytes it is about to write) and deletes it once the commit is
made or the file restored. The next rec that finds the marker, holding the ledger lock
(so the writer is surely dead), settles it:

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
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from rectrack import store
from rectrack.ledger import Ledger
from rectrack.vcs import blobs, commits, lock, repo

#: How long recovery waits for a git process the killed rec started to finish by itself.
GRACE_SECONDS = 5.0
#: A lock file is only removed if it was made within this long after the marker (a
#: killed write's git, not a git the user ran much later) ...
WRITE_WINDOW_SECONDS = 600.0
#: ... and has not changed for this long (no live git is holding it).
LOCK_QUIET_SECONDS = 1.0


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
    store.write_atomic(marker, json.dumps(record).encode())
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
    with lock.LedgerLock(ledger.git_dir):
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
            store.write_atomic(path, head)
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
    common = repo.common_dir(git_dir)
    candidates = {*git_dir.glob("*.lock"), *common.glob("*.lock")}
    candidates |= set((common / "refs").rglob("*.lock"))
    found = {}
    for lock_file in candidates - {git_dir / "rectrack.lock", common / "rectrack.lock"}:
        with suppress(FileNotFoundError):
            mtime = lock_file.stat().st_mtime
            if since - 1 <= mtime <= since + WRITE_WINDOW_SECONDS:
                found[lock_file] = mtime
    return found
