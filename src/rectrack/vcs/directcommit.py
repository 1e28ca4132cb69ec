"""Committing files rec replaced with git's plumbing: the commit `git commit --only` makes,
at a fraction of its cost.

`git commit --only FILE` builds a second index from HEAD, refreshes both indexes and
rebuilds the cache-tree of every folder three times (~60 ms at 10,000 recommendations).
The same commit is: the file's new blob, HEAD's trees along its path with one entry
changed (vcs/objects.py), a commit object, the file's index entry, and HEAD moved only if
it still holds the commit all this was built on. The caller (app/journal.py) runs:

1. `plan`: the message as `git commit -F -` would record it, the blobs as git stores them
   from the work tree (`git hash-object -w --stdin-paths`: any filter or line-ending
   conversion that would change the bytes sends the write to `git commit --only`), and
   the new trees: objects nothing refers to yet (git's gc prunes them if unused);
2. `stage`: the files' entries in the user's index (`git update-index`), which is all
   `--only` changes there; the caller keeps the old index to put back on failure;
3. `make`: the commit object (`git commit-tree`, so author, committer, dates and
   encoding follow git's own rules);
4. `move_head`: `git update-ref HEAD NEW OLD` with `git commit`'s reflog message: atomic,
   and refused if HEAD moved meanwhile (then nothing is committed);
5. `after`: `git commit`'s automatic maintenance (vcs/porcelain.py).

Where the repository needs `git commit` itself (hooks, signing...) commitbase.prepare has
already said so, and this module is not used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rectrack.errors import GitError
from rectrack.vcs import objects
from rectrack.vcs.commitbase import Base, relative_name, split_name
from rectrack.vcs.commits import author_env, retry_on_index_lock
from rectrack.vcs.porcelain import auto_maintenance
from rectrack.vcs.repo import Identity, head_branch
from rectrack.vcs.runner import run, run_unchecked


@dataclass(frozen=True, kw_only=True)
class Plan:
    """A plumbing commit with its blobs and trees stored, ready to be made."""

    base: Base
    names: tuple[str, ...]
    message: bytes
    tree: str

    @property
    def subject(self) -> str:
        return self.message.decode().partition("\n")[0]


def plan(base: Base, new: Mapping[Path, bytes], *, message: str) -> Plan | None:
    """Store the blobs and trees of the commit of `new` (the files' bytes, now in the work
    tree) on `base`; None if only `git commit` can record them as they are."""
    text = _message(message)
    if text is None:
        return None
    names = tuple(relative_name(base.root, path) for path in new)
    listing = "".join(f"{name}\n" for name in names).encode()
    stored = run(base.root, "hash-object", "-w", "--stdin-paths", stdin=listing).split()
    if stored != [objects.object_id("blob", data) for data in new.values()]:
        return None  # git would store other bytes (a filter, line endings): its business
    tree = _write_trees(base, dict(zip(names, stored, strict=True)))
    return None if tree is None else Plan(base=base, names=names, message=text, tree=tree)


def stage(plan: Plan) -> None:
    """Set the files' index entries to their new blobs (waiting, bounded, for another git's
    index.lock: its failure is the commit's, as with `git commit`)."""
    try:
        retry_on_index_lock(
            lambda: run(plan.base.root, "update-index", "--", *plan.names, tied=True)
        )
    except GitError as error:
        raise GitError(command="commit", detail=error.details["detail"]) from None


def make(plan: Plan, *, author: Identity | None) -> str:
    """The commit object: the new tree, HEAD as its parent, the message."""
    made = run(
        plan.base.root, "commit-tree", plan.tree, "-p", plan.base.head, "-F", "-",
        env=author_env(author), stdin=plan.message,
    )  # fmt: skip
    return made.strip()


def move_head(plan: Plan, commit: str) -> None:
    """Move HEAD's branch to `commit` if it still holds the base commit, logged as `git
    commit` logs it; GitError (and HEAD untouched) otherwise."""
    base = plan.base
    moved = run_unchecked(
        base.root, "update-ref", "-m", f"commit: {plan.subject}", "HEAD", commit, base.head,
        tied=True,
    )  # fmt: skip
    if moved.returncode == 0:
        return
    now = head_branch(base.git_dir)
    if now is not None and now[1] == commit:
        return  # git failed after moving it (a reflog it could not write...)
    detail = moved.stderr.decode("utf-8", "replace").strip().splitlines()
    raise GitError(command="commit", detail=detail[-1] if detail else "HEAD could not be moved")


def after(plan: Plan) -> None:
    """What `git commit` does once the commit is made: its automatic maintenance."""
    base = plan.base
    auto_maintenance(base.root, common=base.common, config=base.config)


def _message(message: str) -> bytes | None:
    """The message as `git commit -F -` records it, when its clean-up changes nothing but
    the final newline; None otherwise (git's own clean-up then decides)."""
    lines = message.split("\n")
    while lines and not lines[-1]:
        lines.pop()
    if not lines or not lines[0] or "\0" in message:
        return None
    for before, line in zip(["x", *lines], lines, strict=False):
        if line != line.rstrip(" \t\r\v\f") or (not line and not before):
            return None
    try:
        return ("\n".join(lines) + "\n").encode()
    except UnicodeEncodeError:
        return None


def _write_trees(base: Base, blobs: Mapping[str, str]) -> str | None:
    """HEAD's trees along the files' paths with the new blobs in, written deepest first;
    the new top tree's id (None if an entry cannot be placed for certain)."""
    changes: dict[str, dict[str, tuple[str, str]]] = {}
    for name, new in blobs.items():
        folder, file_name = split_name(name)
        changes.setdefault(folder, {})[file_name] = (base.files[name][1], new)
    for folder in sorted(base.trees, key=lambda f: f.count("/") + bool(f), reverse=True):
        old, tree = base.trees[folder]
        edited: bytes | None = tree
        for entry, (before, after) in changes.get(folder, {}).items():
            edited = None if edited is None else objects.replace_entry(edited, entry, before, after)
        if edited is None:
            return None
        oid = objects.write_loose(base.common / "objects", "tree", edited, level=base.level)
        if not folder:
            return oid
        parent, child = split_name(folder)
        changes.setdefault(parent, {})[child] = (old, oid)
    return None
