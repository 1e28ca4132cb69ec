"""Who wrote what: the commits of `rec log` and the author of each line (`git blame`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rectrack.errors import GitError
from rectrack.vcs.runner import AS_WRITTEN, run


@dataclass(frozen=True, kw_only=True)
class CommitInfo:
    """One commit as `rec log` shows it."""

    sha: str
    author: str
    email: str
    date: dt.datetime
    message: str


def history(root: Path, *, paths: Sequence[Path], limit: int | None) -> list[CommitInfo]:
    """Commits touching `paths`, newest first."""
    import git  # GitPython: only the commands that read history pay for it

    try:
        repo = git.Repo(root)
        repo.git.update_environment(**AS_WRITTEN)
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


@dataclass(frozen=True, kw_only=True)
class LineAuthor:
    """The commit that last wrote a line, and its author."""

    sha: str
    name: str
    email: str
    date: str  # YYYY-MM-DD, the author date


def blame_lines(root: Path, path: Path, *, lines: Sequence[int]) -> dict[int, LineAuthor]:
    """Who wrote each of `lines` (1-based) of `path` as committed in HEAD.

    `git blame` names the commit of each line; the author is then read from the commit
    itself, because blame rewrites authors through `.mailmap`, a file anyone with push
    access can edit after the fact. Two git processes, however many lines.
    """
    if not lines:
        return {}
    ranges = [arg for line in lines for arg in ("-L", f"{line},{line}")]
    try:
        output = run(root, "blame", "--porcelain", *ranges, "HEAD", "--", str(path))
    except GitError:
        return {}
    shas: dict[int, str] = {}
    for entry in output.splitlines():
        fields = entry.split(" ")
        if len(fields[0]) == 40 and len(fields) >= 3 and fields[2].isdigit():
            shas[int(fields[2])] = fields[0]
    authors = commit_authors(root, set(shas.values()))
    return {line: authors[sha] for line, sha in shas.items() if sha in authors}


def commit_authors(root: Path, shas: Iterable[str]) -> dict[str, LineAuthor]:
    """The author each commit records, exactly as recorded (never through `.mailmap`)."""
    wanted = sorted(shas)
    if not wanted:
        return {}
    output = run(root, "-c", "log.mailmap=false", "log", "--no-mailmap", "--no-walk=unsorted",
                 "--format=%H%x1f%an%x1f%ae%x1f%at", *wanted, "--")  # fmt: skip
    authors: dict[str, LineAuthor] = {}
    for line in output.splitlines():
        sha, name, email, seconds = line.split("\x1f")
        when = dt.datetime.fromtimestamp(int(seconds or "0"), tz=dt.UTC)
        authors[sha] = LineAuthor(sha=sha, name=name, email=email, date=when.date().isoformat())
    return authors


def line_author(root: Path, path: Path, line: int) -> str | None:
    """The author email of the commit that last wrote line `line` of `path` (git blame)."""
    found = blame_lines(root, path, lines=[line]).get(line)
    return found.email if found is not None else None
