"""Everything rectrack asks of git: commits, history, identity, the ledger lock.

The only module that talks to git. Writes go through the git executable directly (a few
milliseconds each, and hooks and signing behave as the user configured them); GitPython,
which costs ~75 ms to import, is imported only where history is read. Nothing here prints
or exits: failures are raised as GitError and friends.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rectrack.errors import GitError, LockTimeout, NotInGitRepository, UncommittedChanges

#: How long a write waits for another rec (or git's own index.lock) before giving up.
LOCK_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True, kw_only=True)
class Identity:
    """Who git will record as the author of the next commit."""

    name: str
    email: str


@dataclass(frozen=True, kw_only=True)
class CommitInfo:
    """One commit as `rec log` shows it."""

    sha: str
    author: str
    email: str
    date: dt.datetime
    message: str


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


def run(
    root: Path,
    *args: str,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
    tied: bool = False,
) -> str:
    """Run `git args...` in `root`; its stdout, or GitError with git's own first error line.

    `tied`: the git process is killed if rec dies first (see `_tie_to_parent`).
    """
    try:
        completed = subprocess.run(
            ["git", *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            env=None if env is None else {**os.environ, **env},
            check=False,
            preexec_fn=_tie_to_parent(os.getpid()) if tied and _LINUX else None,
        )
    except FileNotFoundError:
        raise GitError(command=args[0], detail="git is not installed (or not on PATH)") from None
    if completed.returncode != 0:
        raise GitError(command=args[0], detail=_first_error(completed.stderr, completed.stdout))
    return completed.stdout.decode("utf-8", "replace")


_LINUX = sys.platform.startswith("linux")


def _tie_to_parent(parent: int) -> Callable[[], None]:
    """A pre-exec hook asking Linux to SIGKILL the child when rec dies.

    Without it, a rec killed during `git commit` leaves git finishing the commit on its
    own, racing the next rec's recovery of the half-done write (journal.py). With it, the
    write stops with rec, and recovery sees a settled state.
    """

    import ctypes  # loaded here, in rec, so the child does as little as possible

    prctl = ctypes.CDLL(None).prctl
    pr_set_pdeathsig = 1

    def hook() -> None:
        prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() != parent:  # rec died before the request took effect
            os._exit(1)

    return hook


def _first_error(*streams: bytes) -> str:
    for stream in streams:
        lines = [line.strip() for line in stream.decode("utf-8", "replace").splitlines()]
        lines = [line for line in lines if line and not line.startswith("hint:")]
        if lines:
            fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
            return (fatal or lines)[0]
    return "no output"


def init(path: Path) -> None:
    """`git init` in `path`."""
    run(path, "init", "-q")


def identity(root: Path) -> Identity | None:
    """The author git would record (env, then config); None when git has no usable identity."""
    name, email = os.environ.get("GIT_AUTHOR_NAME", ""), os.environ.get("GIT_AUTHOR_EMAIL", "")
    if _plain_ident(name) and _plain_ident(email):
        # git takes both from the environment before any config, so no process is needed;
        # names git would tidy up (stray dots, quotes, <>) still go through `git var`.
        return Identity(name=name, email=email)
    try:
        ident = run(root, "var", "GIT_AUTHOR_IDENT").strip()
    except GitError:
        return None
    name, _, rest = ident.partition(" <")
    return Identity(name=name, email=rest.partition(">")[0])


_IDENT_CRUD = frozenset(".,:;<>\"\\' \t\n")


def _plain_ident(value: str) -> bool:
    return (
        bool(value)
        and value[0] not in _IDENT_CRUD
        and value[-1] not in _IDENT_CRUD
        and not ({"<", ">", "\n"} & set(value))
    )


def check_unchanged(root: Path, path: Path) -> None:
    """Raise UncommittedChanges if `path` is modified, staged or untracked."""
    status = run(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", str(path))
    if status:
        raise UncommittedChanges(path=os.path.relpath(path, Path.cwd()))


def commit_file(
    root: Path,
    path: Path,
    *,
    message: str,
    new: bool,
    author: Identity | None,
    also: Sequence[Path] = (),
) -> str:
    """Commit exactly `path` (nothing else the user staged) and return the new commit's hash.

    `also`: more files (new or changed) that belong in the same commit, e.g. `rec init`'s
    .gitattributes or evidence copies.
    """
    return commit_paths(
        root, [path, *also], add=[*([path] if new else []), *also], message=message, author=author
    )


def commit_paths(
    root: Path, paths: Sequence[Path], *, add: Sequence[Path], message: str, author: Identity | None
) -> str:
    """Commit exactly `paths` (nothing else the user staged) and return the new commit's hash.

    `git commit --only` builds the commit from HEAD plus these paths, so the user's other
    staged and unstaged work stays as it was. `add` (new files among them) are added to the
    index first and put back as they were if the commit fails.
    """
    env = None
    if author is not None:
        env = {
            "GIT_AUTHOR_NAME": author.name,
            "GIT_AUTHOR_EMAIL": author.email,
            "GIT_COMMITTER_NAME": os.environ.get("GIT_COMMITTER_NAME", author.name),
            "GIT_COMMITTER_EMAIL": os.environ.get("GIT_COMMITTER_EMAIL", author.email),
        }
    relative = [str(path.relative_to(root)) for path in paths]
    added = [str(path.relative_to(root)) for path in add]
    if added:
        _retry_on_index_lock(lambda: run(root, "add", "--", *added, tied=True))
    try:
        _retry_on_index_lock(
            lambda: run(
                root, "commit", "-q", "--only", "-m", message, "--", *relative, env=env, tied=True
            )
        )
    except GitError:
        for name in added:
            unstage(root, name)
        raise
    return head_commit(root)


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


def unstage(root: Path, relative: str) -> None:
    """Put the index entry of `relative` back to HEAD's (none, if HEAD lacks it)."""
    try:
        run(root, "reset", "-q", "--", relative)
    except GitError:  # no HEAD yet
        run(root, "rm", "-q", "--cached", "--ignore-unmatch", "--", relative)


