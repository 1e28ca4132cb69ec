"""What `git commit` does beyond writing a commit, and when only `git commit` will do.

A commit written with plumbing (vcs/directcommit.py) equals `git commit --only`'s when
git would run nothing of its own around it. `needs_porcelain` names what would: a hook,
signing, a merge or rebase in progress, a layout or setting the plumbing path does not
follow (a non-default index or object folder, sparse checkout, replace refs, SHA-256,
shared permissions...). `auto_maintenance` is the one duty `git commit` always performs
afterwards: its `gc --auto`, started only when git's own estimate says it is due.
"""

from __future__ import annotations

import os
from pathlib import Path

from rectrack.vcs.gitconfig import GitConfig
from rectrack.vcs.runner import run_unchecked

#: The hooks `git commit` (and the `git update-ref`/`update-index` behind it) runs.
HOOKS = (
    "pre-commit", "prepare-commit-msg", "commit-msg", "post-commit",
    "reference-transaction", "post-index-change",
)  # fmt: skip
#: Environment that moves git's files or changes what a commit records.
_ENVIRONMENT = (
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR",
    "GIT_NAMESPACE", "GIT_REPLACE_REF_BASE", "GIT_NO_REPLACE_OBJECTS", "GIT_QUARANTINE_PATH",
    "GIT_REFLOG_ACTION", "GIT_GRAFT_FILE", "GIT_SHALLOW_FILE",
)  # fmt: skip
#: A merge, cherry-pick, revert or rebase in progress (`git commit` has rules of its own).
_IN_PROGRESS = (
    "MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "MERGE_RR", "sequencer",
    "rebase-merge", "rebase-apply",
)  # fmt: skip
#: Repository extensions the plumbing path follows (any other: `git commit`).
_EXTENSIONS = frozenset(
    ("extensions.worktreeconfig", "extensions.partialclone", "extensions.noop",
     "extensions.preciousobjects")
)  # fmt: skip
#: Settings under which `git commit` does something the plumbing path would not: any
#: value of the first, a true one (or one git would not read as false) of the others.
_SET = ("core.worktree", "core.fsync", "commit.cleanup")
_TRUE = (
    "commit.gpgsign", "core.bare", "core.sparsecheckout", "index.sparse",
    "core.fsyncobjectfiles",
)  # fmt: skip


def needs_porcelain(root: Path, *, git_dir: Path, common: Path, config: GitConfig) -> str | None:
    """Why this repository needs `git commit` itself for the next commit; None if not."""
    for name in _ENVIRONMENT:
        if name in os.environ:
            return f"{name} is set"
    for name in _IN_PROGRESS:
        if os.path.lexists(git_dir / name):
            return f"{name} exists"
    for key in _SET:
        if config.has(key):
            return key
    for key in _TRUE:
        if config.boolean(key, default=False) is not False:
            return key
    shared = (config.last("core.sharedrepository") or "umask").strip().lower()
    if shared not in ("umask", "false", "no", "off", "0"):
        return "core.sharedrepository"  # group permissions on every object file
    odd = [key for key in config.keys_under("extensions") if key not in _EXTENSIONS]
    if odd or config.keys_under("hook"):
        return (odd or ["hook.*"])[0]
    return _replace_refs(common) or _hook(root, common=common, config=config)


def _replace_refs(common: Path) -> str | None:
    """Replace refs or grafts make git read other objects than the ones named."""
    if (common / "info" / "grafts").exists():
        return "info/grafts"
    replace = common / "refs" / "replace"
    if replace.is_dir() and any(path.is_file() for path in replace.rglob("*")):
        return "refs/replace"
    try:
        packed = (common / "packed-refs").read_bytes()
    except FileNotFoundError:
        return None
    return "refs/replace" if b" refs/replace/" in packed else None


def _hook(root: Path, *, common: Path, config: GitConfig) -> str | None:
    """The first hook git would run (an executable file under the hooks folder)."""
    configured = config.last("core.hookspath")
    # git runs hooks from the work tree's top, which a relative hooksPath starts from
    folder = common / "hooks" if configured is None else root / os.path.expanduser(configured)
    for name in HOOKS:
        if os.access(folder / name, os.X_OK):
            return f"hook {name}"
    return None


def loose_level(config: GitConfig) -> int | None:
    """The zlib level git uses for loose objects (1 unless configured); None if unreadable."""
    for key in ("core.loosecompression", "core.compression"):
        if config.has(key):
            level = config.integer(key, default=1)
            return level if level is not None and -1 <= level <= 9 else None
    return 1


def auto_maintenance(root: Path, *, common: Path, config: GitConfig) -> None:
    """What `git commit` does last: `git maintenance run --auto`, which (unless configured
    otherwise) runs `git gc --auto` when there are too many loose objects or packs.

    git's estimate is cheap (one small folder listed), so it is made here and git is only
    started when maintenance is due; configured maintenance is always left to git.
    """
    if config.boolean("maintenance.auto", default=True) is False:
        return
    if config.keys_under("maintenance"):
        run_unchecked(root, "maintenance", "run", "--auto", "--quiet")
        return
    threshold = config.integer("gc.auto", default=6700)
    packs = config.integer("gc.autopacklimit", default=50)
    if threshold is not None and threshold <= 0:
        return
    if threshold is None or packs is None or _gc_due(common / "objects", threshold, packs):
        run_unchecked(root, "gc", "--auto", "--quiet")


def _gc_due(objects: Path, threshold: int, packs: int) -> bool:
    """git's `gc --auto` estimate: loose objects in `objects/17`, and local packs."""
    try:
        sample = os.listdir(objects / "17")
    except FileNotFoundError:
        sample = []
    hex_digits = set("0123456789abcdef")
    loose = sum(1 for name in sample if len(name) == 38 and set(name) <= hex_digits)
    if loose > -(-threshold // 256):
        return True
    if packs <= 0:
        return False
    try:
        names = set(os.listdir(objects / "pack"))
    except FileNotFoundError:
        return False
    kept = [n for n in names if n.endswith(".pack") and n[:-5] + ".keep" not in names]
    return len(kept) > packs
