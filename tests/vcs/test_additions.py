"""The lines each commit added, newest first, from one `git log -p`, on real repositories."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rectrack.vcs.additions import walk_additions
from rectrack.vcs.worktree import is_ignored, same_as_commit
from tests.helpers import git, rec


def test_commits_come_newest_first_with_the_lines_they_added(ledger_with_rec: Path) -> None:
    """Creation, then two appends: listed newest first, each with its own added lines."""
    assert rec(ledger_with_rec, "comment", "1", "First note").exit_code == 0
    assert rec(ledger_with_rec, "comment", "1", "Second note").exit_code == 0
    commits = list(walk_additions(ledger_with_rec, rev="HEAD", pathspec="recs"))
    assert [commit.sha for commit in commits] == git(
        ledger_with_rec, "log", "--format=%H", "--", "recs"
    ).split()
    newest, middle, oldest = (commit.files[0] for commit in commits)
    assert newest.path == "recs/1.yaml" and not newest.created and newest.removed == []
    assert newest.added[-1] == b"  comment: Second note"
    assert newest.added[0].startswith(b"- date: ")
    assert middle.added[-1] == b"  comment: First note"
    assert oldest.created and b"events:" in oldest.added
    stamp = int(git(ledger_with_rec, "log", "-1", "--format=%ct").strip())
    assert commits[0].committed == dt.datetime.fromtimestamp(stamp, tz=dt.UTC)


def test_only_the_pathspec_and_no_merge_diffs(ledger_with_rec: Path) -> None:
    """Other files are not listed; a merge adds nothing itself, the commits it joins do."""
    git(ledger_with_rec, "checkout", "-q", "-b", "side")
    assert rec(ledger_with_rec, "comment", "1", "on the side").exit_code == 0
    git(ledger_with_rec, "checkout", "-q", "main")
    (ledger_with_rec / "notes.txt").write_text("unrelated\n")
    git(ledger_with_rec, "add", "notes.txt")
    git(ledger_with_rec, "commit", "-qm", "notes")
    git(ledger_with_rec, "merge", "-q", "--no-edit", "side")
    commits = list(walk_additions(ledger_with_rec, rev="HEAD", pathspec="recs"))
    assert len(commits) == 2
    assert all(len(parents.split()) == 1 for parents in (
        git(ledger_with_rec, "log", "-1", "--format=%P", commit.sha) for commit in commits))  # fmt: skip
    assert commits[0].files[0].added[-1] == b"  comment: on the side"


def test_a_users_git_config_does_not_change_what_is_read(ledger_with_rec: Path) -> None:
    """Colour, no prefixes, external diff tools, signatures shown, merge diffs and a file
    marked binary: the same lines come back."""
    assert rec(ledger_with_rec, "comment", "1", "Noted").exit_code == 0
    before = list(walk_additions(ledger_with_rec, rev="HEAD", pathspec="recs"))
    for key, value in (("color.ui", "always"), ("diff.noprefix", "true"),
                       ("diff.mnemonicPrefix", "true"), ("diff.external", "false"),
                       ("log.showSignature", "true"), ("log.diffMerges", "first-parent"),
                       ("diff.renames", "copies")):  # fmt: skip
        git(ledger_with_rec, "config", key, value)
    (ledger_with_rec / ".git" / "info" / "attributes").write_text("*.yaml -diff\n")
    assert list(walk_additions(ledger_with_rec, rev="HEAD", pathspec="recs")) == before


def test_a_deleted_file_is_marked(ledger_with_rec: Path) -> None:
    """Removing a file lists it as deleted with the lines it lost."""
    git(ledger_with_rec, "rm", "-q", "recs/1.yaml")
    git(ledger_with_rec, "commit", "-qm", "gone")
    deleted = next(walk_additions(ledger_with_rec, rev="HEAD", pathspec="recs")).files[0]
    assert deleted.deleted and deleted.path == "recs/1.yaml" and deleted.removed


def test_stopping_early_ends_the_git_process(ledger_with_rec: Path) -> None:
    """Closing the walk after the first commit is quiet, and a later walk still works."""
    for text in ("one", "two", "three"):
        assert rec(ledger_with_rec, "comment", "1", text).exit_code == 0
    walk = walk_additions(ledger_with_rec, rev="HEAD", pathspec="recs")
    assert next(walk).files[0].added[-1] == b"  comment: three"
    walk.close()
    assert len(list(walk_additions(ledger_with_rec, rev="HEAD~1", pathspec="recs"))) == 3


def test_same_as_commit_sees_through_the_index(ledger_with_rec: Path) -> None:
    """Files equal to the commit match; an edit hidden by --assume-unchanged, an untracked
    or ignored file, a missing file all do not."""
    recs, config = ledger_with_rec / "recs", ledger_with_rec / "rectrack.yaml"
    assert same_as_commit(ledger_with_rec, rev="HEAD", paths=[recs, config])
    original = (recs / "1.yaml").read_bytes()
    git(ledger_with_rec, "update-index", "--assume-unchanged", "recs/1.yaml")
    (recs / "1.yaml").write_bytes(original + b"- date: 2020-01-01\n  by: X\n  comment: hidden\n")
    assert git(ledger_with_rec, "status", "--porcelain") == ""
    assert not same_as_commit(ledger_with_rec, rev="HEAD", paths=[recs])
    (recs / "1.yaml").write_bytes(original)
    assert same_as_commit(ledger_with_rec, rev="HEAD", paths=[recs])
    (ledger_with_rec / ".gitignore").write_text("recs/9.yaml\n")
    (recs / "9.yaml").write_text("title: ignored\nevents:\n")
    assert not same_as_commit(ledger_with_rec, rev="HEAD", paths=[recs])
    (recs / "9.yaml").unlink()
    (recs / "1.yaml").unlink()
    assert not same_as_commit(ledger_with_rec, rev="HEAD", paths=[recs])
    assert not same_as_commit(ledger_with_rec, rev="no-such-rev", paths=[config])


def test_is_ignored_follows_gitignore_for_a_folder(ledger: Path) -> None:
    """A folder named in .gitignore is ignored, whether it exists yet or not; others are not."""
    assert is_ignored(ledger, ledger / "site")
    (ledger / "site").mkdir()
    assert is_ignored(ledger, ledger / "site")
    assert not is_ignored(ledger, ledger / "public")
