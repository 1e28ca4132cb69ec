"""A commit written with plumbing is `git commit --only`'s commit, index and status.

Each case builds the same repository twice, with fixed dates so that equal commits have
equal ids, and records the same comment in both: once with no hook (rec writes the
commit with plumbing) and once with a harmless `post-commit` hook, which makes rec use
`git commit --only` itself. Everything a user or tool can see must then be equal.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from rectrack.app import journal
from rectrack.errors import GitError
from rectrack.vcs import commitbase, directcommit, objects
from tests.helpers import git, rec

FIXED = "2026-03-04T05:06:07 +0100"
HOOK = "#!/bin/sh\nexit 0\n"


@pytest.fixture(autouse=True)
def fixed_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both twins' commits get the same dates, so equal commits have equal ids."""
    monkeypatch.setenv("GIT_AUTHOR_DATE", FIXED)
    monkeypatch.setenv("GIT_COMMITTER_DATE", FIXED)


def _make(root: Path, *, ledger_in: str = "") -> Path:
    """A repository holding a ledger (in `ledger_in`) with recommendations 1 and 2 and
    two files of the user's own."""
    root.mkdir(parents=True)
    git(root, "init", "-q")
    (root / "notes.txt").write_text("notes\n")
    (root / "plan.txt").write_text("plan\n")
    git(root, "add", ".")
    git(root, "commit", "-qm", "user files")
    ledger = root / ledger_in if ledger_in else root
    assert rec(ledger, "init", str(ledger)).exit_code == 0
    for title in ("Map organised crime groups", "Publish the review"):
        assert rec(ledger, "new", "--title", title, "--date", "2017-03-03").exit_code == 0
    return ledger


def _stage_other_work(ledger: Path) -> None:
    root = Path(git(ledger, "rev-parse", "--show-toplevel").strip())
    (root / "notes.txt").write_text("staged notes\n")
    (root / "mine.txt").write_text("a new file, staged\n")
    git(root, "add", "notes.txt", "mine.txt")


def _touch_another_rec(ledger: Path, *, stage: bool) -> None:
    other = ledger / "recs" / "2.yaml"
    other.write_bytes(other.read_bytes() + b"- date: 2017-03-04\n  by: me\n  comment: mine\n")
    if stage:
        git(ledger, "add", str(other))


def _executable(ledger: Path) -> None:
    (ledger / "recs" / "1.yaml").chmod(0o755)
    git(ledger, "commit", "-qam", "executable")


#: What the user has going on in the repository when rec writes.
SITUATIONS: dict[str, Callable[[Path], object]] = {
    "clean": lambda ledger: None,
    "other staged work": _stage_other_work,
    "another rec staged": lambda ledger: _touch_another_rec(ledger, stage=True),
    "another rec modified": lambda ledger: _touch_another_rec(ledger, stage=False),
    "untracked files": lambda ledger: [
        (ledger / "recs" / "99.yaml").write_text("title: not yet\n"),
        (ledger / "scratch.txt").write_text("scratch\n"),
    ],
    "a file deleted in the work tree": lambda ledger: (ledger / "notes.txt").unlink(),
    "a staged deletion": lambda ledger: git(ledger, "rm", "-q", "--cached", "recs/2.yaml"),
    "intent to add": lambda ledger: [
        (ledger / "later.txt").write_text("later\n"),
        git(ledger, "add", "-N", "later.txt"),
    ],
    "a stale index entry": lambda ledger: os.utime(ledger / "recs" / "1.yaml", (1, 1)),
    "an executable file": _executable,
}


def _visible(ledger: Path) -> dict[str, str]:
    """Everything git shows about the repository's state."""
    return {
        "head": git(ledger, "rev-parse", "HEAD"),
        "commit": git(ledger, "cat-file", "commit", "HEAD"),
        "index": git(ledger, "ls-files", "-s"),
        "status": git(ledger, "status", "--porcelain=v2", "--untracked-files=all"),
        "staged": git(ledger, "diff", "--cached"),
        "unstaged": git(ledger, "diff"),
        "reflog": git(ledger, "reflog", "-2", "--format=%H %gs"),
        "branch reflog": git(ledger, "log", "-g", "-2", "--format=%H %gs", "main"),
        "fsck": git(ledger, "fsck", "--strict", "--no-dangling"),
    }


