"""Opening a ledger: find its folder and repository, finish a killed write, and keep the
clone ready for collaboration (the merge driver).

`rec init` writes `.gitattributes` (`recs/*.yaml merge=rectrack`) and registers the driver
in git's config. git's config is not cloned, so `open_ledger` (what every command does
first) registers it in a fresh clone; it reads the config file as text first, so the
usual case costs one small file read and no git process.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

from rectrack.app import writepath
from rectrack.errors import GitError, MergeDriverMissing
from rectrack.store.files import write_atomic
from rectrack.store.paths import RECS_DIR, Ledger, find_root
from rectrack.vcs import mergeconfig
from rectrack.vcs.repo import require_repository

ATTRIBUTES_LINE = f"{RECS_DIR}/*.yaml merge={mergeconfig.MERGE_DRIVER}"


def find_ledger(*, start: Path, explicit: str | None = None) -> Ledger:
    """The ledger at `explicit` (or $REC_LEDGER), else the nearest one above `start`."""
    root = find_root(start=start, explicit=explicit)
    git_root, git_dir = require_repository(root)
    return Ledger(root=root, git_root=git_root, git_dir=git_dir)


def open_ledger(explicit: str | None, *, start: Path | None = None) -> Ledger:
    """What every command does first: find the ledger, recover a killed write, configure
    the merge driver (a read-only clone can still be read; `rec sync` insists)."""
    ledger = find_ledger(start=start or Path.cwd(), explicit=explicit)
    writepath.recover_if_pending(ledger)
    if not mergeconfig.merge_driver_configured(ledger.git_dir):
        with suppress(GitError):
            mergeconfig.configure_merge_driver(ledger.git_root)
    return ledger


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
        write_atomic(path, (prefix + comment + ATTRIBUTES_LINE + "\n").encode())
    return path, old


def restore(path: Path, old: bytes | None) -> None:
    """Put a file back as it was (None: it did not exist)."""
    if old is None:
        path.unlink(missing_ok=True)
    else:
        write_atomic(path, old)


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
