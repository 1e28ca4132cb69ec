"""The write-ahead journal: files replaced and committed so that a failure or a kill at any
step leaves the ledger, the index and the user's own work as they were.

Every write goes through these steps (named for the fault-injection tests):

- `lock`: the ledger lock (vcs/lock.py), then `recover`: a killed write settled;
- `check`: the file has no uncommitted changes (a `git status` that takes no lock);
- `read`: the file read, the new bytes built and proven in memory;
- `journal`: the marker `<git dir>/rectrack/pending` written (each file's path, the hash
  of its new bytes, whether it existed) before anything else is touched;
- `beside`: each new version written beside its file, `.NAME.rectrack-new`: the one step
  of ours that needs free space;
- `swap`: each old file hard-linked to `.NAME.rectrack-old`, the new one renamed in;
- `add`: new files added to the index (the index hard-linked aside first);
- `commit`: `git commit --only` of exactly these files;
- `clean`: the old versions and the kept index removed; `done`: the marker removed.

Where the repository lets a plain commit be written with git's plumbing (vcs/
directcommit.py: no hooks, no signing...) and every file is an existing one, `add` sets
the files' index entries to their new blobs (the index kept aside first, as for new
files), then `objects`: the commit object stored, nothing referring to it yet; `commit`
is HEAD moved to it, only if HEAD still holds the commit it was built on.

A failure up to `commit` is undone at once by renames and unlinks only, so a full disk
cannot stop the undo: the old inode goes back under its name, a new file goes away, the
kept index is renamed back. A kill is undone by the next rec to open the ledger (app/
recovery.py reads the same marker).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from rectrack.errors import NotWritable, RectrackError
from rectrack.store.files import beside, drop_old, swap_back, swap_in, write_beside
from rectrack.store.paths import Ledger
from rectrack.vcs import blobs, commits, directcommit
from rectrack.vcs.commitbase import Base
from rectrack.vcs.index import KeptIndex, forget_kept, keep_index, put_index_back, untouched
from rectrack.vcs.repo import Identity, head_commit

#: Test hook, None in real use: the fault-injection tests (tests/app/test_faults.py) set
#: it inside a child process they start themselves, to kill or fail a write right after
#: the named step. Nothing outside Python code can set it, so it cannot fire by accident.
after_step: Callable[[str], None] | None = None


def step(name: str) -> None:
    """Mark that the write has just finished step `name` (see the module docstring)."""
    if after_step is not None:
        after_step(name)


@dataclass(frozen=True, kw_only=True)
class FileWrite:
    """One file a write replaces or creates. `add`: git may not track it yet."""

    path: Path
    data: bytes
    read_only: bool = False
    add: bool = False


def marker_path(ledger: Ledger) -> Path:
    return ledger.journal_marker


def kept_index_path(ledger: Ledger) -> Path:
    return ledger.git_dir / "rectrack" / "index.before"


def check_writable(*folders: Path) -> None:
    """NotWritable at once for a folder rec would have to write in (read-only, permissions)."""
    for folder in folders:
        if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
            probe = folder / ".rectrack-probe"
            try:  # access() can be wrong (root, ACLs): ask the file system itself
                probe.touch()
            except OSError as error:
                raise NotWritable(path=folder, reason=error.strerror or str(error)) from None
            probe.unlink()


def write_and_commit(
    ledger: Ledger, writes: Sequence[FileWrite], *, message: str, author: Identity | None,
    durable: bool = True, base: Base | None = None,
) -> str:  # fmt: skip
    """Steps `journal` to `done` for files the caller checked under the ledger lock.

    Returns the commit's hash; on any failure everything is put back and the error raised.
    `durable=False` (a batch of thousands of files): one system-wide flush after `beside`
    instead of an fsync per file and folder. `base`: see vcs/commitbase.py.
    """
    check_writable(*{write.path.parent for write in writes if write.path.parent.exists()})
    existed = {write.path: os.path.lexists(write.path) for write in writes}
    marker = marker_path(ledger)
    _write_marker(ledger, marker, writes, existed)
    attempt = _Attempt(ledger=ledger, writes=writes, existed=existed, durable=durable, base=base)
    try:
        step("journal")
        commit = attempt.run(message=message, author=author)
    except BaseException:
        if not attempt.committed():
            if attempt.roll_back():
                marker.unlink(missing_ok=True)
            raise
        # The commit was made after all (git failed after moving HEAD): the write stands,
        # and the index entries are set to the commit's.
        with suppress(OSError, RectrackError):
            relative = [str(w.path.relative_to(ledger.git_root)) for w in writes]
            commits.unstage(ledger.git_root, relative)
        commit = head_commit(ledger.git_root)
    # The commit is made: whatever fails from here is left for the next rec to tidy up,
    # never reported as a failed write (which the user would then record a second time).
    with suppress(OSError):
        for write in writes:
            drop_old(write.path)
        forget_kept(kept_index_path(ledger))
        step("clean")
        marker.unlink(missing_ok=True)
        step("done")
    attempt.housekeeping()
    return commit


def _write_marker(
    ledger: Ledger, marker: Path, writes: Sequence[FileWrite], existed: dict[Path, bool]
) -> None:
    """The marker, written beside and renamed in (its temporary has a fixed name too)."""
    record = {
        "pid": os.getpid(),
        "files": [
            {
                "path": write.path.relative_to(ledger.git_root).as_posix(),
                "new": blobs.blob_hash(write.data),
                "existed": existed[write.path],
            }
            for write in writes
        ],
    }
    marker.parent.mkdir(parents=True, exist_ok=True)
    write_beside(marker, json.dumps(record).encode())
    os.replace(beside(marker, "new"), marker)


@dataclass(kw_only=True)
class _Attempt:
    """One write's files and how far it got, so that a failure undoes exactly that."""

    ledger: Ledger
    writes: Sequence[FileWrite]
    existed: dict[Path, bool]
    folders: list[Path] = field(default_factory=list)
    swapped: list[Path] = field(default_factory=list)
    kept: KeptIndex | None = None
    staged: tuple[int, int, int, int] | None = None
    committing: bool = False
    durable: bool = True
    base: Base | None = None
    plan: directcommit.Plan | None = None

    def run(self, *, message: str, author: Identity | None) -> str:
        root = self.ledger.git_root
        for write in self.writes:
            self._make_folder(write.path.parent)
            write_beside(write.path, write.data, read_only=write.read_only, durable=self.durable)
        if not self.durable:
            os.sync()
        step("beside")
        for write in self.writes:
            self.swapped.append(write.path)
            swap_in(write.path, durable=self.durable)
        if not self.durable:
            os.sync()
        step("swap")
        added = [write.path for write in self.writes if write.add]
        if self.base is not None and not added:
            new = {write.path: write.data for write in self.writes}
            self.plan = directcommit.plan(self.base, new, message=message)
        if added or self.plan is not None:
            self.kept = keep_index(self.ledger.git_dir, kept=kept_index_path(self.ledger))
            if self.plan is not None:
                directcommit.stage(self.plan)
            else:
                commits.stage(root, added)
            self.staged = self.kept.identity()
        step("add")
        self.committing = True
        if self.plan is not None:
            commit = directcommit.make(self.plan, author=author)
            step("objects")
            directcommit.move_head(self.plan, commit)
        else:
            paths = [write.path for write in self.writes]
            commit = commits.commit_only(root, paths, message=message, author=author)
        step("commit")
        return commit

    def housekeeping(self) -> None:
        """What `git commit` does after a commit, where rec wrote it with plumbing (its
        automatic `gc`): git's business, so a failure there is never the write's."""
        if self.plan is not None:
            with suppress(OSError, RectrackError):
                directcommit.after(self.plan)

    def _make_folder(self, folder: Path) -> None:
        missing = [f for f in (folder, *folder.parents) if not f.exists()]
        folder.mkdir(parents=True, exist_ok=True)
        self.folders.extend(missing)

    def roll_back(self) -> bool:
        """Put every file and the index back; False if some of it has to wait for recovery."""
        clean = True
        for path in reversed(self.swapped):
            swap_back(path, existed=self.existed[path])
        for write in self.writes:
            beside(write.path, "new").unlink(missing_ok=True)
        if self.kept is not None:
            clean = self._put_index_back()
        for folder in self.folders:
            with suppress(OSError):
                folder.rmdir()
        return clean

    def _put_index_back(self) -> bool:
        assert self.kept is not None
        if untouched(self.kept):
            pass  # `git add` failed before writing the index (git puts nothing in it then)
        elif self.staged is None or not put_index_back(self.kept, written=self.staged):
            try:  # someone else's git changed the index meanwhile: ask git instead
                relative = [str(w.path.relative_to(self.ledger.git_root)) for w in self.writes]
                commits.unstage(self.ledger.git_root, relative)
            except (OSError, RectrackError):
                return False
        forget_kept(kept_index_path(self.ledger))
        return True

    def committed(self) -> bool:
        """Whether HEAD holds the new bytes (even if something failed after the commit)."""
        if not self.committing:
            return False
        first = self.writes[0]
        relative = first.path.relative_to(self.ledger.git_root).as_posix()
        head = blobs.read_blob(self.ledger.git_root, f"HEAD:{relative}")
        return head is not None and blobs.blob_hash(head) == blobs.blob_hash(first.data)
