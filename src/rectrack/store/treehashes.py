"""What each file in a folder hashed to when last read, trusted while its stat data say it
has not changed since: `rec verify` compares the files on disk with HEAD every run, and
at 10,000 files reading and hashing them all is most of a run that finds nothing new.

Kept in `<git dir>/rectrack/` (never committed), with the read cache's rules
(store/readcache.py): any write changes a file's ctime, which no program can set back,
and a rename its inode; an entry whose times are within RACY_NS of the save is hashed
again before it is trusted ("racy git"). Only regular files are kept. A file that is
missing, unreadable or from another version is done without: correctness never depends
on it, and `rec verify --full` does not read it.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import time
from contextlib import suppress
from pathlib import Path

from rectrack.store.files import write_atomic

FORMAT = 1
_TAG = f"rectrack-treehashes-{FORMAT}"
#: Files changed this close to the save are hashed again before they are trusted.
RACY_NS = 2_000_000_000

#: (size, mtime_ns, ctime_ns, inode) of a regular file.
StatKey = tuple[int, int, int, int]


def cache_path(git_dir: Path, folder: Path) -> Path:
    """Where the hashes of one folder's files live (several ledgers may share a repo)."""
    name = hashlib.sha1(str(folder.resolve()).encode()).hexdigest()[:16]
    return git_dir / "rectrack" / f"tree-{name}.hashes"


class TreeHashes:
    """The hash of each file of one folder, by stat data; `use=False`: none trusted."""

    def __init__(self, cache_file: Path, *, use: bool = True) -> None:
        self._file = cache_file
        self._saved_at, self._entries = _load(cache_file) if use else (0, {})
        self._now: dict[str, tuple[StatKey, str]] = {}
        self._dirty = False

    def known(self, name: str, info: os.stat_result) -> str | None:
        """The hash `name` had when last read, if its stat data (`lstat`) prove it the same."""
        entry = self._entries.get(name)
        if entry is None or not stat.S_ISREG(info.st_mode) or entry[0] != _key(info):
            return None
        if max(info.st_mtime_ns, info.st_ctime_ns) >= self._saved_at - RACY_NS:
            self._dirty = True  # hashed again now; saved again, it is trusted next time
            return None
        self._now[name] = entry
        return entry[1]

    def remember(self, name: str, info: os.stat_result, digest: str) -> None:
        """`name`, whose stat data were `info` before it was read, hashed to `digest`."""
        if stat.S_ISREG(info.st_mode):
            self._now[name] = (_key(info), digest)

    def save(self) -> None:
        """Keep what this run hashed, if anything changed (silently not, if it cannot)."""
        if not self._dirty and self._now == self._entries:
            return
        data = marshal.dumps((_TAG, time.time_ns(), self._now))
        with suppress(OSError):
            self._file.parent.mkdir(exist_ok=True)
            write_atomic(self._file, data, durable=False)


def _key(info: os.stat_result) -> StatKey:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _load(cache_file: Path) -> tuple[int, dict[str, tuple[StatKey, str]]]:
    try:
        tag, saved_at, entries = marshal.loads(cache_file.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return 0, {}
    if tag != _TAG or not isinstance(saved_at, int) or not isinstance(entries, dict):
        return 0, {}
    valid = all(
        isinstance(name, str) and isinstance(entry, tuple) and len(entry) == 2
        and isinstance(entry[0], tuple) and isinstance(entry[1], str)
        for name, entry in entries.items()
    )  # fmt: skip
    return (saved_at, entries) if valid else (0, {})
