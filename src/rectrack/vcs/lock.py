"""The ledger lock: one rec write at a time on this machine."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from rectrack.errors import LockTimeout
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
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
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
