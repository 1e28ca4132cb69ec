"""`rec init`: a new ledger, in a new or existing git repository.

The first commit goes through the same journal as every write (app/journal.py), so a
failure or a kill leaves no uncommitted rectrack.yaml or .gitattributes behind; a folder
and a repository that `rec init` made itself are removed again if it fails.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from rectrack.app.journal import FileWrite, marker_path, step, write_and_commit
from rectrack.app.ledger import ATTRIBUTES_LINE
from rectrack.app.recovery import recover_locked
from rectrack.domain.workflow import BUILTIN_WORKFLOWS
from rectrack.errors import LedgerExists, NoIdentity, UnknownWorkflow
from rectrack.store.config import render_config
from rectrack.store.paths import CONFIG_NAME, RECS_DIR, Ledger
from rectrack.vcs import blobs, commits, mergeconfig, repo
from rectrack.vcs.lock import LedgerLock


def init_ledger(*, path: Path, workflow: str = "default") -> Path:
    """Create a ledger in `path` (running `git init` if needed) and commit rectrack.yaml.

    `workflow` names a built-in workflow: `default` (the tracker's) or `audit`.
    """
    if workflow not in BUILTIN_WORKFLOWS:
        raise UnknownWorkflow(name=workflow, valid=", ".join(BUILTIN_WORKFLOWS))
    path = path.resolve()
    if (path / CONFIG_NAME).exists() and not _killed_init(path):
        raise LedgerExists(path=path)
    existing = next(folder for folder in (path, *path.parents) if folder.exists())
    if repo.identity(existing) is None:
        raise NoIdentity()
    made = [folder for folder in (path, *path.parents) if not folder.exists()]
    path.mkdir(parents=True, exist_ok=True)
    new_repository = repo.find_git_dir(path) is None
    try:
        if new_repository:
            repo.init(path)
        _init_in_repository(path, config=render_config(BUILTIN_WORKFLOWS[workflow]))
    except BaseException:
        if new_repository and not (path / CONFIG_NAME).exists():
            shutil.rmtree(path / ".git", ignore_errors=True)
        for folder in made:
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        raise
    return path


def _init_in_repository(path: Path, *, config: bytes) -> None:
    """Commit rectrack.yaml and .gitattributes through the journal, then set up the clone."""
    git_root, git_dir = repo.require_repository(path)
    ledger = Ledger(root=path, git_root=git_root, git_dir=git_dir)
    with LedgerLock(git_dir):
        step("lock")
        recover_locked(ledger)  # a killed `rec init` leaves no rectrack.yaml behind
        step("recover")
        if (path / CONFIG_NAME).exists():
            raise LedgerExists(path=path)
        attributes = path / ".gitattributes"
        relative = attributes.relative_to(git_root).as_posix()
        if attributes.exists() and blobs.read_blob(git_root, f"HEAD:{relative}") is not None:
            commits.check_unchanged(git_root, attributes)  # never commit the user's edits
        step("check")
        writes = [FileWrite(path=path / CONFIG_NAME, data=config, add=True)]
        old = attributes.read_bytes() if attributes.exists() else None
        if (new := _with_attributes_line(old)) != old:
            writes.append(FileWrite(path=attributes, data=new, add=True))
        step("read")
        write_and_commit(ledger, writes, message="rec: init ledger", author=None)
    (path / RECS_DIR).mkdir(exist_ok=True)
    mergeconfig.configure_merge_driver(git_root)


def _killed_init(path: Path) -> bool:
    """Whether rectrack.yaml may be a killed `rec init`'s, still to be settled."""
    found = repo.find_git_dir(path)
    if found is None:
        return False
    return marker_path(Ledger(root=path, git_root=found[0], git_dir=found[1])).exists()


def _with_attributes_line(old: bytes | None) -> bytes:
    """.gitattributes routing recommendation files to the merge driver (kept if it does)."""
    text = (old or b"").decode("utf-8", "replace")
    if ATTRIBUTES_LINE in text.splitlines():
        return old or b""
    prefix = text if not text or text.endswith("\n") else text + "\n"
    comment = "# rectrack: merge concurrent appends to recommendations (docs/integrity.md)\n"
    return (prefix + comment + ATTRIBUTES_LINE + "\n").encode()
