"""What a plumbing commit builds on is only read for a file provably clean; otherwise
`git status` decides, as it always did."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rectrack.vcs import commitbase, objects
from tests.helpers import git, rec

EVENT = b"- date: 2020-02-02\n  by: me\n  comment: mine\n"


def _prepare(ledger: Path) -> commitbase.Base | None:
    return commitbase.prepare(ledger, ledger / ".git", [ledger / "recs" / "1.yaml"])


def test_a_clean_file_gives_what_the_commit_builds_on(ledger_with_rec: Path) -> None:
    """HEAD, the file's mode and blob, and the trees along its path, as git has them."""
    base = _prepare(ledger_with_rec)
    assert base is not None
    assert base.head == git(ledger_with_rec, "rev-parse", "HEAD").strip()
    blob = git(ledger_with_rec, "rev-parse", "HEAD:recs/1.yaml").strip()
    assert base.files == {"recs/1.yaml": ("100644", blob)}
    assert base.trees[""][0] == git(ledger_with_rec, "rev-parse", "HEAD^{tree}").strip()
    assert base.trees["recs"][0] == git(ledger_with_rec, "rev-parse", "HEAD:recs").strip()
    assert objects.object_id("tree", base.trees["recs"][1]) == base.trees["recs"][0]
    path = ledger_with_rec / "recs" / "1.yaml"
    assert base.holds(path, path.read_bytes())
    assert not base.holds(path, path.read_bytes() + EVENT)


def _append(ledger: Path, *, stage: bool = False) -> None:
    path = ledger / "recs" / "1.yaml"
    path.write_bytes(path.read_bytes() + EVENT)
    if stage:
        git(ledger, "add", "recs/1.yaml")


def _stage_then_revert(ledger: Path) -> None:
    path = ledger / "recs" / "1.yaml"
    old = path.read_bytes()
    _append(ledger)
    git(ledger, "add", "recs/1.yaml")
    path.write_bytes(old)


def _symlink(path: Path) -> None:
    path.rename(path.with_name("elsewhere"))
    path.symlink_to(path.with_name("elsewhere"))


#: Files `git status` would not show as clean, or an index git would treat specially.
NOT_CLEAN: dict[str, Callable[[Path], object]] = {
    "modified": _append,
    "staged": lambda ledger: _append(ledger, stage=True),
    "staged, then the work tree put back": _stage_then_revert,
    "made executable": lambda ledger: (ledger / "recs" / "1.yaml").chmod(0o755),
    "executable bit staged only": lambda ledger: git(
        ledger, "update-index", "--chmod=+x", "recs/1.yaml"
    ),
    "assumed unchanged": lambda ledger: git(
        ledger, "update-index", "--assume-unchanged", "recs/1.yaml"
    ),
    "skip-worktree": lambda ledger: git(ledger, "update-index", "--skip-worktree", "recs/1.yaml"),
    "removed from the index": lambda ledger: git(ledger, "rm", "-q", "--cached", "recs/1.yaml"),
    "a symlink": lambda ledger: _symlink(ledger / "recs" / "1.yaml"),
    "HEAD detached": lambda ledger: git(ledger, "checkout", "-q", "--detach"),
}


@pytest.mark.parametrize("case", sorted(NOT_CLEAN))
def test_anything_unusual_about_the_file_gives_none(ledger_with_rec: Path, case: str) -> None:
    """A file that is not provably clean (or an index flag on it, or no branch) is not
    read for a plumbing commit."""
    NOT_CLEAN[case](ledger_with_rec)
    assert _prepare(ledger_with_rec) is None


@pytest.mark.parametrize("case", ["modified", "staged", "staged, then the work tree put back"])
def test_rec_still_refuses_uncommitted_changes(ledger_with_rec: Path, case: str) -> None:
    """Where the check cannot prove the file clean, `git status` refuses it as before."""
    NOT_CLEAN[case](ledger_with_rec)
    head = git(ledger_with_rec, "rev-parse", "HEAD")
    result = rec(ledger_with_rec, "comment", "1", "refused")
    assert result.exit_code == 1
    assert "has uncommitted changes" in result.stderr
    assert git(ledger_with_rec, "rev-parse", "HEAD") == head


def test_a_stale_index_entry_is_still_clean(ledger_with_rec: Path) -> None:
    """Same bytes with new stat data (a `touch`) is clean, as `git status` says."""
    path = ledger_with_rec / "recs" / "1.yaml"
    path.touch()
    assert _prepare(ledger_with_rec) is not None


def test_another_file_with_the_same_name_ending_and_bytes(ledger_with_rec: Path) -> None:
    """A second tree entry ending in ` 1.yaml` with the same blob makes the entry
    ambiguous to find without walking the tree: no plumbing commit is built on it."""
    recs = ledger_with_rec / "recs"
    (recs / "copy 1.yaml").write_bytes((recs / "1.yaml").read_bytes())
    git(ledger_with_rec, "add", "recs/copy 1.yaml")
    git(ledger_with_rec, "commit", "-qm", "a copy")
    assert _prepare(ledger_with_rec) is None
    assert rec(ledger_with_rec, "comment", "1", "still written").exit_code == 0
    assert git(ledger_with_rec, "show", "--name-only", "--format=", "HEAD").split() == [
        "recs/1.yaml"
    ]
