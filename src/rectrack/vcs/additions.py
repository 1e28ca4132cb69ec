"""The lines each commit added to files, newest commit first, from one `git log -p`.

`rec site` asks when each of the latest events reached the ledger. Recommendation files
only grow at the end, so the lines a commit added name the events it recorded. One
`git log -p -U0` streams the commits newest first, and the caller stops reading (the
process is killed) once it has what it needs: the cost follows how far back it looks,
not how big the ledger or its history is.

Options that a user's git config could change are pinned on the command line (prefixes,
colour, external diff tools, textconv, signatures, merge diffs), and `--text` keeps a
file marked binary readable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rectrack.errors import GitError
from rectrack.vcs.runner import first_error, popen

_MARK = b"\0"


@dataclass(kw_only=True)
class FileAdditions:
    """What one commit did to one file: its path, whether it was created or deleted, how
    many lines it removed and the lines it added (without their newlines), in order."""

    path: str
    created: bool = False
    deleted: bool = False
    removed: list[bytes] = field(default_factory=list)
    added: list[bytes] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class CommitAdditions:
    """A non-merge commit that changed files under the pathspec, when it was committed."""

    sha: str
    committed: dt.datetime
    files: tuple[FileAdditions, ...]


def walk_additions(
    root: Path, *, rev: str, pathspec: str
) -> Generator[CommitAdditions, None, None]:
    """Commits reachable from `rev` changing files under `pathspec` (relative to `root`),
    newest first. Merges carry no diff of their own: the commits they join are listed."""
    process = popen(root, "log", "-p", "-U0", "--text", "--no-renames", "--no-color",
                    "--no-ext-diff", "--no-textconv", "--no-show-signature",
                    "--diff-merges=off", "--src-prefix=a/", "--dst-prefix=b/",
                    "--format=%x00%H %ct", rev, "--", f":(literal){pathspec}")  # fmt: skip
    assert process.stdout is not None
    finished = False
    try:
        yield from _parse(process.stdout)
        finished = True
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
    if finished and process.returncode != 0 and process.stderr is not None:
        raise GitError(command="log", detail=first_error(process.stderr.read()))


def _parse(stream: Iterator[bytes]) -> Iterator[CommitAdditions]:
    """Commits from `git log -p` output; dispatches on a line's first byte (hot loop)."""
    sha = ""
    committed = dt.datetime.min
    files: list[FileAdditions] = []
    current: FileAdditions | None = None
    in_hunk = False
    for raw in stream:
        line = raw[:-1] if raw.endswith(b"\n") else raw
        first = line[:1]
        if first == _MARK:
            if sha and files:
                yield CommitAdditions(sha=sha, committed=committed, files=tuple(files))
            text, _, seconds = line[1:].decode().partition(" ")
            sha, files, current, in_hunk = text, [], None, False
            committed = dt.datetime.fromtimestamp(int(seconds), tz=dt.UTC)
        elif in_hunk and current is not None and first == b"+":
            current.added.append(line[1:])
        elif in_hunk and current is not None and first == b"-":
            current.removed.append(line[1:])
        elif first == b"@":
            in_hunk = True
        elif line.startswith(b"diff --git "):
            current, in_hunk = FileAdditions(path=""), False
            files.append(current)
        elif current is not None and not in_hunk:
            _header(current, line)
    if sha and files:
        yield CommitAdditions(sha=sha, committed=committed, files=tuple(files))


def _header(current: FileAdditions, line: bytes) -> None:
    """One line of a file's diff header: creation, deletion, or its path."""
    if line.startswith(b"new file mode"):
        current.created = True
    elif line.startswith(b"deleted file mode"):
        current.deleted = True
    elif line.startswith(b"+++ b/"):
        current.path = line[6:].decode("utf-8", "replace")
    elif line.startswith(b"--- a/") and not current.path:
        current.path = line[6:].decode("utf-8", "replace")  # a deletion: +++ is /dev/null
