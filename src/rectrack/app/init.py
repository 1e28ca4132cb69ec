"""`rec init`: a new ledger, in a new or existing git repository."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from rectrack.app.ledger import restore, write_gitattributes
from rectrack.app.signingsetup import SigningSetup, enable_signing, signing_key, write_signers
from rectrack.domain.workflow import ADMINS_ROLE, BUILTIN_WORKFLOWS, Workflow
from rectrack.errors import LedgerExists, NestedLedger, NoIdentity, UnknownWorkflow
from rectrack.store.config import render_config
from rectrack.store.files import write_atomic
from rectrack.store.paths import CONFIG_NAME, RECS_DIR
from rectrack.store.sitefolder import SITE_DIR
from rectrack.vcs import commits, mergeconfig, repo, worktree
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
    if (path / CONFIG_NAME).exists():
        raise LedgerExists(path=path)
    if outer := next((d for d in path.parents if (d / CONFIG_NAME).is_file()), None):
        raise NestedLedger(path=path, root=outer)
    path.mkdir(parents=True, exist_ok=True)
    if repo.find_git_dir(path) is None:
        repo.init(path)
    git_root, git_dir = repo.require_repository(path)
    person = repo.identity(git_root)
    if person is None:
        raise NoIdentity()
    public_key = signing_key(git_root) if signed else None
    chosen = _with_roles(BUILTIN_WORKFLOWS[workflow], person.email, auditors, signed=signed)
    with LedgerLock(git_dir):
        setup = _commit_ledger(path, git_root, render_config(chosen), person.email, public_key)
        mergeconfig.configure_merge_driver(git_root)
    return path, setup


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


def _commit_ledger(
    path: Path, git_root: Path, config_text: bytes, email: str, public_key: str | None
) -> SigningSetup | None:
    """Write rectrack.yaml (and the signers), commit them; undo every file on failure."""
    config = path / CONFIG_NAME
    write_atomic(config, config_text)
    (path / RECS_DIR).mkdir(exist_ok=True)
    attributes, old_attributes = write_gitattributes(path)
    ignored = _ignore_site(path, git_root)
    setup = None
    also = [attributes] if old_attributes != attributes.read_bytes() else []
    also += [ignored[0]] if ignored is not None else []
    try:
        if public_key is not None:
            setup = write_signers(path, email=email, public_key=public_key)
            enable_signing(git_root, signers=setup.path)
            also.append(setup.path)
        commits.commit_file(git_root, config, message="rec: init ledger", new=True,
                            author=None, also=also)  # fmt: skip
    except BaseException:
        config.unlink()
        restore(attributes, old_attributes)
        if ignored is not None:
            restore(*ignored)
        if setup is not None:
            setup.path.unlink(missing_ok=True)
        raise
    return setup


def _ignore_site(root: Path, git_root: Path) -> tuple[Path, bytes | None] | None:
    """Make `<root>/.gitignore` ignore the folder `rec site` writes by default, if that
    file is absent or exactly as committed (the user's own edits are never swept into the
    commit). The path and its bytes before (None: no file), or None if left alone."""
    path = root / ".gitignore"
    old = None
    if path.exists():
        if not worktree.same_as_commit(git_root, rev="HEAD", paths=[path]):
            return None
        old = path.read_bytes()
    text = (old or b"").decode("utf-8", "replace")
    if SITE_IGNORE in text.splitlines():
        return None
    prefix = text if not text or text.endswith("\n") else text + "\n"
    comment = "# rectrack: the website `rec site` builds (docs/site.md)\n"
    write_atomic(path, (prefix + comment + SITE_IGNORE + "\n").encode())
    return path, old
