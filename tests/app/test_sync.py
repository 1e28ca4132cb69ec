"""`rec sync` between clones of one bare remote."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import AUTHOR_B, git, log_subjects, new_rec, rec


@pytest.fixture
def clones(ledger_with_rec: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two clones (A is the original ledger) of one bare remote holding recommendation 1."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(ledger_with_rec, "remote", "add", "origin", str(remote))
    result = rec(ledger_with_rec, "sync")
    assert result.exit_code == 0, result.output
    assert result.stdout == "synced with origin/main: sent\n"
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    git(other, "config", "user.name", AUTHOR_B[0])
    git(other, "config", "user.email", AUTHOR_B[1])
    return ledger_with_rec, other


def ok(ledger: Path, *args: str) -> str:
    result = rec(ledger, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def comments(ledger: Path, rec_id: str = "1") -> list[str]:
    text = (ledger / "recs" / f"{rec_id}.yaml").read_text()
    return [line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("  comment:")]


def test_appends_on_both_sides_end_up_everywhere(clones: tuple[Path, Path]) -> None:
    """Both clones comment on one recommendation, sync, and then hold every event."""
    a, b = clones
    ok(a, "comment", "1", "from A", "--date", "2020-01-02")
    ok(b, "comment", "1", "from B", "--date", "2020-01-01")
    ok(a, "sync")
    assert ok(b, "sync") == "synced with origin/main: received and sent\n"
    assert ok(a, "sync") == "synced with origin/main: received\n"
    assert ok(a, "sync") == "synced with origin/main: up to date\n"
    assert comments(a) == comments(b) == ["from B", "from A"]
    for clone in (a, b):
        assert ok(clone, "verify").startswith("ok:")
        assert git(clone, "status", "--porcelain") == ""


def test_unpushed_new_is_renumbered_and_pushed_one_kept(clones: tuple[Path, Path]) -> None:
    """Two clones' `rec new` take ID 2: the pushed one keeps it, the local one becomes 3."""
    a, b = clones
    assert new_rec(a, "--title", "A's new one") == 2
    ok(a, "sync")
    assert new_rec(b, "--title", "B's new one") == 2
    ok(b, "comment", "2", "B comments on its own")
    out = ok(b, "sync")
    assert out.splitlines()[0] == (
        "renumbered your unpushed recommendation 2 to 3 (origin already has a recommendation 2)"
    )
    assert "title: A's new one" in (b / "recs" / "2.yaml").read_text()
    assert "title: B's new one" in (b / "recs" / "3.yaml").read_text()
    assert comments(b, "3") == ["B comments on its own"]
    subjects = log_subjects(b)
    assert 'rec 3: new "B\'s new one"' in subjects
    assert 'rec 3: comment "B comments on its own"' in subjects
    assert not any(subject.startswith("rec 2: comment") for subject in subjects)
    ok(a, "sync")
    assert "title: A's new one" in (a / "recs" / "2.yaml").read_text()
    assert (a / "recs" / "3.yaml").exists()
    assert ok(a, "verify").startswith("ok:") and ok(b, "verify").startswith("ok:")


def test_renumbering_keeps_authorship(clones: tuple[Path, Path]) -> None:
    """A renumbered commit keeps its author and author date."""
    a, b = clones
    new_rec(a, "--title", "A")
    ok(a, "sync")
    new_rec(b, "--title", "B")
    before = git(b, "log", "-1", "--format=%an %ae %ad").strip()
    ok(b, "sync")
    assert git(b, "log", "-1", "--format=%an %ae %ad", "--", "recs/3.yaml").strip() == before


def test_sync_without_a_remote_is_refused(ledger_with_rec: Path) -> None:
    """A ledger with no remote gets a clear error."""
    result = rec(ledger_with_rec, "sync")
    assert result.exit_code == 1
    assert result.stderr == (
        "rec: error: sync stopped: no remote: add one with `git remote add origin URL`\n"
    )


def test_real_conflict_stops_sync_and_leaves_the_tree_clean(clones: tuple[Path, Path]) -> None:
    """Hand edits of the same header line on both sides stop sync; nothing is half-merged."""
    a, b = clones
    for clone, owner in ((a, b"A"), (b, b"B")):
        path = clone / "recs" / "1.yaml"
        path.write_bytes(path.read_bytes().replace(b"owner: DCI Smith", b"owner: " + owner))
        git(clone, "commit", "-qam", "hand edit")
    ok(a, "sync")
    head = git(b, "rev-parse", "HEAD")
    result = rec(b, "sync")
    assert result.exit_code == 1
    assert result.stderr.startswith("rec: error: sync stopped: merging origin/main: CONFLICT")
    assert git(b, "status", "--porcelain") == ""
    assert git(b, "rev-parse", "HEAD") == head


def test_uncommitted_edit_in_the_way_stops_sync(clones: tuple[Path, Path]) -> None:
    """A local uncommitted change to a file the remote changed stops sync with git's reason."""
    a, b = clones
    ok(a, "comment", "1", "from A")
    ok(a, "sync")
    path = b / "recs" / "1.yaml"
    path.write_bytes(path.read_bytes() + b"# scratch\n")
    result = rec(b, "sync")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "rec: error: sync stopped: merging origin/main: error: Your local changes"
    )
    assert path.read_bytes().endswith(b"# scratch\n")


def test_sync_refuses_without_the_gitattributes_line(clones: tuple[Path, Path]) -> None:
    """A ledger whose .gitattributes does not route recs to the driver is not synced."""
    a, _ = clones
    (a / ".gitattributes").write_text("")
    git(a, "commit", "-qam", "drop attributes")
    head = git(a, "rev-parse", "HEAD")
    result = rec(a, "sync")
    assert result.exit_code == 1
    assert result.stderr == (
        "rec: error: the rectrack merge driver is not set up: recs/1.yaml is not routed to "
        "it: add `recs/*.yaml merge=rectrack` to the ledger's .gitattributes and commit it "
        "(`rec init` does this)\n"
    )
    assert git(a, "rev-parse", "HEAD") == head


SYNC_TRIALS = 20


def test_concurrent_syncs_retry_the_remote_ref_race(ledger_with_rec: Path, tmp_path: Path) -> None:
    """Three clones sync at the same moment, 20 times over: the losers of each push race
    (rejected, or `cannot lock ref`) fetch, merge and push again; none fails."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(ledger_with_rec, "remote", "add", "origin", str(remote))
    ok(ledger_with_rec, "sync")
    clones = [ledger_with_rec]
    for name in ("b", "c"):
        clone = tmp_path / name
        git(tmp_path, "clone", "-q", str(remote), str(clone))
        git(clone, "config", "user.email", f"{name}@example.org")
        clones.append(clone)
    failures = []
    for trial in range(SYNC_TRIALS):
        for number, clone in enumerate(clones):
            ok(clone, "comment", "1", f"trial {trial} clone {number}")
        running = [
            subprocess.Popen(
                [sys.executable, "-m", "rectrack", "--ledger", str(clone), "sync"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for clone in clones
        ]
        for process in running:
            _, err = process.communicate(timeout=120)
            if process.returncode != 0:
                failures.append(f"trial {trial}: {err.decode().strip()}")
    assert failures == []
    for clone in clones:
        ok(clone, "sync")
    texts = comments(ledger_with_rec)
    assert len(texts) == 3 * SYNC_TRIALS == len(set(texts))
    for clone in clones:
        assert comments(clone) == texts
        assert ok(clone, "verify").startswith("ok:")
