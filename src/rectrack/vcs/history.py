"""Reading history in bulk for `rec verify`.

Verify reads every version of every recommendation file. One `git log -m --raw` lists
the commits with their raw diffs against every parent, and one `git cat-file --batch`
(blobs.BlobReader) serves blobs: two processes for the whole walk, never one per commit,
so the walk stays close to the cost of `git log --raw`.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Collection, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

from rectrack.errors import GitError
from rectrack.vcs.runner import LEAN, first_error, popen

_ZERO = "0" * 40


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
    person: bytes  # git's raw `Name <email> 1700000000 +0100`, read only when needed
    committer: bytes = b""
    diffs: tuple[ParentDiff, ...]

    @property
    def author(self) -> str:
        return _person(self.person)[0]

    @property
    def date(self) -> str:
        """The author date, ISO 8601 with the author's offset."""
        return _person(self.person)[1]

    @property
    def author_email(self) -> str:
        """The author email exactly as the commit records it (never through .mailmap)."""
        return _email(self.person)

    @property
    def committer_email(self) -> str:
        return _email(self.committer)

    @property
    def changed(self) -> bool:
        """Whether anything watched changed relative to any parent."""
        return any(diff.changes for diff in self.diffs)


def walk_changes(
    root: Path,
    *,
    pathspec: str,
    watch: Collection[str] = (),
    since: str | None = None,
    head: str = "HEAD",
    every_commit: bool = False,
) -> Generator[CommitChanges, None, None]:
    """Every commit changing files under `pathspec` (or the paths in `watch`, or under a
    `watch` entry ending in "/"), parents first, diffed per parent.

    `every_commit`: also the commits that changed none of them (with empty diffs), for a
    caller that follows state along the graph.

    One `git log -m --raw` without a pathspec (git filters paths about twice as slowly as
    it diffs them; Python keeps the lines it wants). `--pretty=raw` because only it names
    the parent each of a merge's diffs is against ("commit X (from P)"): git leaves out a
    diff that is empty, so counting diffs cannot tell which parent is which. Raw headers
    are never rewritten through `.mailmap`.
    """
    revision = head if since is None else f"{since}..{head}"
    process = popen(root, *LEAN, "-c", "log.showSignature=false", "-c", "log.mailmap=false", "log",
                    "-m", "--raw", "--no-abbrev", "--no-renames", "--topo-order", "--reverse",
                    "--pretty=raw", revision, "--")  # fmt: skip
    wanted = _Wanted(prefix=f"{pathspec}/", watch=watch)
    try:
        yield from _group_commits(_parse_log(process, wanted=wanted), every_commit=every_commit)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
    if process.returncode not in (0, -9) and process.stderr is not None:
        raise GitError(command="log", detail=first_error(process.stderr.read()))


class _Wanted:
    """Which paths the walk keeps: the folder, exact paths, and folders named with "/"."""

    def __init__(self, *, prefix: str, watch: Collection[str]) -> None:
        self.prefix = prefix.encode()
        self.exact = frozenset(path.encode() for path in watch if not path.endswith("/"))
        self.folders = tuple(path.encode() for path in watch if path.endswith("/"))

    def __call__(self, path: bytes) -> bool:
        if path.startswith(self.prefix):
            return True
        return path in self.exact or (bool(self.folders) and path.startswith(self.folders))


@dataclass(kw_only=True)
class _Entry:
    """One `commit X [(from P)]` block of `git log -m --raw --pretty=raw`."""

    sha: str
    against: str | None
    parents: list[str]
    author: bytes = b""
    committer: bytes = b""
    changes: list[FileChange]


def _parse_log(process: subprocess.Popen[bytes], *, wanted: _Wanted) -> Iterator[_Entry]:
    """Entries from `--pretty=raw` output; dispatches on a line's first bytes (hot loop)."""
    assert process.stdout is not None
    entry: _Entry | None = None
    for raw in process.stdout:
        first = raw[:2]
        if first == b"co" and raw.startswith(b"commit "):
            if entry is not None:
                yield entry
            words = raw.split()
            against = words[3].rstrip(b")").decode() if len(words) >= 4 else None
            entry = _Entry(sha=words[1].decode(), against=against, parents=[], changes=[])
        elif entry is None:
            continue
        elif first == b":1" or first == b":0":
            meta, _, path = raw.rstrip(b"\n").partition(b"\t")
            if wanted(path):
                _old_mode, new_mode, old_blob, new_blob, _status = meta[1:].decode().split(" ")
                entry.changes.append(
                    FileChange(
                        path=path.decode("utf-8", "replace"),
                        old_blob=None if old_blob == _ZERO else old_blob,
                        new_blob=None if new_blob == _ZERO else new_blob,
                        new_mode=new_mode,
                    )
                )
        elif first == b"pa" and raw.startswith(b"parent "):
            entry.parents.append(raw[7:].strip().decode())
        elif first == b"au" and raw.startswith(b"author "):
            entry.author = raw[7:].rstrip(b"\n")
        elif first == b"co" and raw.startswith(b"committer "):
            entry.committer = raw[10:].rstrip(b"\n")
    if entry is not None:
        yield entry


def _group_commits(entries: Iterator[_Entry], *, every_commit: bool) -> Iterator[CommitChanges]:
    """One CommitChanges per commit (a merge has an entry per non-empty parent diff)."""
    group: list[_Entry] = []
    for entry in entries:
        if group and entry.sha != group[0].sha:
            yield from _commit(group, every_commit=every_commit)
            group = []
        group.append(entry)
    if group:
        yield from _commit(group, every_commit=every_commit)


def _commit(group: list[_Entry], *, every_commit: bool) -> Iterator[CommitChanges]:
    if not every_commit and not any(entry.changes for entry in group):
        return  # nothing watched changed
    first = group[0]
    by_parent = {entry.against or (entry.parents[0] if entry.parents else None): entry
                 for entry in group}  # fmt: skip
    parents: list[str | None] = [*first.parents] or [None]
    diffs = tuple(
        ParentDiff(parent=parent, changes=tuple(by_parent[parent].changes))
        if parent in by_parent
        else ParentDiff(parent=parent, changes=())  # an empty diff git left out
        for parent in parents
    )
    yield CommitChanges(
        sha=first.sha, parents=tuple(first.parents), person=first.author,
        committer=first.committer, diffs=diffs,
    )  # fmt: skip


def _email(raw: bytes) -> str:
    """The email of git's raw `Name <email> 1700000000 +0100`."""
    text = raw.decode("utf-8", "replace")
    return text.partition("<")[2].rpartition(">")[0]


def _person(raw: bytes) -> tuple[str, str]:
    """(name, ISO date) from `Name <email> 1700000000 +0100`."""
    text = raw.decode("utf-8", "replace")
    name, _, rest = text.partition(" <")
    _email, _, when = rest.rpartition("> ")
    try:
        seconds, zone = when.split()
        sign = -1 if zone.startswith("-") else 1
        offset = dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
        moment = dt.datetime.fromtimestamp(int(seconds), tz=dt.timezone(offset))
    except ValueError:
        return name, ""
    return name, moment.isoformat()
