"""Checkpoints across clones, for `rec sync`: refuse a remote that lost one, share them.

Before merging, sync compares the remote's checkpoints (fetched beside ours, never over
them) and its branch with every checkpoint this clone has. A checkpoint the remote had
(its tag was there, this clone saw it there, or the branch contained it before this
fetch) that its branch no longer contains means the remote's history was rewritten; a
checkpoint tag the remote moved to another commit is a rewrite of the anchor itself.
Either way sync refuses to merge, so a rewrite never flows silently into this clone.
"""

from __future__ import annotations

from rectrack.app.checkpoints import SeenRecord
from rectrack.store.paths import Ledger
from rectrack.vcs import refs, tags


def ours(ledger: Ledger) -> dict[str, str]:
    """{name: commit} of every checkpoint this clone has: what it saw, then its tags."""
    found = {name: tag.commit for name, tag in tags.list_tags(ledger.git_root).items()}
    found.update({name: commit for name, (commit, _) in SeenRecord(ledger).load().items()})
    return found


def remote_problems(ledger: Ledger, *, remote: str, branch: str, old_head: str | None) -> list[str]:
    """Why the fetched remote branch must not be merged (empty: it may)."""
    root = ledger.git_root
    theirs = tags.list_tags(root, tags.remote_checkpoints(remote))
    seen = SeenRecord(ledger).load()
    new_head = refs.resolve(root, f"refs/remotes/{remote}/{branch}")
    problems: list[str] = []
    for name, commit in sorted(ours(ledger).items()):
        tag = theirs.get(name)
        if tag is not None and tag.commit != commit:
            problems.append(f"{remote}'s checkpoint {name} now names {tag.commit[:12]}, not "
                            f"{commit[:12]} as this clone has it (the tag was moved)")  # fmt: skip
            continue
        published = (
            tag is not None
            or remote in seen.get(name, ("", set()))[1]
            or (old_head is not None and bool(refs.is_ancestor(root, commit, old_head)))
        )
        if published and (new_head is None or not refs.is_ancestor(root, commit, new_head)):
            problems.append(f"{remote}/{branch} no longer contains checkpoint {name} "
                            f"(commit {commit[:12]}): its history was rewritten")  # fmt: skip
    return problems


def share(ledger: Ledger, *, remote: str) -> list[str]:
    """Adopt the remote's checkpoints that are in our history, push ours it lacks; notes."""
    root = ledger.git_root
    record = SeenRecord(ledger)
    theirs = tags.list_tags(root, tags.remote_checkpoints(remote))
    local = tags.list_tags(root)
    notes: list[str] = []
    ours_now: list[tuple[str, str]] = []
    for name, tag in theirs.items():
        if not refs.is_ancestor(root, tag.commit):
            continue
        if name not in local:
            tags.adopt(root, name=name, obj=tag.obj)
            notes.append(f"received checkpoint {name} ({tag.commit[:12]})")
        ours_now.append((name, tag.commit))
    record.add_all(ours_now, remote=remote)
    seen = record.load()
    missing = {name: tag.commit for name, tag in tags.list_tags(root).items()
               if name not in theirs and refs.is_ancestor(root, tag.commit)}  # fmt: skip
    if not missing:
        return notes
    problem = tags.push(root, remote, list(missing))
    if problem is not None:
        return [*notes, f"could not send checkpoint(s) {', '.join(missing)}: {problem}"]
    record.add_all(list(missing.items()), remote=remote)
    for name, commit in missing.items():
        lost = remote in seen.get(name, ("", set()))[1]
        notes.append(f"{remote} had lost checkpoint {name}: sent it again" if lost
                     else f"sent checkpoint {name} ({commit[:12]})")  # fmt: skip
    return notes