def _retry_on_index_lock(action: Callable[[], object]) -> None:
    """Run a git call, waiting (bounded) while another git process holds index.lock."""
    deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
    delay = 0.02
    while True:
        try:
            action()
            return
        except GitError as error:
            if "index.lock" not in str(error):
                raise
            if time.monotonic() > deadline:
                raise GitError(
                    command=error.details.get("command", "commit"),
                    detail=f"another git process has held index.lock for over "
                    f"{LOCK_TIMEOUT_SECONDS:g} s; if no git is running, delete "
                    f"{_lock_path(error)}",
                ) from None
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


@dataclass(frozen=True, kw_only=True)
class LineAuthor:
    """The commit that last wrote a line, and its author."""

    sha: str
    name: str
    email: str
    date: str  # YYYY-MM-DD, the author date


def blame_lines(root: Path, path: Path, *, lines: Sequence[int]) -> dict[int, LineAuthor]:
    """Who wrote each of `lines` (1-based) of `path` as committed in HEAD: one `git blame`."""
    if not lines:
        return {}
    ranges = [arg for line in lines for arg in ("-L", f"{line},{line}")]
    try:
        output = run(root, "blame", "--porcelain", *ranges, "HEAD", "--", str(path))
    except GitError:
        return {}
    authors: dict[int, LineAuthor] = {}
    commits: dict[str, dict[str, str]] = {}
    current: tuple[str, int] | None = None
    for entry in output.splitlines():
        if entry.startswith("\t"):
            current = None
            continue
        fields = entry.split(" ")
        if len(fields[0]) == 40 and len(fields) >= 3 and fields[2].isdigit():
            current = (fields[0], int(fields[2]))
            commits.setdefault(fields[0], {})
            authors[current[1]] = LineAuthor(sha=fields[0], name="", email="", date="")
        elif current is not None:
            key, _, value = entry.partition(" ")
            commits[current[0]][key] = value
    for line, found in authors.items():
        info = commits[found.sha]
        when = dt.datetime.fromtimestamp(int(info.get("author-time", "0")), tz=dt.UTC)
        authors[line] = LineAuthor(
            sha=found.sha,
            name=info.get("author", ""),
            email=info.get("author-mail", "").strip("<>"),
            date=when.date().isoformat(),
        )
    return authors


