"""Settling a write that was killed: what the next rec does with a journal marker it finds.

The marker (app/journal.py) names each file of the write, the hash of its new bytes and
whether it existed. The next rec that finds it, holding the ledger lock (so the writer is
surely dead), settles each file:

- HEAD holds the new bytes: the commit was made; only the old copy is dropped;
- the file holds the new bytes (or is gone mid-swap): the commit was not made, so the old
  file is renamed back from `.NAME.rectrack-old` (a new file is removed). The killed
  command never reported success, so its event is dropped rather than committed:
  re-running it cannot then record the event twice;
- anything else: someone changed the file since; it is left alone.

Then the settled files' index entries are set back to HEAD's (`git reset`: a killed
`git add` or a `git commit` killed between its ref update and its index update), and a
git process killed with rec that left `index.lock`, `HEAD.lock` or a ref lock has them
removed, if made after the marker and still there after a grace period.
"""

from __future__ import annotations

import json
import os
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from rectrack.app.journal import kept_index_path, marker_path
from rectrack.store.files import beside, drop_old, write_atomic
from rectrack.store.paths import Ledger
from rectrack.vcs import blobs, commits
from rectrack.vcs.index import forget_kept
from rectrack.vcs.lock import LedgerLock
from rectrack.vcs.repo import common_dir

#: How long recovery waits for a git process the killed rec started to finish by itself.
GRACE_SECONDS = 5.0
#: How long after the marker a git child of the killed rec may still be starting up.
STARTUP_SECONDS = 0.5
#: A lock file is only removed if it was made within this long after the marker (a
#: killed write's git, not a git the user ran much later) ...
WRITE_WINDOW_SECONDS = 600.0
#: ... and has not changed for this long (no live git is holding it).
LOCK_QUIET_SECONDS = 1.0


@dataclass(frozen=True, kw_only=True)
class _Entry:
    """One file of the killed write, as its marker records it."""

    relative: str
    new: str


def recover_if_pending(ledger: Ledger) -> bool:
    """Settle a killed write, if any (one stat when there is none). True if one was found.

    A marker whose writer is still alive is a write in progress, not a killed one: rec
    does not wait for it. That matters when the write's own `git commit` runs a hook that
    calls rec (the `rec verify` pre-commit hook): waiting for the lock would deadlock. (A
    marker of this very process is a write of its own that failed.) A git dir rec
    cannot write to is left for a rec that can (reads still work).
    """
    marker = marker_path(ledger)
    if not marker.exists():
        return False
    try:
        pid = int(json.loads(marker.read_text()).get("pid", 0))
    except (OSError, ValueError, AttributeError):
        pid = 0
    if (pid and pid != os.getpid() and _alive(pid)) or not os.access(ledger.git_dir, os.W_OK):
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
    beside(marker, "new").unlink(missing_ok=True)  # a marker killed while being written
    try:
        record = json.loads(marker.read_text())
        written = marker.stat().st_mtime
        entries = _entries(record)
    except FileNotFoundError:
        return False
    except (ValueError, KeyError, TypeError, AttributeError):
        marker.unlink(missing_ok=True)  # not one of ours: nothing it names can be trusted
        return False
    _wait_for_git(ledger.git_dir, since=written)
    settled = [entry.relative for entry in entries if _settle(ledger, entry)]
    if settled:
        commits.unstage(ledger.git_root, settled)
    forget_kept(kept_index_path(ledger))
    marker.unlink(missing_ok=True)
    return True


def _entries(record: dict[str, object]) -> list[_Entry]:
    """The files a marker names (a marker from before rectrack 0.x named one)."""
    files = record.get("files")
    if not isinstance(files, list):
        return [_Entry(relative=str(record["path"]), new=str(record["new"]))]
    return [_Entry(relative=str(item["path"]), new=str(item["new"])) for item in files]


def _settle(ledger: Ledger, entry: _Entry) -> bool:
    """Put one file as HEAD has it if the write left it; False if someone changed it since."""
    path = ledger.git_root / entry.relative
    head = blobs.read_blob(ledger.git_root, f"HEAD:{entry.relative}")
    current = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    ours = current is None or blobs.blob_hash(current) == entry.new
    if (head is not None and blobs.blob_hash(head) == entry.new) or current == head:
        pass  # the commit was made, or the file was never replaced
    elif not ours:
        drop_old(path)
        return False
    elif os.path.lexists(beside(path, "old")):
        os.replace(beside(path, "old"), path)
    elif current is not None and head is None:
        path.unlink()
    elif current is not None and head is not None:
        write_atomic(path, head)  # an older rectrack's marker: no old copy was kept
    drop_old(path)
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        leftover.unlink(missing_ok=True)  # an older rectrack's temporary file
    return True


def _wait_for_git(git_dir: Path, *, since: float) -> None:
    """Let a git child of the killed rec finish; then clear the locks it left behind.

    A git killed mid-commit can leave `index.lock`, `HEAD.lock` and the branch's ref lock
    (`refs/heads/<branch>.lock`). Only lock files created after the marker are removed:
    they belong to the killed write (the ledger lock kept other rec writes out, and no
    git process of a write starts before its marker); an older one belongs to some other
    git and is left alone.
    """
    index_lock = git_dir / "index.lock"  # each worktree has its own index
    # A git child may still be starting up when rec dies: give it a moment to show up.
    time.sleep(max(0.0, min(STARTUP_SECONDS, since + STARTUP_SECONDS - time.time())))
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
