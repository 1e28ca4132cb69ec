"""Faults: a failing commit restores the file; a killed write is settled by the next rec."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rectrack.app import recovery
from rectrack.vcs import blobs, commits
from tests.helpers import AUTHOR_A, commit_count, git, rec, snapshot

HALF = b"- date: 2020-01-01\n  by: killed\n  comment: half written\n"


@pytest.fixture(autouse=True)
def short_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recovery, "GRACE_SECONDS", 0.2)


def leave_marker(ledger: Path, rel: str, new: bytes) -> Path:
    """The state a SIGKILL between the file write and the commit leaves behind."""
    marker = ledger / ".git" / "rectrack" / "pending"
    marker.parent.mkdir(exist_ok=True)
    dead = 2**22 + 12345  # above Linux's default pid_max: no such process
    marker.write_text(json.dumps({"path": rel, "new": blobs.blob_hash(new), "pid": dead}))
    return marker


def failing_hook(ledger: Path) -> None:
    hook = ledger / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text("#!/bin/sh\necho 'policy: no commits today' >&2\nexit 1\n")
    hook.chmod(0o755)


def test_failing_hook_restores_the_file_byte_for_byte(ledger_with_rec: Path) -> None:
    """A pre-commit hook rejecting the commit leaves file, index and HEAD as they were."""
    failing_hook(ledger_with_rec)
    before, index = snapshot(ledger_with_rec), git(ledger_with_rec, "ls-files", "-s")
    result = rec(ledger_with_rec, "comment", "1", "refused by the hook")
    assert result.exit_code == 1
    assert result.stderr == "rec: error: git commit failed: policy: no commits today\n"
    assert snapshot(ledger_with_rec) == before
    assert git(ledger_with_rec, "ls-files", "-s") == index
    assert not (ledger_with_rec / ".git" / "rectrack" / "pending").exists()


def test_failing_hook_on_new_leaves_no_file(ledger_with_rec: Path) -> None:
    """A refused `rec new` leaves neither the file nor an index entry."""
    failing_hook(ledger_with_rec)
    before, index = snapshot(ledger_with_rec), git(ledger_with_rec, "ls-files", "-s")
    assert rec(ledger_with_rec, "new", "--title", "Refused").exit_code == 1
    assert snapshot(ledger_with_rec) == before
    assert git(ledger_with_rec, "ls-files", "-s") == index


def test_write_killed_before_commit_is_undone(ledger_with_rec: Path) -> None:
    """A file written but never committed is put back, and the next write works."""
    path = ledger_with_rec / "recs" / "1.yaml"
    old = path.read_bytes()
    path.write_bytes(old + HALF)
    marker = leave_marker(ledger_with_rec, "recs/1.yaml", old + HALF)
    result = rec(ledger_with_rec, "comment", "1", "after the crash")
    assert result.exit_code == 0, result.output
    assert b"half written" not in path.read_bytes()
    assert not marker.exists()
    assert git(ledger_with_rec, "status", "--porcelain") == ""
    assert rec(ledger_with_rec, "verify").exit_code == 0


def test_read_command_settles_a_killed_new(ledger_with_rec: Path) -> None:
    """A `rec new` killed after `git add` is undone by the next command, even a read."""
    path = ledger_with_rec / "recs" / "2.yaml"
    data = (ledger_with_rec / "recs" / "1.yaml").read_bytes()
    path.write_bytes(data)
    git(ledger_with_rec, "add", "recs/2.yaml")
    leave_marker(ledger_with_rec, "recs/2.yaml", data)
    result = rec(ledger_with_rec, "list")
    assert result.exit_code == 0, result.output
    assert not path.exists()
    assert git(ledger_with_rec, "status", "--porcelain") == ""


def test_write_killed_after_commit_keeps_the_event(ledger_with_rec: Path) -> None:
    """When the commit was made before the kill, the event stays, exactly once."""
    assert rec(ledger_with_rec, "comment", "1", "committed").exit_code == 0
    data = (ledger_with_rec / "recs" / "1.yaml").read_bytes()
    leave_marker(ledger_with_rec, "recs/1.yaml", data)
    count = commit_count(ledger_with_rec)
    assert rec(ledger_with_rec, "comment", "1", "next").exit_code == 0
    assert (ledger_with_rec / "recs" / "1.yaml").read_bytes().count(b"committed") == 1
    assert commit_count(ledger_with_rec) == count + 1


def test_file_changed_since_is_left_alone(ledger_with_rec: Path) -> None:
    """If the file holds neither HEAD's nor the marker's bytes, recovery does not touch it."""
    path = ledger_with_rec / "recs" / "1.yaml"
    path.write_bytes(path.read_bytes() + b"# my own edit\n")
    leave_marker(ledger_with_rec, "recs/1.yaml", b"something else")
    result = rec(ledger_with_rec, "comment", "1", "x")
    assert result.exit_code == 1
    assert "has uncommitted changes" in result.stderr
    assert path.read_bytes().endswith(b"# my own edit\n")


def test_stale_index_lock_of_a_killed_git_is_cleared(ledger_with_rec: Path) -> None:
    """An index.lock left by a git killed with rec (created after the marker) is removed."""
    path = ledger_with_rec / "recs" / "1.yaml"
    leave_marker(ledger_with_rec, "recs/1.yaml", path.read_bytes() + HALF)
    (ledger_with_rec / ".git" / "index.lock").write_bytes(b"")
    assert rec(ledger_with_rec, "comment", "1", "after").exit_code == 0
    assert not (ledger_with_rec / ".git" / "index.lock").exists()


def test_stale_ref_locks_of_a_killed_commit_are_cleared(ledger_with_rec: Path) -> None:
    """HEAD.lock and the branch's ref lock left by a killed `git commit` are removed."""
    path = ledger_with_rec / "recs" / "1.yaml"
    leave_marker(ledger_with_rec, "recs/1.yaml", path.read_bytes() + HALF)
    locks = [ledger_with_rec / ".git" / "HEAD.lock",
             ledger_with_rec / ".git" / "refs" / "heads" / "main.lock"]  # fmt: skip
    for lock in locks:
        lock.write_bytes(b"")
    assert rec(ledger_with_rec, "comment", "1", "after").exit_code == 0
    assert not any(lock.exists() for lock in locks)


