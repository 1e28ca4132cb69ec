"""Checkpoints: history anchored beyond one clone, against a remote whose history and tags
were rewritten, seen from an older clone (sync refuses) and from a fresh one (--checkpoint)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from rectrack.app.checkpoints import latest_checkpoint
from rectrack.app.ledger import find_ledger
from tests.helpers import AUTHOR_B, git, rec

TAGS = "refs/tags/rectrack/checkpoint/"


def ok(ledger: Path, *args: str) -> str:
    result = rec(ledger, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def shared(ledger_with_rec: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Alex's ledger pushed to a bare remote with checkpoint `board-1` on its head; the
    remote's path."""
    ok(ledger_with_rec, "comment", "1", "before the board", "--date", "2019-01-01")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(ledger_with_rec, "remote", "add", "origin", str(remote))
    ok(ledger_with_rec, "sync")
    ok(ledger_with_rec, "checkpoint", "board-1")
    assert "sent checkpoint board-1" in ok(ledger_with_rec, "sync")
    return ledger_with_rec, remote


def test_checkpoint_tags_the_verified_head(ledger_with_rec: Path) -> None:
    """An annotated tag on HEAD carrying the head, recorded in the clone; names never clash."""
    out = ok(ledger_with_rec, "checkpoint", "board-1")
    sha = head(ledger_with_rec)
    assert out == f"checkpoint board-1: {sha} (not signed); `rec sync` shares it\n"
    assert git(ledger_with_rec, "cat-file", "-t", f"{TAGS}board-1").strip() == "tag"
    assert f"head: {sha}" in git(ledger_with_rec, "cat-file", "-p", f"{TAGS}board-1")
    seen = (ledger_with_rec / ".git/rectrack/checkpoints").read_text()
    assert seen == f"{sha} board-1\n"
    first = ok(ledger_with_rec, "checkpoint").split(":")[0]
    second = ok(ledger_with_rec, "checkpoint").split(":")[0]
    assert second == f"{first}.2"
    result = rec(ledger_with_rec, "checkpoint", "board-1")
    assert result.exit_code == 1
    assert result.stderr.startswith("rec: error: invalid checkpoint name 'board-1': it exists")
    latest = latest_checkpoint(find_ledger(start=ledger_with_rec))
    assert latest is not None and latest[1] == sha  # names made in one second: any of them


def test_no_checkpoint_of_a_history_that_fails_verify(ledger_with_rec: Path) -> None:
    """A head verify rejects is not vouched for: no tag is made."""
    path = ledger_with_rec / "recs/1.yaml"
    path.write_bytes(path.read_bytes().replace(b"DCI Smith", b"DCI Jones"))
    git(ledger_with_rec, "commit", "-qam", "hand edit")
    result = rec(ledger_with_rec, "checkpoint", "board-1")
    assert result.exit_code == 1 and "violation(s)" in result.stderr
    assert git(ledger_with_rec, "tag", "-l") == ""


def rewrite(clone: Path, how: str) -> None:
    """Rewrite history the way an insider controlling the remote would."""
    env = {"FILTER_BRANCH_SQUELCH_WARNING": "1"}
    if how == "amend":
        git(clone, "commit", "-q", "--amend", "-m", "reworded")
    elif how == "reset":
        git(clone, "reset", "-q", "--hard", "HEAD~1")
        (clone / "recs/1.yaml").write_bytes((clone / "recs/1.yaml").read_bytes() + b"# x\n")
        git(clone, "commit", "-qam", "another past")
    elif how == "filter-branch":
        git(clone, "filter-branch", "-f", "--msg-filter", "sed s/comment/note/", "HEAD", env=env)
    elif how == "commit-tree":
        tree = git(clone, "rev-parse", "HEAD^{tree}").strip()
        orphan = git(clone, "commit-tree", tree, "-m", "one clean commit").strip()
        git(clone, "update-ref", "refs/heads/main", orphan)
    git(clone, "push", "-q", "--force", "origin", "main")
    git(clone, "push", "-q", "origin", f":{TAGS}board-1")  # and the tag that anchored it


@pytest.mark.parametrize("how", ["amend", "reset", "filter-branch", "commit-tree"])
def test_a_rewritten_remote_is_refused_by_a_clone_that_saw_a_checkpoint(
    shared: tuple[Path, Path], tmp_path: Path, how: str
) -> None:
    """The remote's history and tags are rewritten: the older clone's sync refuses to
    merge; a fresh clone given the old head (a committee paper) reports the rewrite."""
    older, remote = shared
    anchored = head(older)
    insider = tmp_path / "insider"
    git(tmp_path, "clone", "-q", str(remote), str(insider))
    rewrite(insider, how)
    result = rec(older, "sync")
    assert result.exit_code == 1
    assert result.stderr == (
        "rec: error: sync stopped: refusing to merge origin/main: origin/main no longer "
        f"contains checkpoint board-1 (commit {anchored[:12]}): its history was rewritten; "
        "nothing was merged (docs/integrity.md, Checkpoints)\n"
    )
    assert head(older) == anchored
    fresh = tmp_path / "fresh"
    git(tmp_path, "clone", "-q", "--no-local", str(remote), str(fresh))
    assert git(fresh, "tag", "-l") == ""
    result = rec(fresh, "verify", "--checkpoint", anchored[:12])
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"(checkpoint), commit {anchored[:8]}: checkpoint {anchored[:12]}: no such commit here: "
        "this history does not contain the head you kept"
    )


