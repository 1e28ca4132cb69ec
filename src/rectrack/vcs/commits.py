"""Committing exactly the files rec wrote, and nothing the user staged.

`git commit --only` builds the commit from HEAD plus the named paths, so the user's other
staged and unstaged work stays as it was; a commit that fails puts the index back.
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
    """Raise UncommittedChanges if `path` is modified, staged or untracked."""
    status = run(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", str(path))
    if status:
        raise UncommittedChanges(path=os.path.relpath(path, Path.cwd()))


def commit_file(
    root: Path,
    path: Path,
    *,
    message: str,
    new: bool,
    author: Identity | None,
    also: Sequence[Path] = (),
) -> str:
    """Commit exactly `path` (nothing else the user staged) and return the new commit's hash.

    `also`: more files (new or changed) that belong in the same commit, e.g. `rec init`'s
    .gitattributes or evidence copies.
    """
    return commit_paths(
        root, [path, *also], add=[*([path] if new else []), *also], message=message, author=author
    )


def commit_paths(
    root: Path, paths: Sequence[Path], *, add: Sequence[Path], message: str, author: Identity | None
) -> str:
    """Commit exactly `paths` (nothing else the user staged) and return the new commit's hash.

    `git commit --only` builds the commit from HEAD plus these paths, so the user's other
    staged and unstaged work stays as it was. `add` (new files among them) are added to the
    index first and put back as they were if the commit fails.
    """
    env = None
    if author is not None:
        env = {
            "GIT_AUTHOR_NAME": author.name,
            "GIT_AUTHOR_EMAIL": author.email,
            "GIT_COMMITTER_NAME": os.environ.get("GIT_COMMITTER_NAME", author.name),
            "GIT_COMMITTER_EMAIL": os.environ.get("GIT_COMMITTER_EMAIL", author.email),
        }
    relative = [str(path.relative_to(root)) for path in paths]
    added = [str(path.relative_to(root)) for path in add]
    if added:
        _retry_on_index_lock(lambda: run(root, "add", "--", *added, tied=True))
    try:
        # The message on stdin: an import's lists thousands of files, past the 128 KiB a
        # single argument may have.
        commit = ("commit", "-q", "--only", "-F", "-", "--", *relative)
        _retry_on_index_lock(lambda: run(root, *commit, env=env, stdin=message.encode(), tied=True))
    except GitError:
        if added:
            unstage(root, *added)
        raise
    return head_commit(root)


def unstage(root: Path, *relative: str) -> None:
    """Put the index entries of `relative` back to HEAD's (none, if HEAD lacks them).

    One git process for any number of paths: an import puts back thousands at once.
    """
    try:
        run(root, "reset", "-q", "--", *relative)
    except GitError:  # no HEAD yet
        run(root, "rm", "-q", "--cached", "--ignore-unmatch", "--", *relative)


def _retry_on_index_lock(action: Callable[[], object]) -> None:
    """Run a git call, waiting (bounded) while another git process holds index.lock."""
    deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
    delay = 0.02
    while True:
        try:
            action()
            return
        except GitError as error:
            if "index.lock" not in str(error):
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
