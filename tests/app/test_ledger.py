"""Merge-driver registration: `rec init`, and the first `rec` in a plain clone."""

from __future__ import annotations

from pathlib import Path

from rectrack.app.init import SITE_IGNORE
from rectrack.app.ledger import ATTRIBUTES_LINE
from rectrack.vcs import mergeconfig
from tests.helpers import git, log_subjects, rec


def test_init_writes_gitattributes_and_config(ledger: Path) -> None:
    """`rec init` commits .gitattributes with rectrack.yaml and registers the driver."""
    assert ATTRIBUTES_LINE in (ledger / ".gitattributes").read_text().splitlines()
    assert git(ledger, "ls-files").split() == [".gitattributes", ".gitignore", "rectrack.yaml"]
    assert log_subjects(ledger) == ["rec: init ledger"]
    driver = git(ledger, "config", "merge.rectrack.driver").strip()
    assert driver == mergeconfig.merge_driver_command()  # which one: tests/vcs/test_mergeconfig
    assert git(ledger, "check-attr", "merge", "recs/1.yaml").strip().endswith("merge: rectrack")


def test_init_keeps_an_existing_gitattributes(tmp_path: Path) -> None:
    """An existing .gitattributes keeps its lines and gains rectrack's."""
    root = tmp_path / "existing"
    root.mkdir()
    git(root, "init", "-q")
    (root / ".gitattributes").write_text("*.png binary")
    assert rec(root, "init", str(root)).exit_code == 0
    lines = (root / ".gitattributes").read_text().splitlines()
    assert lines[0] == "*.png binary" and lines[-1] == ATTRIBUTES_LINE


def test_init_ignores_the_site_folder(ledger: Path) -> None:
    """`rec init` commits a .gitignore holding `/site/`, so a built site is never offered to git."""
    assert (ledger / ".gitignore").read_text().splitlines()[-1] == SITE_IGNORE == "/site/"
    (ledger / "site").mkdir()
    (ledger / "site" / "index.html").write_text("built")
    assert git(ledger, "status", "--porcelain") == ""


def test_init_adds_the_site_line_to_a_committed_gitignore(tmp_path: Path) -> None:
    """A committed, unchanged .gitignore keeps its lines and gains `/site/` in the init commit."""
    root = tmp_path / "existing"
    root.mkdir()
    git(root, "init", "-q")
    (root / ".gitignore").write_text("*.tmp")
    git(root, "add", ".gitignore")
    git(root, "commit", "-qm", "ignore temporary files")
    assert rec(root, "init", str(root)).exit_code == 0
    assert (root / ".gitignore").read_text().splitlines() == [
        "*.tmp", "# rectrack: the website `rec site` builds (docs/site.md)", "/site/",
    ]  # fmt: skip
    assert git(root, "status", "--porcelain") == ""


def test_init_leaves_an_edited_or_untracked_gitignore_alone(tmp_path: Path) -> None:
    """A .gitignore with uncommitted edits, or never committed, is not touched nor committed."""
    for committed in (True, False):
        root = tmp_path / f"repo-{committed}"
        root.mkdir()
        git(root, "init", "-q")
        (root / ".gitignore").write_text("*.tmp\n")
        if committed:
            git(root, "add", ".gitignore")
            git(root, "commit", "-qm", "ignore")
            (root / ".gitignore").write_text("*.tmp\n*.bak\n")
        before = (root / ".gitignore").read_bytes()
        assert rec(root, "init", str(root)).exit_code == 0
        assert (root / ".gitignore").read_bytes() == before
        assert ".gitignore" not in git(root, "show", "--name-only", "--format=", "HEAD")


def test_plain_clone_gets_the_driver_on_first_rec(ledger_with_rec: Path, tmp_path: Path) -> None:
    """A `git clone` lacks the driver config; the first rec command (even a read) adds it."""
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(ledger_with_rec), str(clone))
    assert git(clone, "config", "merge.rectrack.driver", check=False) == ""
    assert not mergeconfig.merge_driver_configured(clone / ".git")
    assert rec(clone, "list").exit_code == 0
    assert mergeconfig.merge_driver_configured(clone / ".git")
    assert "merge-driver" in git(clone, "config", "merge.rectrack.driver")


def test_driver_pointing_at_a_missing_interpreter_is_replaced(ledger: Path) -> None:
    """A driver whose interpreter no longer exists (a deleted venv) is configured again."""
    git(ledger, "config", "merge.rectrack.driver", "/nonexistent/python -m rectrack x")
    assert not mergeconfig.merge_driver_configured(ledger / ".git")
    assert rec(ledger, "list").exit_code == 0
    assert mergeconfig.merge_driver_configured(ledger / ".git")


def test_ledger_in_a_subfolder_of_a_repository(tmp_path: Path) -> None:
    """A ledger below the repository root gets its own .gitattributes and verifies."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    ledger = repo / "audit" / "ledger"
    assert rec(ledger, "init", str(ledger)).exit_code == 0
    assert rec(ledger, "new", "--title", "Nested").exit_code == 0
    assert rec(ledger, "comment", "1", "deep").exit_code == 0
    attribute = git(repo, "check-attr", "merge", "audit/ledger/recs/1.yaml")
    assert attribute.strip().endswith("merge: rectrack")
    result = rec(ledger, "verify")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: 3 commit(s)")  # init, new, comment
