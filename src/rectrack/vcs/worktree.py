"""The work tree against a commit: whether files on disk are exactly as committed, and
whether git ignores a path.

`same_as_commit` hashes the files themselves as git would (blobs.blob_hash) and compares
them with one `git ls-tree`, so nothing git's index says can mislead it: a file marked
`--assume-unchanged` or `--skip-worktree` and then edited, an ignored or untracked file,
a missing one all count as different.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from rectrack.errors import GitError
from rectrack.vcs.blobs import blob_hash
from rectrack.vcs.runner import run, run_unchecked

_REGULAR = ("100644", "100755")


def same_as_commit(root: Path, *, rev: str, paths: Sequence[Path]) -> bool:
    """True when every file at or under `paths` (inside work tree `root`) is byte for byte
    what commit `rev` holds there, with no file more or less; False otherwise."""
    relative = [path.relative_to(root).as_posix() for path in paths]
    try:
        listing = run(root, "ls-tree", "-r", "-z", "--full-tree", rev, "--", *relative)
    except GitError:
        return False
    committed: dict[str, str] = {}
    for record in listing.split("\0"):
        if record:
            meta, _, name = record.partition("\t")
            mode, _kind, sha = meta.split()
            if mode not in _REGULAR:
                return False  # a symlink or submodule: leave it to the slower, certain path
            committed[name] = sha
    on_disk = _files(root, paths)
    if on_disk is None or on_disk.keys() != committed.keys():
        return False
    for name, sha in committed.items():
        try:
            data = (root / name).read_bytes()
        except OSError:
            return False
        if blob_hash(data) != sha:
            return False
    return True


def _files(root: Path, paths: Sequence[Path]) -> dict[str, None] | None:
    """Every regular file at or under `paths`, relative to `root`; None if a symlink or
    anything but files and folders is there."""
    found: dict[str, None] = {}
    for path in paths:
        if path.is_symlink():
            return None
        if path.is_file():
            found[path.relative_to(root).as_posix()] = None
            continue
        for folder, folders, names in os.walk(path):
            base = Path(folder)
            for name in [*folders, *names]:
                entry = base / name
                if entry.is_symlink() or not (entry.is_dir() or entry.is_file()):
                    return None
            for name in names:
                found[(base / name).relative_to(root).as_posix()] = None
    return found


def is_ignored(root: Path, folder: Path) -> bool:
    """Whether git ignores `folder` (inside work tree `root`), whether it exists yet or not."""
    completed = run_unchecked(root, "check-ignore", "-q", "--no-index", "--", f"{folder}/")
    return completed.returncode == 0
