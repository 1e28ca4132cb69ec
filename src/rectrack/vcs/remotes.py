"""The git verbs `rec sync` needs: fetch, merge, push, and rewriting unpushed commits.

Failures are raised as GitError with git's own first error line, or (merge, push)
returned as git's reason so sync can decide whether to try again.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rectrack.errors import GitError
from rectrack.vcs.blobs import list_tree
from rectrack.vcs.runner import run, run_unchecked

_REC_SUBJECT = re.compile(r"^rec (\d+):")


def current_branch(root: Path) -> str | None:
    try:
        return run(root, "symbolic-ref", "-q", "--short", "HEAD").strip()
    except GitError:
        return None


def upstream(root: Path, branch: str) -> tuple[str, str] | None:
    """(remote, remote branch) the branch tracks, or None."""
    try:
        remote = run(root, "config", f"branch.{branch}.remote").strip()
        merge = run(root, "config", f"branch.{branch}.merge").strip()
    except GitError:
        return None
    return remote, merge.removeprefix("refs/heads/")


def remotes(root: Path) -> list[str]:
    return run(root, "remote").split()


def fetch(root: Path, remote: str) -> None:
    """The remote's branches. Not its tags: a tag the remote moved would make git refuse
    the whole fetch; checkpoints are fetched beside ours (vcs/tags.py) and compared."""
    run(root, "fetch", "--quiet", "--no-tags", remote)


def local_commits(root: Path, upstream_ref: str) -> list[tuple[str, tuple[str, ...]]]:
    """(commit, parents) of commits on HEAD but not upstream, oldest first."""
    lines = run(root, "rev-list", "--parents", "--reverse", "--topo-order", f"{upstream_ref}..HEAD")
    return [(parts[0], tuple(parts[1:])) for parts in map(str.split, lines.splitlines())]


def added_files(root: Path, upstream_ref: str, pathspec: str) -> list[str]:
    """Paths under `pathspec` that commits on HEAD but not upstream created."""
    out = run(root, "log", "--diff-filter=A", "--name-only", "--format=", "--no-renames",
              f"{upstream_ref}..HEAD", "--", pathspec)  # fmt: skip
    return sorted({line for line in out.splitlines() if line})


def folder_names(root: Path, rev: str, folder: str) -> set[str]:
    return set(list_tree(root, rev=rev, path=folder))


@dataclass(frozen=True, kw_only=True)
class Rewrite:
    """Unpushed commits to replay with some files renamed (old path -> new path)."""

    renames: Mapping[str, str]
    ids: Mapping[int, int]


def rewrite_commits(
    root: Path, commits: list[tuple[str, tuple[str, ...]]], rewrite: Rewrite
) -> str:
    """Replay `commits` (oldest first, no merges) with the renames; the new tip's hash.

    Author, author date and message are kept (with `rec N:` renumbered); the committer
    is whoever runs sync, as with a rebase.
    """
    replaced: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="rectrack-") as scratch:
        env = {"GIT_INDEX_FILE": os.path.join(scratch, "index")}
        for sha, parents in commits:
            run(root, "read-tree", sha, env=env)
            entries = []
            for old, new in rewrite.renames.items():
                staged = run(root, "ls-files", "-s", "--", old, env=env).split()
                if staged:
                    mode, blob = staged[0], staged[1]
                    entries += [f"0 {'0' * 40}\t{old}", f"{mode} {blob}\t{new}"]
            if entries:
                run(root, "update-index", "--index-info", env=env,
                    stdin=("\n".join(entries) + "\n").encode())  # fmt: skip
            tree = run(root, "write-tree", env=env).strip()
            author, message = _author_and_message(root, sha)
            message = _renumber_subject(message, rewrite.ids)
            args = [arg for parent in parents for arg in ("-p", replaced.get(parent, parent))]
            replaced[sha] = run(root, "commit-tree", tree, *args, env={**env, **author},
                                stdin=message.encode()).strip()  # fmt: skip
    return replaced[commits[-1][0]]


def _author_and_message(root: Path, sha: str) -> tuple[dict[str, str], str]:
    raw = run(root, "cat-file", "commit", sha)
    headers, _, message = raw.partition("\n\n")
    for line in headers.splitlines():
        if line.startswith("author "):
            person = line.removeprefix("author ")
            name, _, rest = person.partition(" <")
            email, _, when = rest.partition("> ")
            return {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
                    "GIT_AUTHOR_DATE": when}, message  # fmt: skip
    return {}, message


def _renumber_subject(message: str, ids: Mapping[int, int]) -> str:
    match = _REC_SUBJECT.match(message)
    if match is None or int(match.group(1)) not in ids:
        return message
    return f"rec {ids[int(match.group(1))]}:" + message[match.end() :]


def reset_keep(root: Path, commit: str) -> None:
    """Move the branch to `commit`, updating files but keeping the user's local changes."""
    run(root, "reset", "-q", "--keep", commit)


def merge(root: Path, ref: str, *, message: str) -> str | None:
    """Merge `ref` (with the configured drivers); None when done, else git's complaint.

    On a conflict the merge is aborted, so the work tree is as before.
    """
    completed = run_unchecked(root, "merge", "--no-edit", "-m", message, ref)
    if completed.returncode == 0:
        return None
    output = (completed.stdout + completed.stderr).decode("utf-8", "replace")
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    detail = next((line for line in lines if "CONFLICT" in line), None) or next(
        (line for line in lines if line.startswith(("error:", "fatal:"))), None
    )
    run_unchecked(root, "merge", "--abort")
    return detail or (lines[-1] if lines else "git merge failed")


def push(root: Path, remote: str, branch: str, *, set_upstream: bool) -> str | None:
    """Push HEAD to remote's `branch`; None on success, else git's reason (e.g. rejected)."""
    args = ["push", "--quiet", *(["-u"] if set_upstream else []), remote,
            f"HEAD:refs/heads/{branch}"]  # fmt: skip
    completed = run_unchecked(root, *args)
    if completed.returncode == 0:
        return None
    lines = completed.stderr.decode("utf-8", "replace").splitlines()
    reasons = [line.strip() for line in lines if "rejected" in line or "error" in line]
    return (reasons or [line.strip() for line in lines if line.strip()] or ["push failed"])[0]