def line_author(root: Path, path: Path, line: int) -> str | None:
    """The author email of the commit that last wrote line `line` of `path` (git blame)."""
    found = blame_lines(root, path, lines=[line]).get(line)
    return found.email if found is not None else None


def resolve_commit(root: Path, rev: str) -> tuple[str, dt.datetime] | None:
    """(full hash, committer date) of the commit `rev` names, or None if it names none."""
    try:
        sha = run(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    except GitError:
        return None
    return sha.strip(), _commit_date(root, sha.strip())


def last_commit_before(root: Path, moment: dt.datetime) -> tuple[str, dt.datetime] | None:
    """The newest commit on HEAD's history committed at or before `moment`."""
    try:
        sha = run(root, "rev-list", "-1", f"--before={moment.isoformat()}", "HEAD").strip()
    except GitError:
        return None
    return (sha, _commit_date(root, sha)) if sha else None


def _commit_date(root: Path, sha: str) -> dt.datetime:
    return dt.datetime.fromisoformat(run(root, "show", "-s", "--format=%cI", sha).strip())


def read_tree(root: Path, rev: str, folder: Path) -> dict[str, bytes]:
    """Every file under `folder` as committed in `rev`: path relative to `folder` -> bytes.

    One `git ls-tree` and one `git cat-file --batch`, however many files there are.
    """
    prefix = folder.relative_to(root).as_posix()
    listing = run(root, "ls-tree", "-r", "-z", rev, "--", prefix if prefix != "." else "")
    entries: list[tuple[str, str]] = []
    for record in listing.split("\0"):
        if not record:
            continue
        meta, _, path = record.partition("\t")
        _mode, kind, sha = meta.split()
        if kind == "blob":
            relative = path[len(prefix) + 1 :] if prefix not in ("", ".") else path
            entries.append((relative, sha))
    if not entries:
        return {}
    batch = "".join(f"{sha}\n" for _, sha in entries).encode()
    completed = subprocess.run(
        ["git", "cat-file", "--batch"], cwd=root, input=batch, capture_output=True, check=False
    )
    if completed.returncode != 0:
        raise GitError(command="cat-file", detail=_first_error(completed.stderr))
    out = completed.stdout
    files: dict[str, bytes] = {}
    position = 0
    for relative, _sha in entries:
        header_end = out.index(b"\n", position)
        size = int(out[position:header_end].split()[2])
        files[relative] = out[header_end + 1 : header_end + 1 + size]
        position = header_end + 1 + size + 1
    return files


def root_commit(root: Path) -> str:
    """The first commit of HEAD's history: a stable name for a ledger across clones."""
    roots = run(root, "rev-list", "--max-parents=0", "HEAD").split()
    return roots[-1] if roots else "0" * 40


def _lock_path(error: GitError) -> str:
    """The index.lock path in git's message ("Unable to create '/x/.git/index.lock'...")."""
    text = str(error)
    start = text.find("'")
    end = text.find("index.lock'", start)
    return (
        text[start + 1 : end + len("index.lock")]
        if start >= 0 and end > start
        else ".git/index.lock"
    )


def history(root: Path, *, paths: Sequence[Path], limit: int | None) -> list[CommitInfo]:
    """Commits touching `paths`, newest first."""
    import git  # GitPython: only the commands that read history pay for it

    try:
        repo = git.Repo(root)
        if not repo.head.is_valid():
            return []
        commits = repo.iter_commits(
            paths=[str(path.relative_to(root)) for path in paths], max_count=limit
        )
        return [
            CommitInfo(
                sha=commit.hexsha,
                author=str(commit.author.name),
                email=str(commit.author.email),
                date=commit.authored_datetime,
                message=str(commit.message).strip(),
            )
            for commit in commits
        ]
    except (git.GitCommandError, git.InvalidGitRepositoryError, ValueError) as error:
        raise GitError(command="log", detail=str(error).strip().splitlines()[0]) from None


class LedgerLock:
    """Serialises rec writes on one machine: an flock on <git dir>/rectrack.lock.

    The kernel drops an flock when its process dies, so a killed rec never leaves a lock
    that blocks the next one.
    """

    def __init__(self, git_dir: Path, *, timeout: float = LOCK_TIMEOUT_SECONDS) -> None:
        self.path = git_dir / "rectrack.lock"
        self.timeout = timeout
        self._fd: int | None = None

    def __enter__(self) -> LedgerLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise LockTimeout(path=self.path, seconds=self.timeout) from None
                time.sleep(0.01)
        self._fd = fd
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


@contextmanager
def locked(git_dir: Path) -> Iterator[None]:
    with LedgerLock(git_dir):
        yield


def require_repository(path: Path) -> tuple[Path, Path]:
    found = find_git_dir(path)
    if found is None:
        raise NotInGitRepository(path=path)
    return found


# --- shared by the integrity modules (githistory.py, gitsync.py, journal.py) ---------------

#: git's first error line from a process's output, for the other git-layer modules.
first_error = _first_error


def common_dir(git_dir: Path) -> Path:
    """The git dir shared by all worktrees (where config, refs and objects live)."""
    pointer = git_dir / "commondir"
    if pointer.is_file():
        return (git_dir / pointer.read_text().strip()).resolve()
    return git_dir


def blob_hash(data: bytes) -> str:
    """The hash git gives a blob with these bytes (no git process needed)."""
    import hashlib

    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


# --- the merge driver's registration --------------------------------------------------------

MERGE_DRIVER = "rectrack"


def merge_driver_command() -> str:
    """The driver command git runs: this very interpreter, so it works without `rec` on PATH."""
    import shlex
    import sys

    return f"{shlex.quote(sys.executable)} -m rectrack merge-driver %O %A %B %P"


def merge_driver_configured(git_dir: Path) -> bool:
    """Whether git's config names a usable rectrack driver (reads the file; no git process)."""
    import shlex

    try:
        text = (common_dir(git_dir) / "config").read_text(errors="replace")
    except OSError:
        return False
    section = text.find(f'[merge "{MERGE_DRIVER}"]')
    if section < 0:
        return False
    for line in text[section:].splitlines()[1:]:
        key, _, value = line.strip().partition("=")
        if line.lstrip().startswith("["):
            break
        if key.strip() == "driver":
            words = shlex.split(value.strip(), posix=True) if value.strip() else []
            # The interpreter recorded may be gone (a deleted venv): then configure again.
            return bool(words) and (not words[0].startswith("/") or Path(words[0]).exists())
    return False


def merge_attribute(root: Path, relative: str) -> str:
    """The `merge` attribute .gitattributes gives `relative` ("unspecified" if none)."""
    out = run(root, "check-attr", "merge", "--", relative)
    return out.rpartition(": ")[2].strip()


def configure_merge_driver(root: Path) -> None:
    """Register the rectrack merge driver in the repository's git config."""
    run(root, "config", f"merge.{MERGE_DRIVER}.name", "rectrack: merge appended events")
    run(root, "config", f"merge.{MERGE_DRIVER}.driver", merge_driver_command())


def write_conflict_markers(*, base: Path, ours: Path, theirs: Path, name: str) -> None:
    """Rewrite `ours` with git's usual conflict markers against `theirs`."""
    labels = ["-L", f"{name} (ours)", "-L", f"{name} (base)", "-L", f"{name} (theirs)"]
    completed = subprocess.run(
        ["git", "merge-file", *labels, str(ours), str(base), str(theirs)],
        capture_output=True, check=False,
    )  # fmt: skip
    if completed.returncode < 0:
        raise GitError(command="merge-file", detail=_first_error(completed.stderr))


def read_blob(root: Path, spec: str) -> bytes | None:
    """The bytes of blob `spec` (e.g. `HEAD:recs/5.yaml`), or None if there is none."""
    completed = subprocess.run(
        ["git", "cat-file", "blob", spec], cwd=root, capture_output=True, check=False
    )
    return completed.stdout if completed.returncode == 0 else None
