"""`rec init`: a new ledger, in a new or existing git repository.

The first commit goes through the same journal as every write (app/journal.py), so a
failure or a kill leaves no uncommitted rectrack.yaml or .gitattributes behind; a folder
and a repository that `rec init` made itself are removed again if it fails.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from rectrack.app.journal import FileWrite, marker_path, step, write_and_commit
from rectrack.app.ledger import ATTRIBUTES_LINE
from rectrack.app.recovery import recover_locked
from rectrack.app.signingsetup import (
    SigningSetup,
    enable_signing,
    setup_of,
    signers_file,
    signing_key,
)
from rectrack.domain.workflow import ADMINS_ROLE, BUILTIN_WORKFLOWS, Workflow
from rectrack.errors import LedgerExists, NestedLedger, NoIdentity, UnknownWorkflow
from rectrack.store.config import render_config
from rectrack.store.paths import CONFIG_NAME, RECS_DIR, Ledger
from rectrack.store.sitefolder import SITE_DIR
from rectrack.vcs import blobs, commits, mergeconfig, repo, worktree
from rectrack.vcs.lock import LedgerLock

#: The line `rec init` puts in .gitignore: the folder `rec site` writes by default.
SITE_IGNORE = f"/{SITE_DIR}/"


def init_ledger(
    *, path: Path, workflow: str = "default", auditors: Sequence[str] = (), signed: bool = False
) -> tuple[Path, SigningSetup | None]:
    """Create a ledger in `path` (running `git init` if needed) and commit rectrack.yaml.

    `workflow` names a built-in workflow: `default` (the tracker's) or `audit`. A workflow
    with roles starts with the person running init as its admin and `auditors` (emails)
    in its auditors role. `signed`: the ledger lists this person's ssh key in
    .rectrack/allowed_signers and this clone signs every commit (app/signingsetup.py).
    """
    if workflow not in BUILTIN_WORKFLOWS:
        raise UnknownWorkflow(name=workflow, valid=", ".join(BUILTIN_WORKFLOWS))
    path = path.resolve()
    if (path / CONFIG_NAME).exists() and not _killed_init(path):
        raise LedgerExists(path=path)
    if outer := next((d for d in path.parents if (d / CONFIG_NAME).is_file()), None):
        raise NestedLedger(path=path, root=outer)
    existing = next(folder for folder in (path, *path.parents) if folder.exists())
    person = repo.identity(existing)
    if person is None:
        raise NoIdentity()
    made = [folder for folder in (path, *path.parents) if not folder.exists()]
    path.mkdir(parents=True, exist_ok=True)
    new_repository = repo.find_git_dir(path) is None
    try:
        if new_repository:
            repo.init(path)
        git_root, _ = repo.require_repository(path)
        public_key = signing_key(git_root) if signed else None
        chosen = _with_roles(BUILTIN_WORKFLOWS[workflow], person.email, auditors, signed=signed)
        return path, _init_in_repository(
            path, config=render_config(chosen), email=person.email, public_key=public_key
        )
    except BaseException:
        if new_repository and not (path / CONFIG_NAME).exists():
            shutil.rmtree(path / ".git", ignore_errors=True)
        for folder in made:
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        raise


def _with_roles(
    workflow: Workflow, email: str, auditors: Sequence[str], *, signed: bool
) -> Workflow:
    """The workflow with its roles filled in: this person the admin, the given auditors."""
    if not workflow.roles and not signed:
        return workflow
    roles = dict(workflow.roles)
    if "auditors" in roles:
        roles["auditors"] = tuple(auditors)
    roles[ADMINS_ROLE] = (email,)
    return replace(workflow, roles=roles)


def _init_in_repository(
    path: Path, *, config: bytes, email: str, public_key: str | None
) -> SigningSetup | None:
    """Commit rectrack.yaml, .gitattributes, .gitignore and the signers (when signing)
    through the journal, then set up the clone."""
    git_root, git_dir = repo.require_repository(path)
    ledger = Ledger(root=path, git_root=git_root, git_dir=git_dir)
    setup = None
    with LedgerLock(git_dir):
        step("lock")
        recover_locked(ledger)  # a killed `rec init` leaves no rectrack.yaml behind
        step("recover")
        if (path / CONFIG_NAME).exists():
            raise LedgerExists(path=path)
        writes = [FileWrite(path=path / CONFIG_NAME, data=config, add=True)]
        writes += _with_line(git_root, path / ".gitattributes", ATTRIBUTES_LINE, _ATTRIBUTES)
        writes += _with_line(git_root, path / ".gitignore", SITE_IGNORE, _IGNORE, optional=True)
        step("check")
        if public_key is not None:
            signers, data = signers_file(path, email=email, public_key=public_key)
            writes.append(FileWrite(path=signers, data=data, add=True))
            setup = setup_of(signers, email=email, public_key=public_key)
            enable_signing(git_root, signers=signers)  # so the first commit is signed too
        step("read")
        write_and_commit(ledger, writes, message="rec: init ledger", author=None)
    (path / RECS_DIR).mkdir(exist_ok=True)
    mergeconfig.configure_merge_driver(git_root)
    return setup


_ATTRIBUTES = "# rectrack: merge concurrent appends to recommendations (docs/integrity.md)\n"
_IGNORE = "# rectrack: the website `rec site` builds (docs/site.md)\n"


def _with_line(
    git_root: Path, path: Path, line: str, comment: str, *, optional: bool = False
) -> list[FileWrite]:
    """The write that adds `line` (after `comment`) to a file rec shares with the user, or
    none when it is there. A committed file with the user's own uncommitted edits is
    never swept into the commit: refused, or left alone when `optional` (so is a file
    never committed)."""
    relative = path.relative_to(git_root).as_posix()
    tracked = path.exists() and blobs.read_blob(git_root, f"HEAD:{relative}") is not None
    if (
        optional
        and path.exists()
        and (not tracked or not worktree.same_as_commit(git_root, rev="HEAD", paths=[path]))
    ):
        return []  # the user's own file, never committed or edited since: left alone
    if tracked:
        commits.check_unchanged(git_root, path)
    old = path.read_bytes() if path.exists() else b""
    text = old.decode("utf-8", "replace")
    if line in text.splitlines():
        return []
    prefix = text if not text or text.endswith("\n") else text + "\n"
    return [FileWrite(path=path, data=(prefix + comment + line + "\n").encode(), add=True)]


def _killed_init(path: Path) -> bool:
    """Whether rectrack.yaml may be a killed `rec init`'s, still to be settled."""
    found = repo.find_git_dir(path)
    if found is None:
        return False
    return marker_path(Ledger(root=path, git_root=found[0], git_dir=found[1])).exists()
