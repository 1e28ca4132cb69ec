"""`rec sync`: fetch, renumber clashing unpushed IDs, merge with the driver, push.

Integration is a merge, not a rebase (docs/integrity.md explains why): every commit
already made keeps its hash, content and signature, and the merge commit's files hold
each side's events in order, which is what `rec verify` checks of a merge. The one
rewrite sync ever does is renumbering: when a local `rec new` that was never pushed took
an ID the remote has meanwhile used, the local commits are replayed with that file (and
the `rec N:` in their messages) moved to the next free ID. Pushed commits are never
rewritten.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from rectrack.app import checkpointsync, recovery
from rectrack.app.ledger import require_driver
from rectrack.errors import GitError, SyncError
from rectrack.store.paths import Ledger
from rectrack.vcs import lock, refs, remotes, tags

#: A push can lose a race with another clone's push: fetch, merge and push again.
PUSH_ATTEMPTS = 3
#: What git says when another push holds or just moved the remote's ref.
_RACES = ("rejected", "fetch first", "cannot lock ref", "failed to update ref", "non-fast-forward")


@dataclass(kw_only=True)
class SyncResult:
    """What sync did, in the order it did it."""

    remote: str
    branch: str
    renumbered: dict[int, int] = field(default_factory=dict)
    merged: bool = False
    pushed: bool = False
    notes: list[str] = field(default_factory=list)
    sent: bool = False

    @property
    def summary(self) -> str:
        """`up to date`, `received`, `sent` or `received and sent`."""
        done = [word for word, flag in (("received", self.merged), ("sent", self.sent)) if flag]
        return " and ".join(done) or "up to date"


def sync(ledger: Ledger, *, remote: str | None = None) -> SyncResult:
    """Bring this clone and the remote to hold every event, and push."""
    require_driver(ledger)
    root = ledger.git_root
    branch = remotes.current_branch(root)
    if branch is None:
        raise SyncError(detail="HEAD is detached: check out a branch first")
    tracked = remotes.upstream(root, branch)
    if remote is None:
        remote = tracked[0] if tracked else _only_remote(root)
    remote_branch = tracked[1] if tracked and tracked[0] == remote else branch
    result = SyncResult(remote=remote, branch=remote_branch)
    with lock.LedgerLock(ledger.git_dir):
        recovery.recover_locked(ledger)
        for attempt in range(PUSH_ATTEMPTS):
            if attempt:  # another clone won the race: let it finish, then go again
                time.sleep(random.uniform(0.1, 0.4) * attempt)
            _integrate(ledger, result, set_upstream=tracked is None)
            if result.pushed:
                result.notes += checkpointsync.share(ledger, remote=remote)
                return result
    raise SyncError(detail=f"{remote} kept changing while pushing; run `rec sync` again")


def _only_remote(root: Path) -> str:
    names = remotes.remotes(root)
    if "origin" in names or not names:
        if not names:
            raise SyncError(detail="no remote: add one with `git remote add origin URL`")
        return "origin"
    return names[0]


def _integrate(ledger: Ledger, result: SyncResult, *, set_upstream: bool) -> None:
    root = ledger.git_root
    upstream_ref = f"refs/remotes/{result.remote}/{result.branch}"
    old_head = refs.resolve(root, upstream_ref)
    try:
        remotes.fetch(root, result.remote)
        tags.fetch(root, result.remote)
    except GitError as error:
        if any(race in error.message for race in _RACES):
            return  # the remote moved while we read it: the next attempt reads it again
        raise SyncError(detail=f"cannot fetch from {result.remote}: {error.message}") from None
    problems = checkpointsync.remote_problems(
        ledger, remote=result.remote, branch=result.branch, old_head=old_head
    )
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise SyncError(detail=f"refusing to merge {result.remote}/{result.branch}: "
                        f"{problems[0]}{more}; nothing was merged (docs/integrity.md, "
                        "Checkpoints)")  # fmt: skip
    if refs.resolve(root, upstream_ref) is not None:
        _renumber(ledger, upstream_ref, result)
        before = refs.resolve(root, "HEAD")
        message = f"rec sync: merge {result.remote}/{result.branch}"
        problem = remotes.merge(root, upstream_ref, message=message)
        if problem is not None:
            raise SyncError(detail=f"merging {result.remote}/{result.branch}: {problem}")
        result.merged = result.merged or refs.resolve(root, "HEAD") != before
        if refs.resolve(root, upstream_ref) == refs.resolve(root, "HEAD"):
            result.pushed = True  # nothing of ours to send
            return
    problem = remotes.push(root, result.remote, result.branch, set_upstream=set_upstream)
    if problem is None:
        result.pushed = result.sent = True
    elif not any(race in problem for race in _RACES):
        raise SyncError(detail=f"pushing to {result.remote}: {problem}")


def _renumber(ledger: Ledger, upstream_ref: str, result: SyncResult) -> None:
    """Move unpushed new recommendations whose ID the remote took to the next free IDs."""
    root = ledger.git_root
    folder = ledger.recs_dir.relative_to(root).as_posix()
    theirs = remotes.folder_names(root, upstream_ref, folder)
    added = [PurePosixPath(path) for path in remotes.added_files(root, upstream_ref, folder)]
    clashes = sorted(
        int(path.stem) for path in added if path.name in theirs and path.stem.isdigit()
    )
    if not clashes:
        return
    commits = remotes.local_commits(root, upstream_ref)
    if any(len(parents) > 1 for _, parents in commits):
        raise SyncError(
            detail=f"recommendation(s) {', '.join(map(str, clashes))} clash with "
            f"{upstream_ref} but the unpushed commits include a merge: renumber by hand"
        )
    taken = {int(name[:-5]) for name in theirs if name.endswith(".yaml") and name[:-5].isdigit()}
    taken |= set(ledger.rec_ids())
    ids: dict[int, int] = {}
    for old in clashes:
        ids[old] = max(taken | set(ids.values())) + 1
    renames = {f"{folder}/{old}.yaml": f"{folder}/{new}.yaml" for old, new in ids.items()}
    tip = remotes.rewrite_commits(root, commits, remotes.Rewrite(renames=renames, ids=ids))
    remotes.reset_keep(root, tip)
    result.renumbered.update(ids)
    for old, new in ids.items():
        result.notes.append(
            f"renumbered your unpushed recommendation {old} to {new} "
            f"({result.remote} already has a recommendation {old})"
        )
