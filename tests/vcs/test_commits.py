"""Committing one file: the pre-check takes no lock; a lock is only waited for if it exists."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from rectrack.errors import GitError, UncommittedChanges
from rectrack.vcs import commits
from tests.helpers import git


def _index_identity(repo: Path) -> tuple[int, int]:
    found = (repo / ".git" / "index").stat()
    return found.st_ino, found.st_mtime_ns


def test_pre_check_never_writes_the_index(ledger_with_rec: Path) -> None:
    """`check_unchanged` leaves the index file alone even when git would refresh it.

    A plain `git status` rewrites a stale index under index.lock; a kill at that moment
    left a lock that recovery never removed, since the write had no marker yet.
    """
    path = ledger_with_rec / "recs" / "1.yaml"
    later = time.time() + 5
    os.utime(path, (later, later))  # same bytes, new stat data: the index is now stale
    before = _index_identity(ledger_with_rec)
    commits.check_unchanged(ledger_with_rec, path)
    assert _index_identity(ledger_with_rec) == before
    git(ledger_with_rec, "status", "--porcelain")  # what the check used to do: rewrites it
    assert _index_identity(ledger_with_rec) != before


def test_pre_check_runs_while_another_git_holds_the_index(ledger_with_rec: Path) -> None:
    """The pre-check neither waits for nor fails on someone else's index.lock."""
    (ledger_with_rec / ".git" / "index.lock").write_bytes(b"")
    commits.check_unchanged(ledger_with_rec, ledger_with_rec / "recs" / "1.yaml")
    path = ledger_with_rec / "recs" / "1.yaml"
    path.write_bytes(path.read_bytes() + b"# edit\n")
    with pytest.raises(UncommittedChanges):
        commits.check_unchanged(ledger_with_rec, path)


def test_index_lock_that_cannot_be_created_fails_at_once(
    ledger_with_rec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git failing to create index.lock for another reason than "exists" is not waited on."""
    calls = []

    def refused() -> None:
        calls.append(1)
        lock = ledger_with_rec / ".git" / "index.lock"
        raise GitError(command="add", detail=f"Unable to create '{lock}': Permission denied")

    started = time.monotonic()
    with pytest.raises(GitError, match="Permission denied"):
        commits.retry_on_index_lock(refused)
    assert calls == [1] and time.monotonic() - started < 1
