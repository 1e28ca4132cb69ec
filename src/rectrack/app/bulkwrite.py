"""Many recommendation files in one commit: an import's whole run, all or nothing.

An import of a thousand pages must be one commit, not a thousand, without a process per
page, and must leave the ledger as it was if it fails or is killed half way. So a batch
goes through the one journal (journal.py) with all its files: under the ledger lock (any
killed write settled first), its files refused if they have uncommitted changes or
changed since they were read, then written beside, swapped in and committed by one
`git commit --only` that keeps the user's staged work out; any failure puts every file
back, and a kill is settled by the next rec (recovery.py). Two things differ for size:
the blobs go into the object store first as one pack (so `git add` of 10,000 new files
writes no object: 15 s saved), and the files are flushed once, not each on its own.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rectrack.app.journal import FileWrite, write_and_commit
from rectrack.app.recovery import recover_locked
from rectrack.errors import RecommendationExists, UncommittedChanges
from rectrack.store.paths import Ledger
from rectrack.vcs import blobs, commits
from rectrack.vcs.lock import LedgerLock
from rectrack.vcs.repo import Identity


@dataclass(frozen=True, kw_only=True)
class BatchFile:
    """One file of a batch: its bytes now (None: a new file) and the bytes to write."""

    path: Path
    old: bytes | None
    new: bytes


@dataclass(frozen=True, kw_only=True)
class Batch:
    """What one commit writes: the files, and the commit message."""

    files: tuple[BatchFile, ...]
    message: str


#: Builds the batch under the lock, from the ledger as it is then (or raises to refuse).
BatchBuilder = Callable[[], Batch]


def write_batch(
    ledger: Ledger, *, build: BatchBuilder, author: Identity | None
) -> tuple[Batch, str | None]:
    """Lock, settle, `build`, write every file and commit them together.

    Returns the batch and the commit's hash (None when the batch has no files).
    """
    with LedgerLock(ledger.git_dir):
        recover_locked(ledger)
        batch = build()
        if not batch.files:
            return batch, None
        _check_current(ledger, batch.files)
        ledger.recs_dir.mkdir(exist_ok=True)
        blobs.store_blobs(ledger.git_root, (file.new for file in batch.files))
        writes = [
            FileWrite(path=file.path, data=file.new, add=file.old is None) for file in batch.files
        ]
        commit = write_and_commit(
            ledger, writes, message=batch.message, author=author, durable=False
        )
    return batch, commit


def _check_current(ledger: Ledger, files: Sequence[BatchFile]) -> None:
    """Refuse files that changed since the batch read them, or hold uncommitted changes."""
    for file in files:
        exists = os.path.lexists(file.path)
        if file.old is None and exists:
            raise RecommendationExists(rec_id=file.path.stem)
        if file.old is not None and (not exists or file.path.read_bytes() != file.old):
            raise UncommittedChanges(path=os.path.relpath(file.path, Path.cwd()))
    changed = commits.uncommitted(ledger.git_root, [f.path for f in files if f.old is not None])
    if changed:
        raise UncommittedChanges(path=os.path.relpath(min(changed), Path.cwd()))
