"""The repository itself: where it is, who commits, what HEAD is.

Read from git's own files where that is cheap and certain (finding the git dir, HEAD);
a git process otherwise.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from rectrack.errors import GitError, NotInGitRepository
from rectrack.vcs.gitconfig import GitConfig
from rectrack.vcs.runner import run


@dataclass(frozen=True, kw_only=True)
class Identity:
    """Who git will record as the author of the next commit."""

    name: str
    email: str


def find_git_dir(start: Path) -> tuple[Path, Path] | None:
    """(work tree root, git dir) of the repository containing `start`, without running git."""
    for folder in (start, *start.parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            return folder, dot_git
        if dot_git.is_file():  # a worktree or submodule: "gitdir: <path>"
            pointer = dot_git.read_text().strip().removeprefix("gitdir:").strip()
            return folder, (folder / pointer).resolve()
    return None


def require_repository(path: Path) -> tuple[Path, Path]:
    """(work tree root, git dir) of the repository holding `path`, or NotInGitRepository."""
    found = find_git_dir(path)
    if found is None:
        raise NotInGitRepository(path=path)
    return found


def common_dir(git_dir: Path) -> Path:
    """The git dir shared by all worktrees (where config, refs and objects live)."""
    pointer = git_dir / "commondir"
    if pointer.is_file():
        return (git_dir / pointer.read_text().strip()).resolve()
    return git_dir


def init(path: Path) -> None:
    """`git init` in `path`."""
    run(path, "init", "-q")


def identity(
    root: Path, *, role: str = "AUTHOR", config: GitConfig | None = None
) -> Identity | None:
    """The author (or, with role="COMMITTER", the committer) git would record (env, then
    config); None when git has no usable identity.

    Where the environment and `config` (git's own listing, vcs/gitconfig.py) settle both
    name and email for certain, no process is started; otherwise `git var` answers.
    """
    name, email = _settled(role, "NAME", config), _settled(role, "EMAIL", config)
    if name is not None and email is not None:
        return Identity(name=name, email=email)
    try:
        ident = run(root, "var", f"GIT_{role}_IDENT").strip()
    except GitError:
        return None
    name, _, rest = ident.partition(" <")
    return Identity(name=name, email=rest.partition(">")[0])


def _settled(role: str, field: str, config: GitConfig | None) -> str | None:
    """A name or email as git's ident.c chooses it (GIT_AUTHOR_NAME, else author.name,
    else user.name; EMAIL and the system's user name only after those), if certain.

    None when the value git would use is unset, empty, valueless or one git tidies up
    (stray dots, quotes, <>): then `git var` decides. (An empty author.name falls through
    to user.name in git; here it is simply left to git.)
    """
    value = os.environ.get(f"GIT_{role}_{field}")
    if value is None and config is not None:
        for key in (f"{role.lower()}.{field.lower()}", f"user.{field.lower()}"):
            if config.has(key):
                value = config.last(key)
                break
    return value if value is not None and _plain_ident(value) else None


_IDENT_CRUD = frozenset(".,:;<>\"\\' \t\n")


def _plain_ident(value: str) -> bool:
    return (
        bool(value)
        and value[0] not in _IDENT_CRUD
        and value[-1] not in _IDENT_CRUD
        and not ({"<", ">", "\n"} & set(value))
    )


def head_commit(root: Path) -> str:
    """HEAD's commit hash, read from the git dir's files; `git rev-parse` when unusual."""
    found = find_git_dir(root)
    if found is not None:
        sha = _read_head(found[1])
        if sha is not None:
            return sha
    return run(root, "rev-parse", "HEAD").strip()


_HEX = frozenset("0123456789abcdef")


def _read_head(git_dir: Path) -> str | None:
    """HEAD from the loose or packed ref files; None for anything unusual (reftable...)."""
    try:
        head = (git_dir / "HEAD").read_text().strip()
        common = git_dir
        if (git_dir / "commondir").is_file():  # a linked worktree shares refs with its main
            common = (git_dir / (git_dir / "commondir").read_text().strip()).resolve()
        if not head.startswith("ref: "):
            return head if len(head) == 40 and set(head) <= _HEX else None
        ref = head.removeprefix("ref: ").strip()
        for folder in (git_dir, common):
            loose = folder / ref
            if loose.is_file():
                sha = loose.read_text().strip()
                return sha if len(sha) == 40 and set(sha) <= _HEX else None
        packed = common / "packed-refs"
        if packed.is_file():
            for line in packed.read_text().splitlines():
                sha, _, name = line.partition(" ")
                if name == ref and len(sha) == 40 and set(sha) <= _HEX:
                    return sha
    except (OSError, UnicodeDecodeError):
        return None
    return None


def head_branch(git_dir: Path) -> tuple[str, str] | None:
    """(branch ref, its commit) when HEAD names a local branch that has commits, read from
    the ref files; None for anything else (detached, unborn, reftable...)."""
    try:
        head = (git_dir / "HEAD").read_text()
    except (OSError, UnicodeDecodeError):
        return None
    ref = head.removeprefix("ref: ").strip()
    if not head.startswith("ref: refs/heads/") or head != f"ref: {ref}\n":
        return None
    sha = _read_head(git_dir)
    return None if sha is None else (ref, sha)


def root_commit(root: Path, rev: str = "HEAD") -> str:
    """The first commit of `rev`'s history: a stable name for a ledger across clones."""
    roots = run(root, "rev-list", "--max-parents=0", rev, "--").split()
    return roots[-1] if roots else "0" * 40