def test_foreign_index_lock_is_not_cleared(
    ledger_with_rec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a marker, another git's index.lock is waited for, then reported, not removed."""
    monkeypatch.setattr(commits, "LOCK_TIMEOUT_SECONDS", 0.3)
    lock = ledger_with_rec / ".git" / "index.lock"
    lock.write_bytes(b"")
    old = time.time() - 3600
    os.utime(lock, (old, old))
    result = rec(ledger_with_rec, "comment", "1", "blocked")
    assert result.exit_code == 1
    assert result.stderr == (
        "rec: error: git commit failed: another git process has held index.lock for over "
        f"0.3 s; if no git is running, delete {lock}\n"
    )
    assert lock.exists()
    assert b"blocked" not in (ledger_with_rec / "recs" / "1.yaml").read_bytes()


def test_rec_verify_as_a_pre_commit_hook_does_not_deadlock(ledger_with_rec: Path) -> None:
    """A hook running `rec verify` during rec's own commit sees a live write and proceeds."""
    hook = ledger_with_rec / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text(f"#!/bin/sh\nexec {sys.executable} -m rectrack verify\n")
    hook.chmod(0o755)
    started = time.monotonic()
    result = rec(ledger_with_rec, "comment", "1", "checked by the hook")
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 10
    assert git(ledger_with_rec, "status", "--porcelain") == ""


def test_hook_rejects_a_hand_edit_through_rec_verify(ledger_with_rec: Path) -> None:
    """With the verify hook, committing a hand edit by plain git is refused."""
    hook = ledger_with_rec / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text(f"#!/bin/sh\nexec {sys.executable} -m rectrack verify\n")
    hook.chmod(0o755)
    path = ledger_with_rec / "recs" / "1.yaml"
    path.write_bytes(path.read_bytes().replace(b"DCI Smith", b"DCI Jones"))
    completed = subprocess.run(["git", "commit", "-qam", "sneaky"], cwd=ledger_with_rec,
                               capture_output=True, text=True, check=False)  # fmt: skip
    assert completed.returncode == 1
    assert "recommendation 1, working tree: header field owner edited by hand" in completed.stderr
    assert "sneaky" not in git(ledger_with_rec, "log", "--format=%s")


def _git_commands(ledger: Path, trace: Path, *args: str) -> list[str]:
    """The git subcommands one real `rec` process started (from git's own trace)."""
    env = {**os.environ, "GIT_TRACE": str(trace)}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "rec"), "--ledger", str(ledger), *args],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = trace.read_text().splitlines() if trace.exists() else []
    return [
        line.split("built-in: git ")[1].split(" ")[0] for line in lines if "built-in: git " in line
    ]


def test_a_plain_write_asks_git_only_what_its_files_cannot_tell(
    ledger_with_rec: Path, tmp_path: Path
) -> None:
    """A comment on a plain repository: one config listing, the commit's own plumbing, and no
    `git var`, `git status` or `git ls-files` (identity and index read from git's files)."""
    commands = _git_commands(ledger_with_rec, tmp_path / "trace", "comment", "1", "traced")
    assert commands == [
        "config",
        "cat-file",
        "hash-object",
        "update-index",
        "commit-tree",
        "update-ref",
    ]
    assert git(ledger_with_rec, "status", "--porcelain") == ""
    assert git(ledger_with_rec, "log", "-1", "--format=%an <%ae>|%s") == (
        f'{AUTHOR_A[0]} <{AUTHOR_A[1]}>|rec 1: comment "traced"\n'
    )


def test_a_hook_sends_the_write_through_git_commit(ledger_with_rec: Path, tmp_path: Path) -> None:
    """With a commit hook installed, the write is `git commit`, and the hook runs."""
    hook = ledger_with_rec / ".git" / "hooks" / "post-commit"
    hook.write_text(f"#!/bin/sh\necho ran > {tmp_path / 'ran'}\n")
    hook.chmod(0o755)
    commands = _git_commands(ledger_with_rec, tmp_path / "trace", "comment", "1", "hooked")
    assert "commit" in commands and "commit-tree" not in commands
    assert (tmp_path / "ran").read_text() == "ran\n"
