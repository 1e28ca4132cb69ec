"""`--output` never lands on the ledger itself, never replaces a file unasked, never half-writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import git, new_rec, rec, snapshot


@pytest.fixture
def one(ledger: Path) -> Path:
    """A ledger with recommendation 1 and a stored evidence file."""
    new_rec(ledger, "--title", "Map organised crime groups", "--date", "2017-03-03")
    (ledger.parent / "report.pdf").write_bytes(b"%PDF-1.4 findings")
    assert rec(ledger, "evidence", "1", str(ledger.parent / "report.pdf")).exit_code == 0
    return ledger


def _evidence_file(ledger: Path) -> str:
    (stored,) = (path for path in (ledger / "evidence").rglob("*") if path.is_file())
    return str(stored.relative_to(ledger))


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        (".git/HEAD", "inside the ledger's own .git"),
        (".git/rectrack/new.html", "inside the ledger's own .git"),
        ("recs/1.yaml", "inside the ledger's own recs"),
        ("recs/2.yaml", "inside the ledger's own recs"),
        ("rectrack.yaml", "inside the ledger's own rectrack.yaml"),
        (".gitattributes", "inside the ledger's own .gitattributes"),
        (".mailmap", "inside the ledger's own .mailmap"),
        ("evidence/new.html", "inside the ledger's own evidence"),
        ("EVIDENCE", "inside the ledger's own evidence"),
    ],
)
def test_outputs_inside_the_ledger_are_refused(one: Path, target: str, reason: str) -> None:
    """The record, its rules and the git directory are never an export's destination, even
    with --force; the ledger is left byte for byte as it was."""
    if target == "EVIDENCE":
        target = _evidence_file(one)
    before = snapshot(one)
    head = (one / ".git/HEAD").read_bytes()
    for force in ([], ["--force"]):
        result = rec(one, "export", "--output", str(one / target), *force)
        assert result.exit_code == 1, result.output
        assert result.stderr == f"rec: error: cannot write {one / target}: it is {reason}\n"
    assert snapshot(one) == before
    assert (one / ".git/HEAD").read_bytes() == head
    assert rec(one, "verify").exit_code == 0


def test_a_relative_output_is_checked_from_the_current_folder(
    one: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-o recs/1.yaml` typed inside the ledger is refused like the absolute path."""
    monkeypatch.chdir(one)
    before = snapshot(one)
    result = rec(one, "export", "-o", "recs/1.yaml", "--force")
    assert result.exit_code == 1
    assert "it is inside the ledger's own recs" in result.stderr
    assert snapshot(one) == before


def test_a_symlink_into_the_ledger_is_refused(one: Path, tmp_path: Path) -> None:
    """A link elsewhere that points at recs/1.yaml (or into .git) is followed, then refused."""
    before = snapshot(one)
    for name, pointee in (("board.html", "recs/1.yaml"), ("head.html", ".git/HEAD")):
        link = tmp_path / name
        link.symlink_to(one / pointee)
        result = rec(one, "export", "--output", str(link), "--force")
        assert result.exit_code == 1, result.output
        assert "it is inside the ledger's own" in result.stderr
        assert link.is_symlink()
    folder_link = tmp_path / "records"
    folder_link.symlink_to(one / "recs")
    result = rec(one, "export", "--output", str(folder_link / "9.yaml"))
    assert result.exit_code == 1 and "inside the ledger's own recs" in result.stderr
    assert snapshot(one) == before


def test_an_existing_file_needs_force(one: Path, tmp_path: Path) -> None:
    """Without --force an existing file is kept as it was; with it, replaced whole."""
    target = tmp_path / "board.json"
    target.write_text("last month's report\n")
    refused = rec(one, "export", "--output", str(target))
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"rec: error: cannot write {target}: it exists; add --force to replace it\n"
    )
    assert target.read_text() == "last month's report\n"
    replaced = rec(one, "export", "--output", str(target), "--force")
    assert replaced.exit_code == 0, replaced.output
    assert (
        target.read_text().startswith("{") and '"format": "rectrack-export"' in target.read_text()
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [("a-folder", "it is a folder; name a file"), ("missing/board.html", "there is no folder")],
)
def test_a_folder_or_a_missing_folder_is_refused(
    one: Path, tmp_path: Path, name: str, reason: str
) -> None:
    """A folder is not a file to write, and no folder is made on the way."""
    (tmp_path / "a-folder").mkdir()
    listing = sorted(tmp_path.iterdir())
    result = rec(one, "export", "--output", str(tmp_path / name), "--force")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"rec: error: cannot write {tmp_path / name}: {reason}")
    assert sorted(tmp_path.iterdir()) == listing
    assert list((tmp_path / "a-folder").iterdir()) == []


def test_a_hard_link_to_a_record_is_replaced_not_written_through(one: Path, tmp_path: Path) -> None:
    """--force swaps in a new file (atomic rename), so a hard link to recs/1.yaml elsewhere
    gets the export and the recommendation keeps its bytes."""
    record = one / "recs/1.yaml"
    kept = record.read_bytes()
    link = tmp_path / "board.json"
    os.link(record, link)
    result = rec(one, "export", "--output", str(link), "--force")
    assert result.exit_code == 0, result.output
    assert record.read_bytes() == kept
    assert link.read_text().startswith("{")
    assert rec(one, "verify").exit_code == 0


def test_no_temporary_file_is_left_behind(one: Path, tmp_path: Path) -> None:
    """A written export is the only new file in its folder (no `.board.html.*.tmp`)."""
    out = tmp_path / "out"
    out.mkdir()
    assert rec(one, "export", "-f", "html", "-o", str(out / "board.html")).exit_code == 0
    assert [path.name for path in out.iterdir()] == ["board.html"]


def test_a_linked_worktree_protects_the_shared_git_dir(one: Path, tmp_path: Path) -> None:
    """From a `git worktree` of the ledger, the main repository's .git is refused too."""
    worktree = tmp_path / "second"
    git(one, "worktree", "add", "-q", str(worktree))
    head = (one / ".git/HEAD").read_bytes()
    for target in (one / ".git/HEAD", one / ".git/config", worktree / ".git"):
        result = rec(worktree, "export", "--output", str(target), "--force")
        assert result.exit_code == 1, (target, result.output)
        assert "it is inside the ledger's own" in result.stderr
    assert (one / ".git/HEAD").read_bytes() == head
    assert rec(worktree, "verify").exit_code == 0
