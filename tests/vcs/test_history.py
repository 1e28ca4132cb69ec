"""Bulk history reading: the commit walk and the blob reader, on real repositories."""

from __future__ import annotations

from pathlib import Path

from rectrack.vcs import blobs, history
from tests.helpers import git, rec


def test_walk_lists_commits_parents_first_with_recs_changes_only(ledger_with_rec: Path) -> None:
    """Only commits that changed recs/ appear, oldest first, with their raw changes."""
    assert rec(ledger_with_rec, "comment", "1", "note").exit_code == 0
    (ledger_with_rec / "other.txt").write_text("x")
    git(ledger_with_rec, "add", "other.txt")
    git(ledger_with_rec, "commit", "-qm", "not a recommendation")
    commits = list(history.walk_changes(ledger_with_rec, pathspec="recs"))
    assert [len(commit.diffs) for commit in commits] == [1, 1]
    added, appended = (commit.diffs[0].changes[0] for commit in commits)
    assert added.path == appended.path == "recs/1.yaml"
    assert added.old_blob is None and appended.old_blob == added.new_blob
    assert commits[1].author == "Alex Auditor"
    assert commits[1].date[:4].isdigit()


def test_merge_diffs_name_their_parent(ledger_with_rec: Path) -> None:
    """A merge has one diff per parent, each naming the parent, empty ones included."""
    git(ledger_with_rec, "checkout", "-q", "-b", "side")
    rec(ledger_with_rec, "comment", "1", "side")
    git(ledger_with_rec, "checkout", "-q", "main")
    (ledger_with_rec / "other.txt").write_text("x")
    git(ledger_with_rec, "add", "other.txt")
    git(ledger_with_rec, "commit", "-qm", "unrelated")
    git(ledger_with_rec, "merge", "-q", "--no-edit", "side")
    merge = list(history.walk_changes(ledger_with_rec, pathspec="recs"))[-1]
    assert len(merge.parents) == 2
    assert [diff.parent for diff in merge.diffs] == list(merge.parents)
    assert [len(diff.changes) for diff in merge.diffs] == [1, 0]


def test_blob_reader_prefetches_and_reports_missing(ledger_with_rec: Path) -> None:
    """Prefetched and direct reads agree; a missing object reads as None."""
    data = (ledger_with_rec / "recs" / "1.yaml").read_bytes()
    blob = blobs.blob_hash(data)
    with blobs.BlobReader(ledger_with_rec) as reader:
        reader.prefetch([blob, "0" * 40])
        assert reader.read(blob) == (blob, data)
        assert reader.read("0" * 40) is None
        assert reader.read("HEAD:recs/1.yaml") == (blob, data)
        assert reader.read("HEAD") is None  # a commit, not a blob
