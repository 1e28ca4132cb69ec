"""`rec init`: a new ledger, in a new or existing git repository."""

from __future__ import annotations

from pathlib import Path

from rectrack.app.ledger import restore, write_gitattributes
from rectrack.domain.workflow import BUILTIN_WORKFLOWS
from rectrack.errors import LedgerExists, NestedLedger, NoIdentity, UnknownWorkflow
from rectrack.store.config import render_config
from rectrack.store.files import write_atomic
from rectrack.store.paths import CONFIG_NAME, RECS_DIR
from rectrack.vcs import commits, mergeconfig, repo
from rectrack.vcs.lock import LedgerLock


def init_ledger(*, path: Path, workflow: str = "default") -> Path:
    """Create a ledger in `path` (running `git init` if needed) and commit rectrack.yaml.

    `workflow` names a built-in workflow: `default` (the tracker's) or `audit`.
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
    if repo.identity(git_root) is None:
        raise NoIdentity()
    config = path / CONFIG_NAME
    with LedgerLock(git_dir):
        write_atomic(config, render_config(BUILTIN_WORKFLOWS[workflow]))
        (path / RECS_DIR).mkdir(exist_ok=True)
        attributes, old_attributes = write_gitattributes(path)
        try:
            commits.commit_file(
                git_root, config, message="rec: init ledger", new=True, author=None,
                also=[attributes] if old_attributes != attributes.read_bytes() else [],
            )  # fmt: skip
        except BaseException:
            config.unlink()
            restore(attributes, old_attributes)
            raise
        mergeconfig.configure_merge_driver(git_root)
    return path
