"""The index (git's staging area) kept aside and put back without needing free space.

`git add` replaces `.git/index` with a new file; a hard link to the old one, taken just
before, keeps the old bytes at no cost. If the commit then fails (a full disk included),
renaming that link back puts the index exactly as it was, user's staged work included,
where `git reset` would need room to write a new index. It is only put back if the index
is still the one `git add` wrote, checked while holding git's own `index.lock`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, kw_only=True)
class KeptIndex:
    """The index as it was before rec's `git add` (`existed`: there was one)."""

    index: Path
    kept: Path | None
    existed: bool

    def identity(self) -> tuple[int, int, int, int] | None:
        """What tells one version of the index file from another."""
        try:
            found = self.index.stat()
        except FileNotFoundError:
            return None
        return found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns


def untouched(kept: KeptIndex) -> bool:
    """Whether the index is still the very file kept aside (no git wrote it since)."""
    if not kept.existed:
        return not kept.index.exists()
    try:
        return kept.kept is not None and os.path.samefile(kept.index, kept.kept)
    except FileNotFoundError:
        return False


def keep_index(git_dir: Path, *, kept: Path) -> KeptIndex:
    """Hard-link the index to `kept` before rec changes it."""
    index = git_dir / "index"
    kept.unlink(missing_ok=True)
    try:
        os.link(index, kept)
    except FileNotFoundError:
        return KeptIndex(index=index, kept=kept, existed=False)
    except OSError:  # no hard links on this file system: `git reset` will have to do
        return KeptIndex(index=index, kept=None, existed=True)
    return KeptIndex(index=index, kept=kept, existed=True)


def put_index_back(kept: KeptIndex, *, written: tuple[int, int, int, int] | None) -> bool:
    """Put the kept index back if the index is still the one rec's `git add` wrote.

    False (and nothing changed) if another git holds the index or has changed it since.
    """
    lock = kept.index.with_name("index.lock")
    try:
        descriptor = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError:
        return False
    try:
        if written is None or kept.identity() != written:
            return False
        if kept.existed:
            if kept.kept is None:
                return False
            os.replace(kept.kept, kept.index)
        else:
            kept.index.unlink(missing_ok=True)
        return True
    finally:
        os.close(descriptor)
        lock.unlink(missing_ok=True)


def forget_kept(kept: Path) -> None:
    """Remove the kept copy (the commit is made, or the index was put back another way)."""
    kept.unlink(missing_ok=True)
