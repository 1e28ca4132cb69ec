"""The ledger lock: one rec write at a time on this machine."""

from __future__ import annotations

import errno
import fcntl
import os
import time
from pathlib import Path

from rectrack.errors import LockTimeout, NotWritable
from rectrack.vcs.commits import LOCK_TIMEOUT_SECONDS


class LedgerLock:
    """Serialises rec writes on one machine: an flock on <git dir>/rectrack.lock.

    The kernel drops an flock when its process dies, so a killed rec never leaves a lock
    that blocks the next one.
    """

    def __init__(self, git_dir: Path, *, timeout: float = LOCK_TIMEOUT_SECONDS) -> None:
        self.path = git_dir / "rectrack.lock"
        self.timeout = timeout
        self._fd: int | None = None

    def __enter__(self) -> LedgerLock:
        git_dir = self.path.parent
        # A git dir rec cannot write to is reported at once, as what it is, rather than
        # found out later as a lock that never comes or a failed `git add`.
        if not os.access(git_dir, os.W_OK | os.X_OK):
            raise NotWritable(path=git_dir, reason=_why_not_writable(git_dir))
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            if error.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise
            raise NotWritable(path=git_dir, reason=error.strerror) from None
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise LockTimeout(path=self.path, seconds=self.timeout) from None
                time.sleep(0.01)
        self._fd = fd
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _why_not_writable(folder: Path) -> str:
    """The file system's own reason ("Read-only file system", "Permission denied")."""
    statvfs = os.statvfs(folder)
    return os.strerror(errno.EROFS if statvfs.f_flag & os.ST_RDONLY else errno.EACCES)