def test_a_moved_remote_tag_is_refused(shared: tuple[Path, Path], tmp_path: Path) -> None:
    """History intact, but the remote's checkpoint now names another commit: refused."""
    older, remote = shared
    insider = tmp_path / "insider"
    git(tmp_path, "clone", "-q", str(remote), str(insider))
    git(insider, "tag", "-f", "-a", "-m", "moved", "rectrack/checkpoint/board-1", "HEAD~1")
    git(insider, "push", "-q", "--force", "origin", f"{TAGS}board-1")
    result = rec(older, "sync")
    assert result.exit_code == 1
    assert "origin's checkpoint board-1 now names" in result.stderr
    assert "(the tag was moved)" in result.stderr


def test_a_deleted_remote_tag_is_sent_again(shared: tuple[Path, Path]) -> None:
    """A tag deleted on the remote with history intact is no rewrite: sync puts it back."""
    older, _remote = shared
    git(older, "push", "-q", "origin", f":{TAGS}board-1")
    assert "origin had lost checkpoint board-1: sent it again" in ok(older, "sync")
    assert f"{TAGS}board-1" in git(older, "ls-remote", "origin")


def test_sync_brings_checkpoints_to_other_clones(shared: tuple[Path, Path], tmp_path: Path) -> None:
    """Another clone receives the checkpoint by syncing, and its verify checks it."""
    _, remote = shared
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", "--no-tags", str(remote), str(other))
    git(other, "config", "user.email", AUTHOR_B[1])
    assert "received checkpoint board-1" in ok(other, "sync")
    out = ok(other, "verify")
    assert "checkpoint board-1:" in out and "is in this history" in out


def test_verify_notices_a_moved_local_tag_and_a_local_rewrite(shared: tuple[Path, Path]) -> None:
    """The clone's own record catches a tag moved here; the tags alone catch a reset past
    the checkpoint even when the clone's records are deleted."""
    older, _ = shared
    anchored = head(older)
    git(older, "tag", "-f", "-a", "-m", "moved", "rectrack/checkpoint/board-1", "HEAD~1")
    result = rec(older, "verify")
    assert result.exit_code == 1
    assert (f"checkpoint board-1 was moved: this clone saw it on {anchored[:12]}, the tag now "
            f"names {git(older, 'rev-parse', 'HEAD~1').strip()[:12]}") in result.stdout  # fmt: skip
    git(older, "tag", "-f", "-a", "-m", "back", "rectrack/checkpoint/board-1", anchored)
    for name in ("checkpoints", "verified"):
        (older / ".git/rectrack" / name).unlink()
    git(older, "reset", "-q", "--hard", "HEAD~1")
    ok(older, "comment", "1", "a different future")
    result = rec(older, "verify")
    assert result.exit_code == 1
    assert (f"checkpoint board-1: commit {anchored[:12]} is not an ancestor of HEAD: history "
            "was rewritten after it") in result.stdout  # fmt: skip


def test_verify_checkpoint_on_a_fresh_clone(shared: tuple[Path, Path], tmp_path: Path) -> None:
    """A head kept outside git checks out on any clone while history still contains it."""
    older, remote = shared
    kept = head(older)
    ok(older, "comment", "1", "after the board")
    ok(older, "sync")
    fresh = tmp_path / "fresh"
    git(tmp_path, "clone", "-q", str(remote), str(fresh))
    out = ok(fresh, "verify", "--checkpoint", kept[:10])
    assert f"checkpoint {kept[:10]}: {kept[:12]} is in this history" in out
    result = rec(fresh, "verify", "--checkpoint", "0123456789ab")
    assert result.exit_code == 1
    assert "no such commit here: this history does not contain the head you kept" in result.stdout


def test_reports_say_what_they_were_built_from(shared: tuple[Path, Path]) -> None:
    """Markdown and HTML name the head and the latest checkpoint; JSON says it on stderr."""
    older, _ = shared
    sha = head(older)[:12]
    line = f"Built from commit {sha}; latest checkpoint board-1 ({sha})."
    assert ok(older, "export", "--format", "md").endswith(f"_{line}_\n")
    assert f'<p class="provenance">{line}</p>' in ok(older, "export", "--format", "html")
    result = rec(older, "export", "--format", "json")
    assert json.loads(result.stdout) and result.stderr == line + "\n"
    assert ok(older, "changes", "--since", "HEAD~1").endswith(f"_{line}_\n")


def test_verify_runs_where_the_git_dir_cannot_be_written(shared: tuple[Path, Path]) -> None:
    """Verify keeps its record only when it can write it: elsewhere it passes all the same."""
    older, _ = shared
    records = older / ".git/rectrack"
    for child in records.iterdir():
        child.unlink()
    records.rmdir()
    records.write_text("not a folder")  # nothing can be written under it
    out = ok(older, "verify")
    assert "note: the git dir is read-only: this run was not recorded" in out


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only permissions")
def test_verify_on_a_read_only_checkout(shared: tuple[Path, Path]) -> None:
    """A checkout nobody may write to (files and .git) verifies."""
    older, _ = shared
    paths = [older, *older.rglob("*")]
    for path in paths:
        path.chmod(path.stat().st_mode & ~0o222)
    try:
        out = ok(older, "verify")
        assert out.startswith("ok:")
    finally:
        for path in paths:
            path.chmod(path.stat().st_mode | 0o200)
