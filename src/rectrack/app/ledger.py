"""Opening a ledger: find its folder and repository, finish a killed write, and keep the
clone ready for collaboration (the merge driver).

`rec init` writes `.gitattributes` (`recs/*.yaml merge=rectrack`) and registers the driver
in git's config. git's config is not cloned, so `open_ledger` (what every command does
first) registers it in a fresh clone; it reads the config file as text first, so the
usual case costs one small file read and no git process.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from rectrack.errors import GitError, MergeDriverMissing, NotInLedger
from rectrack.store.paths import RECS_DIR, Ledger, find_root
from rectrack.vcs import mergeconfig
from rectrack.vcs.gitconfig import GitConfig, read_config
from rectrack.vcs.repo import find_git_dir, require_repository

ATTRIBUTES_LINE = f"{RECS_DIR}/*.yaml merge={mergeconfig.MERGE_DRIVER}"


def find_ledger(*, start: Path, explicit: str | None = None) -> Ledger:
    """The ledger at `explicit` (or $REC_LEDGER), else the nearest one above `start`."""
    root = find_root(start=start, explicit=explicit)
    git_root, git_dir = require_repository(root)
    return Ledger(root=root, git_root=git_root, git_dir=git_dir)


def open_ledger(explicit: str | None, *, start: Path | None = None) -> Ledger:
    """What every command does first: find the ledger, recover a killed write, configure
    the merge driver (a read-only clone can still be read; `rec sync` insists)."""
    try:
        ledger = find_ledger(start=start or Path.cwd(), explicit=explicit)
    except NotInLedger:
        _settle_a_killed_init(start=start or Path.cwd(), explicit=explicit)
        raise
    if _recover(ledger) and not ledger.config_path.is_file():
        raise NotInLedger(start=ledger.root)  # what was found was a killed `rec init`
    if not mergeconfig.merge_driver_configured(ledger.git_dir):
        with suppress(GitError):
            mergeconfig.configure_merge_driver(ledger.git_root)
    return ledger


def git_config(ledger: Ledger) -> GitConfig | None:
    """git's configuration as git lists it, read once per command: who commits
    (app/stamp.py) and whether a write may use plumbing (vcs/commitbase.py) both need it.
    None if git cannot list it (then each asks git in its own way)."""
    if "git_config" not in ledger.computed:
        ledger.computed["git_config"] = read_config(ledger.git_root)
    found = ledger.computed["git_config"]
    return found if isinstance(found, GitConfig) else None


def _settle_a_killed_init(*, start: Path, explicit: str | None) -> None:
    """No ledger here: but a killed `rec init` may have left its files; settle them."""
    pointer = explicit or os.environ.get("REC_LEDGER")
    where = Path(pointer).expanduser().resolve() if pointer else start.resolve()
    found = find_git_dir(where)
    if found is not None:
        _recover(Ledger(root=where, git_root=found[0], git_dir=found[1]))


def _recover(ledger: Ledger) -> bool:
    """Settle a killed write, if any: one stat when there is none (the usual case), so a
    read imports nothing of the write path."""
    if not ledger.journal_marker.exists():
        return False
    from rectrack.app import recovery

    return recovery.recover_if_pending(ledger)


def require_driver(ledger: Ledger) -> None:
    """Refuse to integrate remote work without the driver (git would fuse YAML items)."""
    probe = ledger.rec_path(1).relative_to(ledger.git_root).as_posix()
    if mergeconfig.merge_attribute(ledger.git_root, probe) != mergeconfig.MERGE_DRIVER:
        raise MergeDriverMissing(
            detail=f"{probe} is not routed to it: add `{ATTRIBUTES_LINE}` to the ledger's "
            ".gitattributes and commit it (`rec init` does this)"
        )
    if mergeconfig.merge_driver_configured(ledger.git_dir):
        return
    manual = 'git config merge.rectrack.driver "rec merge-driver %O %A %B %P"'
    try:
        mergeconfig.configure_merge_driver(ledger.git_root)
    except GitError as error:
        raise MergeDriverMissing(detail=f"{error.message}; run `{manual}`") from None
    if not mergeconfig.merge_driver_configured(ledger.git_dir):
        raise MergeDriverMissing(detail=f"git config did not keep it; run `{manual}`")