def _steps_of(ledger: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(journal, "after_step", seen.append)
    result = rec(ledger, *args)
    monkeypatch.setattr(journal, "after_step", None)
    assert result.exit_code == 0, result.output
    return seen


def _hook(ledger: Path) -> None:
    hooks = Path(git(ledger, "rev-parse", "--git-path", "hooks").strip())
    hooks = hooks if hooks.is_absolute() else ledger / hooks
    hooks.mkdir(exist_ok=True)
    (hooks / "post-commit").write_text(HOOK)
    (hooks / "post-commit").chmod(0o755)


def _compare(plain: Path, hooked: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> None:
    """The same write in both: plumbing in `plain`, `git commit --only` in `hooked`."""
    _hook(hooked)
    assert "objects" in _steps_of(plain, *args, monkeypatch=monkeypatch)
    assert "objects" not in _steps_of(hooked, *args, monkeypatch=monkeypatch)
    assert _visible(plain) == _visible(hooked)


@pytest.mark.parametrize("situation", sorted(SITUATIONS))
def test_same_as_git_commit_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, situation: str
) -> None:
    """Whatever else the user has staged, changed or left untracked, the plumbing commit,
    index, status and reflog are exactly those of `git commit --only`."""
    plain, hooked = _make(tmp_path / "a"), _make(tmp_path / "b")
    for ledger in (plain, hooked):
        SITUATIONS[situation](ledger)
    _compare(plain, hooked, monkeypatch, "comment", "1", "the same words", "--date", "2020-02-02")
    _compare(plain, hooked, monkeypatch, "status", "1", "being-progressed")


def test_same_in_a_ledger_below_the_top(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A ledger in a subfolder of a larger repository: three trees changed, not two."""
    plain = _make(tmp_path / "a", ledger_in="work/ledger")
    hooked = _make(tmp_path / "b", ledger_in="work/ledger")
    _stage_other_work(plain)
    _stage_other_work(hooked)
    _compare(plain, hooked, monkeypatch, "comment", "1", "deeper", "--date", "2020-02-02")


def test_same_in_a_linked_worktree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a linked worktree: its own HEAD and index move, the main worktree's do not."""
    trees = []
    for name in ("a", "b"):
        main = _make(tmp_path / name / "main")
        git(main, "worktree", "add", "-q", "-b", "side", str(tmp_path / name / "side"))
        trees.append((main, tmp_path / name / "side"))
    main_before = git(trees[0][0], "rev-parse", "main")
    _compare(trees[0][1], trees[1][1], monkeypatch, "comment", "1", "aside", "--date", "2020-02-02")
    assert git(trees[0][0], "rev-parse", "main") == main_before
    assert git(trees[0][0], "status", "--porcelain") == ""


def test_head_moved_meanwhile_commits_nothing(tmp_path: Path) -> None:
    """If someone commits between the check and the ref update, HEAD is not moved over
    their commit: the ref update is refused and reported."""
    ledger = _make(tmp_path / "repo")
    path = ledger / "recs" / "1.yaml"
    base = commitbase.prepare(ledger, ledger / ".git", [path])
    assert base is not None
    new = path.read_bytes() + b"- date: 2020-02-02\n  by: me\n  comment: late\n"
    path.write_bytes(new)
    plan = directcommit.plan(base, {path: new}, message="rec 1: comment")
    assert plan is not None
    (ledger / "notes.txt").write_text("theirs\n")
    git(ledger, "commit", "-qm", "someone else's commit", "--", "notes.txt")
    theirs = git(ledger, "rev-parse", "HEAD")
    commit = directcommit.make(plan, author=None)
    with pytest.raises(GitError, match="git commit failed"):
        directcommit.move_head(plan, commit)
    assert git(ledger, "rev-parse", "HEAD") == theirs


def test_a_clean_filter_sends_the_write_to_git_commit(tmp_path: Path) -> None:
    """Where git would store other bytes than the file's (a clean filter), no plumbing
    commit is planned: `git commit --only` applies the filter."""
    ledger = _make(tmp_path / "repo")
    git(ledger, "config", "filter.upper.clean", "tr a-z A-Z")
    git(ledger, "config", "filter.upper.smudge", "cat")
    path = ledger / "recs" / "1.yaml"
    base = commitbase.prepare(ledger, ledger / ".git", [path])
    assert base is not None
    (ledger / ".git" / "info").mkdir(exist_ok=True)
    (ledger / ".git" / "info" / "attributes").write_text("recs/*.yaml filter=upper\n")
    new = path.read_bytes() + b"- date: 2020-02-02\n  by: me\n  comment: lower\n"
    path.write_bytes(new)
    assert directcommit.plan(base, {path: new}, message="rec 1: comment") is None
    result = rec(ledger, "comment", "1", "filtered")
    assert result.exit_code == 1  # the file now differs from what git stores: uncommitted
    assert "uncommitted changes" in result.stderr


@pytest.mark.parametrize(
    "message",
    ["", "\nrec 1: leading blank line", "rec 1: trailing space ", "a\n\n\nb", "tab\t"],
)
def test_messages_git_would_clean_up_are_left_to_git(tmp_path: Path, message: str) -> None:
    """A message `git commit` would change (blank lines, trailing white space) is not
    written by plumbing, so git's own clean-up decides it."""
    ledger = _make(tmp_path / "repo")
    path = ledger / "recs" / "1.yaml"
    base = commitbase.prepare(ledger, ledger / ".git", [path])
    assert base is not None
    new = path.read_bytes() + b"- date: 2020-02-02\n  by: me\n  comment: x\n"
    path.write_bytes(new)
    assert directcommit.plan(base, {path: new}, message=message) is None


def test_loose_objects_trigger_git_gc_as_git_commit_does(tmp_path: Path) -> None:
    """Past git's loose-object estimate, a plumbing write runs `git gc --auto`, which
    packs them (as `git commit` would have)."""
    ledger = _make(tmp_path / "repo")
    git(ledger, "config", "gc.auto", "1")  # due once objects/17 holds two loose objects
    git(ledger, "config", "gc.autoDetach", "false")
    packs = ledger / ".git" / "objects" / "pack"
    assert not list(packs.glob("*.pack"))
    assert rec(ledger, "comment", "1", "not yet").exit_code == 0
    assert not list(packs.glob("*.pack"))  # under the estimate: no gc
    found: list[bytes] = []
    while len(found) < 2:  # contents whose blobs land in objects/17
        data = os.urandom(8)
        if objects.object_id("blob", data).startswith("17"):
            found.append(data)
    for number, data in enumerate(found):
        (tmp_path / f"blob{number}").write_bytes(data)
    listing = "".join(f"{tmp_path / f'blob{n}'}\n" for n in range(2))
    subprocess.run(["git", "hash-object", "-w", "--stdin-paths"], cwd=ledger, check=True,
                   input=listing.encode(), capture_output=True)  # fmt: skip
    assert rec(ledger, "comment", "1", "then gc").exit_code == 0
    assert list(packs.glob("*.pack"))  # git gc --auto ran and packed the history
