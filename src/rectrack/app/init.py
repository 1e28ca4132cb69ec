"""`rec init`: a new ledger, in a new or existing git repository."""

from __future__ import annotations

from pathlib import Path

from rectrack.app.ledger import restore, write_gitattributes
from rectrack.domain.workflow import BUILTIN_WORKFLOWS
from rectrack.errors import LedgerExists, NoIdentity, UnknownWorkflow
from rectrack.store.config import render_config
from rectrack.store.files import write_atomic
from rectrack.store.paths import CONFIG_NAME, RECS_DIR
from rectrack.store.sitefolder import SITE_DIR
from rectrack.vcs import commits, mergeconfig, repo, worktree
from rectrack.vcs.lock import LedgerLock

#: The line `rec init` puts in .gitignore: the folder `rec site` writes by default.
SITE_IGNORE = f"/{SITE_DIR}/"


def init_ledger(*, path: Path, workflow: str = "default") -> Path:
    """Create a ledger in `path` (running `git init` if needed) and commit rectrack.yaml.

    `workflow` names a built-in workflow: `default` (the tracker's) or `audit`.
    """
    if workflow not in BUILTIN_WORKFLOWS:
        raise UnknownWorkflow(name=workflow, valid=", ".join(BUILTIN_WORKFLOWS))
    path = path.resolve()
    if (path / CONFIG_NAME).exists():
        raise LedgerExists(path=path)
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
        ignored = _ignore_site(path, git_root)
        also = [attributes] if old_attributes != attributes.read_bytes() else []
        also += [ignored[0]] if ignored is not None else []
        try:
            commits.commit_file(
                git_root, config, message="rec: init ledger", new=True, author=None, also=also
            )
        except BaseException:
            config.unlink()
            restore(attributes, old_attributes)
            if ignored is not None:
                restore(*ignored)
            raise
        mergeconfig.configure_merge_driver(git_root)
    return path


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
