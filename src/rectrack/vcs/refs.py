"""Naming commits: revisions, dates, ancestry, the branch HEAD is on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rectrack.errors import GitError
from rectrack.vcs.runner import first_error, run, run_unchecked


def resolve(root: Path, rev: str) -> str | None:
    """The full hash of the commit `rev` names, or None if it names none."""
    try:
        return run(
            root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"
        ).strip()
    except GitError:
        return None


def has_commits(root: Path) -> bool:
    return resolve(root, "HEAD") is not None


def has_commits_strictly(root: Path) -> bool:
    """Whether HEAD names a commit; GitError when git cannot read the repository at all
    (a repository owned by someone else, a broken one), which must never pass for empty."""
    completed = run_unchecked(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    if completed.returncode == 0:
        return True
    if completed.stderr.strip():
        raise GitError(command="rev-parse", detail=first_error(completed.stderr))
    return False


def resolve_commit(root: Path, rev: str) -> tuple[str, dt.datetime] | None:
    """(full hash, committer date) of the commit `rev` names, or None if it names none."""
    sha = resolve(root, rev)
    return None if sha is None else (sha, commit_date(root, sha))


def commit_date(root: Path, sha: str) -> dt.datetime:
    """When `sha` was committed, with the committer's offset."""
    return dt.datetime.fromisoformat(run(root, "show", "-s", "--format=%cI", sha).strip())


def last_commit_before(root: Path, moment: dt.datetime) -> tuple[str, dt.datetime] | None:
    """The newest commit on HEAD's history committed at or before `moment`."""
    try:
        sha = run(root, "rev-list", "-1", f"--before={moment.isoformat()}", "HEAD").strip()
    except GitError:
        return None
    return (sha, commit_date(root, sha)) if sha else None


def is_ancestor(root: Path, ancestor: str, descendant: str = "HEAD") -> bool | None:
    """True/False, or None when `ancestor` is no longer in the repository at all."""
    try:
        run(root, "cat-file", "-e", f"{ancestor}^{{commit}}")
    except GitError:
        return None
    completed = run_unchecked(root, "merge-base", "--is-ancestor", ancestor, descendant)
    return completed.returncode == 0


def head_ref(root: Path) -> tuple[str, str]:
    """(the branch HEAD is on, or "HEAD" when detached; HEAD's commit hash)."""
    sha = run(root, "rev-parse", "HEAD").strip()
    try:
        ref = run(root, "symbolic-ref", "-q", "HEAD").strip()
    except GitError:
        ref = "HEAD"
    return ref, sha


def is_shallow(root: Path) -> bool:
    """Whether this clone's history is cut short (`git clone --depth`, CI's default fetch)."""
    return run(root, "rev-parse", "--is-shallow-repository").strip() == "true"
