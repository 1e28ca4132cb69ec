"""The index kept aside by a hard link and put back by a rename: no free space needed."""

from __future__ import annotations

from pathlib import Path

from rectrack.vcs.index import keep_index, put_index_back, untouched
from tests.helpers import git


def test_index_put_back_exactly_after_git_add(ledger_with_rec: Path) -> None:
    """After `git add`, the kept index goes back byte for byte, the user's staged file too."""
    root = ledger_with_rec
    (root / "mine.txt").write_text("the user's own work\n")
    git(root, "add", "mine.txt")
    before = (root / ".git" / "index").read_bytes()
    kept = keep_index(root / ".git", kept=root / ".git" / "index.kept")
    assert untouched(kept)
    (root / "new.txt").write_text("rec's file\n")
    git(root, "add", "new.txt")
    assert not untouched(kept)
    assert put_index_back(kept, written=kept.identity())
    assert (root / ".git" / "index").read_bytes() == before
    assert git(root, "diff", "--cached", "--name-only").split() == ["mine.txt"]
    assert not (root / ".git" / "index.lock").exists()


def test_index_changed_by_someone_else_is_not_put_back(ledger_with_rec: Path) -> None:
    """If another git wrote the index after rec's `git add`, the kept one is not forced back."""
    root = ledger_with_rec
    kept = keep_index(root / ".git", kept=root / ".git" / "index.kept")
    (root / "new.txt").write_text("rec's file\n")
    git(root, "add", "new.txt")
    written = kept.identity()
    (root / "theirs.txt").write_text("someone else's\n")
    git(root, "add", "theirs.txt")
    after = (root / ".git" / "index").read_bytes()
    assert not put_index_back(kept, written=written)
    assert (root / ".git" / "index").read_bytes() == after


def test_index_held_by_another_git_is_not_touched(ledger_with_rec: Path) -> None:
    """While another git holds index.lock, nothing is renamed and its lock stays."""
    root = ledger_with_rec
    kept = keep_index(root / ".git", kept=root / ".git" / "index.kept")
    (root / "new.txt").write_text("rec's file\n")
    git(root, "add", "new.txt")
    lock = root / ".git" / "index.lock"
    lock.write_bytes(b"")
    assert not put_index_back(kept, written=kept.identity())
    assert lock.exists()
