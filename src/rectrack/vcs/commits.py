"""Committing exactly the files rec wrote, and nothing the user staged.

`git commit --only` builds the commit from HEAD plus the named paths, so the user's other
staged and unstaged work stays as it was; a commit that fails leaves the index as it was.
New files must be added first (`stage`); app/journal.py puts the index back if the commit
then fails.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rectrack.errors import GitError, UncommittedChanges
from rectrack.vcs.repo import Identity, head_commit
from rectrack.vcs.runner import run

#: How long a write waits for another git process's index.lock before giving up.
LOCK_TIMEOUT_SECONDS = 30.0


def check_unchanged(root: Path, path: Path) -> None:
    """Raise UncommittedChanges if `path` is modified, staged or untracked.

    `git status` may refresh the index, taking `index.lock` to write it; GIT_OPTIONAL_LOCKS=0
    keeps this read-only check from taking any lock (a kill here then leaves none behind)
    and lets it run on a full disk.
    """
    status = run(
        root, "status", "--porcelain", "-z", "--untracked-files=all", "--", str(path),
        env={"GIT_OPTIONAL_LOCKS": "0"},
    )  # fmt: skip
    if status:
        raise UncommittedChanges(path=os.path.relpath(path, Path.cwd()))


def uncommitted(root: Path, paths: Sequence[Path]) -> set[Path]:
    """Those of `paths` that are modified, staged or untracked: one `git status` (taking no
    lock, as check_unchanged) for any number of them."""
    if not paths:
        return set()
    folders = sorted({path.parent.relative_to(root).as_posix() for path in paths})
    listing = run(
        root, "status", "--porcelain", "-z", "--untracked-files=all", "--", *folders,
        env={"GIT_OPTIONAL_LOCKS": "0"},
    )  # fmt: skip
    # Each record is `XY path`; a rename's record is followed by its old path.
    dirty = {root / record[3:] for record in listing.split("\0") if len(record) > 3}
    return dirty & set(paths)


def stage(root: Path, paths: Sequence[Path]) -> None:
    """`git add` new files, so that `commit_only` may name them."""
    relative = [str(path.relative_to(root)) for path in paths]
    retry_on_index_lock(lambda: run(root, "add", "--", *relative, tied=True))


def commit_only(root: Path, paths: Sequence[Path], *, message: str, author: Identity | None) -> str:
    """Commit exactly `paths` (nothing else the user staged); the new commit's hash.

    `git commit --only` builds the commit from HEAD plus these paths, so the user's other
    staged and unstaged work stays as it was; a commit that fails leaves the index as it was.
    """
    env = author_env(author)
    relative = [str(path.relative_to(root)) for path in paths]
    # The message on stdin: an import's lists thousands of files, past the 128 KiB a
    # single argument may have.
    command = ("commit", "-q", "--only", "-F", "-", "--", *relative)
    retry_on_index_lock(lambda: run(root, *command, env=env, stdin=message.encode(), tied=True))
    return head_commit(root)


def author_env(author: Identity | None) -> dict[str, str] | None:
    """The environment that makes git record `author` (and as committer, unless the
    environment names one): rec forcing `--by` where git has no identity of its own."""
    if author is None:
        return None
    return {
        "GIT_AUTHOR_NAME": author.name,
        "GIT_AUTHOR_EMAIL": author.email,
        "GIT_COMMITTER_NAME": os.environ.get("GIT_COMMITTER_NAME", author.name),
        "GIT_COMMITTER_EMAIL": os.environ.get("GIT_COMMITTER_EMAIL", author.email),
    }


def unstage(root: Path, relative: Sequence[str]) -> None:
    """Put the index entries of `relative` back to HEAD's (none, if HEAD lacks them)."""
    try:
        run(root, "reset", "-q", "--", *relative)
    except GitError:  # no HEAD yet
        run(root, "rm", "-q", "--cached", "--ignore-unmatch", "--", *relative)


def retry_on_index_lock(action: Callable[[], object]) -> None:
    """Run a git call, waiting (bounded) while another git process holds index.lock."""
    deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
    delay = 0.02
    while True:
        try:
            action()
            return
        except GitError as error:
            # Only another process's lock is worth waiting for: a git dir that cannot be
            # written ("Permission denied", "Read-only file system") fails at once. (The
            # lock file's presence is checked too, for git speaking another language.)
            text = str(error)
            held = "File exists" in text or Path(_lock_path(error)).exists()
            if "index.lock" not in text or not held:
                raise
            if time.monotonic() > deadline:
                raise GitError(
                    command=error.details.get("command", "commit"),
                    detail=f"another git process has held index.lock for over "
                    f"{LOCK_TIMEOUT_SECONDS:g} s; if no git is running, delete "
                    f"{_lock_path(error)}",
                ) from None
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


def _lock_path(error: GitError) -> str:
    """The index.lock path in git's message ("Unable to create '/x/.git/index.lock'...")."""
    text = str(error)
    start = text.find("'")
    end = text.find("index.lock'", start)
    return (
        text[start + 1 : end + len("index.lock")]
        if start >= 0 and end > start
        else ".git/index.lock"
    )
