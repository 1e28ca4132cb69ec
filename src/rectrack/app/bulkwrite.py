"""Many recommendation files in one commit: an import's whole run, all or nothing.

The one write path (writepath.py) writes one file per commit. An import of a thousand
pages must be one commit, not a thousand, without a process per page, and must leave the
ledger as it was if it fails or is killed half way. So a batch goes the same way, scaled
up: under the ledger lock (any killed write settled first), its files refused if they
have uncommitted changes or changed since they were read, behind a write-ahead record
naming every file (writepath's marker, in its several-files shape), each file replaced
atomically, their blobs stored as one pack, and all committed by one `git commit --only`
that keeps the user's staged work out. Any failure (a hook, a full disk, Ctrl-C) puts
every file back; a kill leaves the marker, and the next rec settles it (`settle_files`):
a file holding the batch's bytes while HEAD does not gets HEAD's bytes back.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rectrack.app import writepath
from rectrack.errors import GitError, RecommendationExists, UncommittedChanges
from rectrack.store.files import write_atomic
from rectrack.store.paths import Ledger
from rectrack.vcs import blobs, commits
from rectrack.vcs.lock import LedgerLock
from rectrack.vcs.repo import Identity
from rectrack.vcs.runner import run


@dataclass(frozen=True, kw_only=True)
class FileWrite:
    """One file of a batch: its bytes now (None: a new file) and the bytes to write."""

    path: Path
    old: bytes | None
    new: bytes


@dataclass(frozen=True, kw_only=True)
class Batch:
    """What one commit writes: the files, and the commit message."""

    files: tuple[FileWrite, ...]
    message: str


#: Builds the batch under the lock, from the ledger as it is then (or raises to refuse).
BatchBuilder = Callable[[], Batch]


def write_and_commit(
    ledger: Ledger, *, build: BatchBuilder, author: Identity | None
) -> tuple[Batch, str | None]:
    """Lock, settle, `build`, write every file and commit them together.

    Returns the batch and the commit's hash (None when the batch has no files).
    """
    with LedgerLock(ledger.git_dir):
        writepath.recover_locked(ledger)
        batch = build()
        if not batch.files:
            return batch, None
        _check_current(ledger, batch.files)
        ledger.recs_dir.mkdir(exist_ok=True)
        with _journal(ledger, batch.files):
            commit = _write_and_commit(ledger, batch, author=author)
    return batch, commit


def uncommitted(ledger: Ledger, paths: Sequence[Path]) -> set[Path]:
    """Those of `paths` that are modified, staged or untracked: one `git status`."""
    if not paths:
        return set()
    root = ledger.git_root
    folders = sorted({path.parent.relative_to(root).as_posix() for path in paths})
    listing = run(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", *folders)
    # Each record is `XY path`; a rename's record is followed by its old path.
    dirty = {root / record[3:] for record in listing.split("\0") if len(record) > 3}
    return dirty & set(paths)


def _check_current(ledger: Ledger, files: Sequence[FileWrite]) -> None:
    for file in files:
        exists = os.path.lexists(file.path)
        if file.old is None and exists:
            raise RecommendationExists(rec_id=file.path.stem)
        if file.old is not None and (not exists or file.path.read_bytes() != file.old):
            raise UncommittedChanges(path=os.path.relpath(file.path, Path.cwd()))
    changed = uncommitted(ledger, [file.path for file in files if file.old is not None])
    if changed:
        raise UncommittedChanges(path=os.path.relpath(min(changed), Path.cwd()))


def _write_and_commit(ledger: Ledger, batch: Batch, *, author: Identity | None) -> str:
    """Write the files and commit them; on any failure put every one back as it was."""
    root = ledger.git_root
    written: list[FileWrite] = []
    try:
        for file in batch.files:
            written.append(file)
            write_atomic(file.path, file.new, durable=False)
        os.sync()  # one flush for the lot, before the commit says they are recorded
        blobs.store_blobs(root, (file.new for file in batch.files))
        return commits.commit_paths(
            root, [file.path for file in batch.files],
            add=[file.path for file in batch.files if file.old is None],
            message=batch.message, author=author,
        )  # fmt: skip
    except BaseException:
        _put_back(ledger, written)
        raise


def _put_back(ledger: Ledger, files: Sequence[FileWrite]) -> None:
    """Every file as it was, and its index entry as HEAD has it (`git add` may have run)."""
    with suppress(GitError, OSError):
        root = ledger.git_root
        commits.unstage(root, *(file.path.relative_to(root).as_posix() for file in files))
    for file in files:
        if file.old is None:
            file.path.unlink(missing_ok=True)
        else:
            write_atomic(file.path, file.old, durable=False)
    for folder in {file.path.parent for file in files}:
        _remove_leftovers(folder, {file.path.name for file in files})


# --- the write-ahead record, and settling a killed batch -----------------------------------


@contextmanager
def _journal(ledger: Ledger, files: Sequence[FileWrite]) -> Iterator[None]:
    """Record every file about to be written (writepath's marker); forget it afterwards."""
    root = ledger.git_root
    entries = [
        {
            "path": file.path.relative_to(root).as_posix(),
            "new": blobs.blob_hash(file.new),
            "old": None if file.old is None else blobs.blob_hash(file.old),
            "keep": None if file.old is None else len(file.old),
        }
        for file in files
    ]
    marker = writepath.marker_path(ledger)
    marker.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(marker, json.dumps({"files": entries, "pid": os.getpid()}).encode())
    try:
        yield
    finally:
        marker.unlink(missing_ok=True)


def settle_files(ledger: Ledger, entries: Sequence[dict[str, Any]]) -> None:
    """Undo what a killed batch wrote but never committed (called by writepath's recovery).

    A file that matches HEAD was committed (or never written): left as it is. A file
    holding exactly the batch's bytes while HEAD does not is put back: removed if it was
    new, cut back to its old bytes (the batch only appended) if HEAD has those. Anything
    else was changed by someone since, and is left alone. Index entries go back to HEAD's.
    """
    root = ledger.git_root
    head: dict[str, str] = {}
    for parent in sorted({str(entry["path"]).rpartition("/")[0] for entry in entries}):
        listing = blobs.list_tree(root, rev="HEAD", path=parent)
        head.update({f"{parent}/{name}": blob for name, blob in listing.items()})
    for entry in entries:
        relative = str(entry["path"])
        path = root / relative
        current = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        now = None if current is None else blobs.blob_hash(current)
        if current is None or now == head.get(relative) or now != entry["new"]:
            continue
        if entry["old"] is None and relative not in head:
            path.unlink()
        elif entry["old"] is not None and head.get(relative) == entry["old"]:
            old = current[: int(entry["keep"])]
            if blobs.blob_hash(old) == entry["old"]:
                write_atomic(path, old)
    names = {str(entry["path"]) for entry in entries}
    for folder in {(root / name).parent for name in names}:
        _remove_leftovers(folder, {Path(name).name for name in names})
    commits.unstage(root, *sorted(names))


def _remove_leftovers(folder: Path, names: set[str]) -> None:
    """write_atomic's temporary files (`.<name>.<random>.tmp`) of a write cut short."""
    try:
        listing = os.listdir(folder)
    except FileNotFoundError:
        return
    for entry in listing:
        made_for = entry[1:-4].rpartition(".")[0]
        if entry.startswith(".") and entry.endswith(".tmp") and made_for in names:
            (folder / entry).unlink(missing_ok=True)
