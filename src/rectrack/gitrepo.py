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
import subprocess
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
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
    root: Path, *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None
) -> str:
    """Run `git args...` in `root`; its stdout, or GitError with git's own first error line."""
    try:
        completed = subprocess.run(
            ["git", *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            env=None if env is None else {**os.environ, **env},
            check=False,
        )
    except FileNotFoundError:
        raise GitError(command=args[0], detail="git is not installed (or not on PATH)") from None
    if completed.returncode != 0:
        raise GitError(command=args[0], detail=_first_error(completed.stderr, completed.stdout))
    return completed.stdout.decode("utf-8", "replace")


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
    try:
        ident = run(root, "var", "GIT_AUTHOR_IDENT").strip()
    except GitError:
        return None
    name, _, rest = ident.partition(" <")
    return Identity(name=name, email=rest.partition(">")[0])


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

    `git commit --only` builds the commit from HEAD plus this one path, so the user's other
    staged and unstaged work stays as it was. A new file is added to the index first.
    `also`: more files (new or changed) that belong in the same commit, e.g. `rec init`'s
    .gitattributes.
    """
    env = None
    if author is not None:
        env = {
            "GIT_AUTHOR_NAME": author.name,
            "GIT_AUTHOR_EMAIL": author.email,
            "GIT_COMMITTER_NAME": os.environ.get("GIT_COMMITTER_NAME", author.name),
            "GIT_COMMITTER_EMAIL": os.environ.get("GIT_COMMITTER_EMAIL", author.email),
        }
    relative = str(path.relative_to(root))
    others = [str(other.relative_to(root)) for other in also]
    if new or others:
        added = [relative] if new else []
        _retry_on_index_lock(lambda: run(root, "add", "--", *added, *others))
    try:
        _retry_on_index_lock(
            lambda: run(
                root, "commit", "-q", "--only", "-m", message, "--", relative, *others, env=env
            )
        )
    except GitError:
        if new:
            run(root, "rm", "-q", "--cached", "--ignore-unmatch", "--", relative)
        for other in others:
            unstage(root, other)
        raise
    return run(root, "rev-parse", "HEAD").strip()


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


# --- history streaming (rec verify) --------------------------------------------------------
# Verify reads every version of every recommendation file. One `git rev-list` lists the
# commits, one `git diff-tree --stdin` turns (commit, parent) pairs into raw diffs, and one
# `git cat-file --batch` serves blobs: three processes for the whole walk, never one per
# commit, so the walk stays close to the cost of `git log --raw`.

_ZERO = "0" * 40
_FORMAT = "%x01%H%x02%P%x02%an%x02%aI%x02"


@dataclass(frozen=True, kw_only=True)
class FileChange:
    """One path a commit changed relative to one parent (blob None: absent on that side)."""

    path: str
    old_blob: str | None
    new_blob: str | None
    new_mode: str


@dataclass(frozen=True, kw_only=True)
class ParentDiff:
    """What a commit changed relative to one of its parents (None: a root commit)."""

    parent: str | None
    changes: tuple[FileChange, ...]


@dataclass(frozen=True, kw_only=True)
class CommitChanges:
    """A commit of the walk, with its diff against each of its parents."""

    sha: str
    parents: tuple[str, ...]
    author: str
    date: str
    signature: str
    diffs: tuple[ParentDiff, ...]


def has_commits(root: Path) -> bool:
    try:
        run(root, "rev-parse", "--verify", "-q", "HEAD^{commit}")
    except GitError:
        return False
    return True


def walk_changes(
    root: Path, *, pathspec: str, since: str | None = None, signatures: bool = False
) -> Iterator[CommitChanges]:
    """Every commit touching `pathspec` (parents first), with per-parent raw diffs."""
    import threading

    revision = "HEAD" if since is None else f"{since}..HEAD"
    # diff-tree cannot check signatures: one `git log` collects them up front when asked.
    signed = _signatures(root, revision, pathspec) if signatures else {}
    fmt = _FORMAT
    lister = _popen(root, "rev-list", "--parents", "--full-history", "--topo-order",
                    "--reverse", revision, "--", pathspec)  # fmt: skip
    differ = _popen(root, "diff-tree", "--stdin", "-r", "--root", "--always", "--no-abbrev",
                    "--no-renames", f"--format={fmt}", "--", pathspec, stdin=True)  # fmt: skip
    parents_of: dict[str, tuple[str, ...]] = {}

    def feed() -> None:
        assert lister.stdout is not None and differ.stdin is not None
        try:
            for line in lister.stdout:
                sha, *parents = line.decode().split()
                parents_of[sha] = tuple(parents)
                pairs = [f"{sha} {parent}\n" for parent in parents] or [f"{sha}\n"]
                differ.stdin.write("".join(pairs).encode())
        except (BrokenPipeError, ValueError):  # the walk stopped early and killed diff-tree
            pass
        finally:
            with suppress(BrokenPipeError):
                differ.stdin.close()

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    try:
        for commit in _group_commits(_parse_diffs(differ), parents_of):
            yield replace(commit, signature=signed.get(commit.sha, "")) if signed else commit
    finally:
        for process in (lister, differ):
            if process.poll() is None:
                process.kill()
            process.wait()
        feeder.join()
    for process, name in ((lister, "rev-list"), (differ, "diff-tree")):
        if process.returncode not in (0, -9) and process.stderr is not None:
            raise GitError(command=name, detail=_first_error(process.stderr.read()))


def _signatures(root: Path, revision: str, pathspec: str) -> dict[str, str]:
    out = run(root, "log", "--full-history", "--format=%H %G?", revision, "--", pathspec)
    return dict(line.split(" ", 1) for line in out.splitlines() if " " in line)


def _popen(root: Path, *args: str, stdin: bool = False) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            ["git", *args], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
        )  # fmt: skip
    except FileNotFoundError:
        raise GitError(command=args[0], detail="git is not installed (or not on PATH)") from None


def _parse_diffs(process: subprocess.Popen[bytes]) -> Iterator[tuple[list[str], ParentDiff]]:
    assert process.stdout is not None
    header: list[str] | None = None
    changes: list[FileChange] = []
    for raw in process.stdout:
        line = raw.decode("utf-8", "replace").rstrip("\n")
        if line.startswith("\x01"):
            if header is not None:
                yield header, _diff(header, changes)
            header, changes = line[1:].split("\x02"), []
        elif line.startswith(":"):
            meta, _, path = line.partition("\t")
            _old_mode, new_mode, old_blob, new_blob, _status = meta[1:].split(" ")
            changes.append(
                FileChange(
                    path=path,
                    old_blob=None if old_blob == _ZERO else old_blob,
                    new_blob=None if new_blob == _ZERO else new_blob,
                    new_mode=new_mode,
                )
            )
    if header is not None:
        yield header, _diff(header, changes)


def _diff(header: list[str], changes: list[FileChange]) -> ParentDiff:
    return ParentDiff(parent=header[1] or None, changes=tuple(changes))


def _group_commits(
    entries: Iterator[tuple[list[str], ParentDiff]], parents_of: dict[str, tuple[str, ...]]
) -> Iterator[CommitChanges]:
    current: list[str] | None = None
    diffs: list[ParentDiff] = []
    for header, diff in entries:
        if current is not None and header[0] != current[0]:
            yield _commit(current, diffs, parents_of)
            diffs = []
        current = header
        diffs.append(diff)
    if current is not None:
        yield _commit(current, diffs, parents_of)


def _commit(
    header: list[str], diffs: list[ParentDiff], parents_of: dict[str, tuple[str, ...]]
) -> CommitChanges:
    sha, _parent, author, date, signature = (header + [""] * 5)[:5]
    return CommitChanges(
        sha=sha, parents=parents_of.pop(sha, ()), author=author, date=date,
        signature=signature, diffs=tuple(diffs),
    )  # fmt: skip


class BlobReader:
    """Blobs by hash (or `rev:path`) through one long-lived `git cat-file --batch`."""

    def __init__(self, root: Path) -> None:
        self._process = _popen(root, "cat-file", "--batch", stdin=True)
        self._ahead: dict[str, tuple[str, bytes] | None] = {}

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.kill()
        self._process.wait()

    def prefetch(self, specs: Iterable[str]) -> None:
        """Ask for many blobs in one round trip (reading them one by one waits on each).

        At most ~1000 requests (41 KB) are written before reading the answers, so the
        requests fit in the pipe and git never waits on us while we wait on it.
        """
        self._ahead.clear()  # answers fetched for an earlier batch and never needed
        wanted = list(dict.fromkeys(specs))
        stdin = self._process.stdin
        assert stdin is not None
        for start in range(0, len(wanted), 1000):
            chunk = wanted[start : start + 1000]
            stdin.write("".join(f"{spec}\n" for spec in chunk).encode())
            stdin.flush()
            for spec in chunk:
                self._ahead[spec] = self._answer()

    def read(self, spec: str) -> tuple[str, bytes] | None:
        """(hash, bytes) of a blob, or None if there is no such object (or not a blob)."""
        if spec in self._ahead:
            return self._ahead.pop(spec)
        stdin = self._process.stdin
        assert stdin is not None
        stdin.write(spec.encode() + b"\n")
        stdin.flush()
        return self._answer()

    def _answer(self) -> tuple[str, bytes] | None:
        stdout = self._process.stdout
        assert stdout is not None
        header = stdout.readline().split()
        if len(header) != 3:
            return None
        data = stdout.read(int(header[2]))
        stdout.read(1)  # the newline after every object
        return (header[0].decode(), data) if header[1] == b"blob" else None


def is_ancestor(root: Path, ancestor: str, descendant: str = "HEAD") -> bool | None:
    """True/False, or None when `ancestor` is no longer in the repository at all."""
    try:
        run(root, "cat-file", "-e", f"{ancestor}^{{commit}}")
    except GitError:
        return None
    completed = subprocess.run(
        ["git", "merge-base", "--is-ancestor", ancestor, descendant], cwd=root,
        capture_output=True, check=False,
    )  # fmt: skip
    return completed.returncode == 0


def head_ref(root: Path) -> tuple[str, str]:
    """(the branch HEAD is on, or "HEAD" when detached; HEAD's commit hash)."""
    sha = run(root, "rev-parse", "HEAD").strip()
    try:
        ref = run(root, "symbolic-ref", "-q", "HEAD").strip()
    except GitError:
        ref = "HEAD"
    return ref, sha


def common_dir(git_dir: Path) -> Path:
    """The git dir shared by all worktrees (where config, refs and objects live)."""
    pointer = git_dir / "commondir"
    if pointer.is_file():
        return (git_dir / pointer.read_text().strip()).resolve()
    return git_dir


def list_tree(root: Path, *, rev: str, path: str) -> dict[str, str]:
    """{file name: blob hash} of the blobs directly in folder `path` at `rev` ({} if none)."""
    try:
        listing = run(root, "ls-tree", "-z", f"{rev}:{path}")
    except GitError:
        return {}
    entries = {}
    for entry in listing.split("\0"):
        meta, _, name = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob":
            entries[name] = parts[2]
    return entries


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
