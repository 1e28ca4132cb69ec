"""Keeping a clone ready for collaboration: the merge driver and interrupted writes.

`rec init` writes `.gitattributes` (`recs/*.yaml merge=rectrack`) and registers the driver
in git's config. git's config is not cloned, so `prepare` (run by every command that opens
a ledger) registers it in a fresh clone; it reads the config file as text first, so the
usual case costs one small file read and no git process. It also finishes the recovery of
a write that was killed half-way (see journal.py).
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

from rectrack import journal, store
from rectrack.errors import GitError, MergeDriverMissing
from rectrack.ledger import RECS_DIR, Ledger
from rectrack.vcs import mergeconfig

ATTRIBUTES_LINE = f"{RECS_DIR}/*.yaml merge={mergeconfig.MERGE_DRIVER}"


def write_gitattributes(root: Path) -> tuple[Path, bytes | None]:
    """Make `<root>/.gitattributes` route recommendation files to the driver.

    Returns the path and its bytes before (None: there was no file), to undo on failure.
    """
    path = root / ".gitattributes"
    old = path.read_bytes() if path.exists() else None
    text = (old or b"").decode("utf-8", "replace")
    if ATTRIBUTES_LINE not in text.splitlines():
        prefix = text if not text or text.endswith("\n") else text + "\n"
        comment = "# rectrack: merge concurrent appends to recommendations (docs/integrity.md)\n"
        store.write_atomic(path, (prefix + comment + ATTRIBUTES_LINE + "\n").encode())
    return path, old


def restore(path: Path, old: bytes | None) -> None:
    """Put a file back as it was (None: it did not exist)."""
    if old is None:
        path.unlink(missing_ok=True)
    else:
        store.write_atomic(path, old)


def register_merge_driver(git_root: Path) -> None:
    mergeconfig.configure_merge_driver(git_root)


def prepare(ledger: Ledger) -> Ledger:
    """What every command does first: recover a killed write, configure the driver."""
    journal.recover_if_pending(ledger)
    if not mergeconfig.merge_driver_configured(ledger.git_dir):
        # A read-only clone can still be read; `rec sync` insists (require_driver).
        with suppress(GitError):
            mergeconfig.configure_merge_driver(ledger.git_root)
    return ledger


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
