"""publish_site and what it gathers: the commit, its date, history, evidence; failures
part-way leave the previous site."""

from __future__ import annotations

from pathlib import Path

import pytest

from rectrack.app.ledger import find_ledger
from rectrack.app.site import gather, latest_checkpoint, publish_site
from rectrack.domain.query import PointInTime, RecFilter
from tests.helpers import git, new_rec, rec

EVIDENCE = b"Custody audit, March 2026: 120 records sampled.\n"


class Stop(Exception):
    """Raised by a progress callback to fail the build at a chosen step."""


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def three(ledger: Path, tmp_path: Path) -> Path:
    """Three recommendations; the second cites a stored evidence file."""
    for title in ("One", "Two", "Three"):
        new_rec(ledger, "--title", title, "--date", "2026-01-05")
    (tmp_path / "audit.txt").write_bytes(EVIDENCE)
    assert rec(ledger, "evidence", "2", str(tmp_path / "audit.txt")).exit_code == 0
    return ledger


def test_the_site_is_built_from_the_commit_and_its_date(three: Path) -> None:
    """The source is HEAD (full hash) and its committer date, which is also "today"; the
    feed IDs come from the root commit; the latest events carry their recording times."""
    found = gather(find_ledger(start=three), rec_filter=RecFilter(), when=PointInTime())
    head = git(three, "rev-parse", "HEAD").strip()
    assert found.source.commit == head
    assert found.source.committed.isoformat() == git(three, "log", "-1", "--format=%cI").strip()
    assert found.view.today == found.source.committed.date()
    assert found.source.ledger_root == git(three, "rev-list", "--max-parents=0", "HEAD").strip()
    assert found.source.checkpoint is None
    assert found.changes is not None
    assert {(event.rec_id, event.index) for event in found.changes} == {
        (1, 0), (2, 0), (2, 1), (3, 0),
    }  # fmt: skip
    assert found.notes == ()


def test_as_at_orders_the_feed_by_event_dates(three: Path) -> None:
    """With --as-at the ledger is shown by its events' dates, so no recording times are used."""
    found = gather(find_ledger(start=three), rec_filter=RecFilter(),
                   when=PointInTime(as_at="2026-01-31"))  # fmt: skip
    assert found.changes is None
    assert found.notes == ("the site shows the ledger as at 2026-01-31",)


def test_evidence_comes_from_disk_or_else_from_the_commit(three: Path) -> None:
    """A stored file is published; deleted from disk it is read as committed; altered on
    disk and committed that way, it is left out (its link with it)."""
    sha256 = next(iter(gather(find_ledger(start=three), rec_filter=RecFilter(),
                              when=PointInTime()).evidence))  # fmt: skip
    stored = three / "evidence" / sha256
    stored.chmod(0o644)
    stored.unlink()
    found = gather(find_ledger(start=three), rec_filter=RecFilter(), when=PointInTime())
    assert found.evidence == {sha256: EVIDENCE}
    stored.write_bytes(b"altered")
    git(three, "commit", "-qam", "alter the evidence by hand")
    found = gather(find_ledger(start=three), rec_filter=RecFilter(), when=PointInTime())
    assert found.evidence == {}


def test_every_page_names_the_latest_checkpoint_in_the_built_history(
    three: Path, tmp_path: Path
) -> None:
    """No checkpoint: none named; after `rec checkpoint`, its name and commit are in every
    page's footer, and a site built from before the checkpoint does not name it."""
    ledger = find_ledger(start=three)
    assert latest_checkpoint(ledger, commit="HEAD") is None
    before = git(three, "rev-parse", "HEAD").strip()
    assert rec(three, "checkpoint", "board-2026-03").exit_code == 0
    assert rec(three, "comment", "1", "After the board").exit_code == 0
    found = latest_checkpoint(ledger, commit="HEAD")
    assert found is not None and (found.name, found.commit) == ("board-2026-03", before)
    assert latest_checkpoint(ledger, commit="HEAD~2") is None
    assert rec(three, "site", "--output", str(tmp_path / "now")).exit_code == 0
    for page in ("index.html", "recs/1.html", "changes.html"):
        text = (tmp_path / "now" / page).read_text()
        assert "board-2026-03" in text and before[:12] in text, page


@pytest.mark.parametrize("step", [1, 4, 9, 12])
def test_a_failure_at_any_step_leaves_the_previous_site(
    three: Path, tmp_path: Path, step: int
) -> None:
    """Stopped while rendering pages (steps 1, 4) or writing files (9, 12), the folder holds
    the previous site byte for byte and nothing is left beside it."""
    ledger = find_ledger(start=three)
    out = tmp_path / "out"
    publish_site(ledger, output=out, rec_filter=RecFilter(), when=PointInTime())
    before = files_in(out)
    assert rec(three, "comment", "1", "A newer note").exit_code == 0
    calls: list[tuple[int, int | None]] = []

    def stop_at(done: int, total: int | None) -> None:
        calls.append((done, total))
        if len(calls) == step:
            raise Stop

    with pytest.raises(Stop):
        publish_site(ledger, output=out, rec_filter=RecFilter(), when=PointInTime(),
                     progress=stop_at)  # fmt: skip
    assert files_in(out) == before
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []
    built = publish_site(ledger, output=out, rec_filter=RecFilter(), when=PointInTime())
    assert files_in(out) != before and built.files == len(files_in(out)) - 1


def test_progress_counts_pages_then_files_on_one_bar(three: Path, tmp_path: Path) -> None:
    """The bar rises to the end: pages rendered, then files written, never backwards."""
    calls: list[tuple[int, int | None]] = []
    publish_site(find_ledger(start=three), output=tmp_path / "out", rec_filter=RecFilter(),
                 when=PointInTime(), progress=lambda done, total: calls.append((done, total)))  # fmt: skip
    done = [call[0] for call in calls]
    assert done == sorted(done) and calls[-1][0] == calls[-1][1]
    assert all(total is not None and 0 < position <= total for position, total in calls)
