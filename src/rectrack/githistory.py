"""Reading history in bulk for `rec verify`: part of the git layer (see gitrepo.py).

Verify reads every version of every recommendation file. One `git rev-list` lists the
commits, one `git diff-tree --stdin` turns (commit, parent) pairs into raw diffs, and one
`git cat-file --batch` serves blobs: three processes for the whole walk, never one per
commit, so the walk stays close to the cost of `git log --raw`.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path

from rectrack.errors import GitError
from rectrack.gitrepo import first_error, run

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
            raise GitError(command=name, detail=first_error(process.stderr.read()))


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
