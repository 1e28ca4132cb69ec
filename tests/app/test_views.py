"""Reports as at any date (--as-at) and exactly as recorded (--as-recorded)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import git, new_rec, rec, snapshot


@pytest.fixture
def history_ledger(ledger: Path) -> Path:
    """Rec 1 raised 2017-03-03, progressed 2018-03-27, complete 2019-05-02; rec 2 raised 2019-01-01."""
    new_rec(
        ledger,
        "--title",
        "Map OCGs",
        "--date",
        "2017-03-03",
        "--owner",
        "DCI Smith",
        "--due",
        "2017-09-30",
    )
    rec(ledger, "status", "1", "being-progressed", "--date", "27th March 2018")
    rec(ledger, "set", "1", "owner", "ROCU", "--date", "2018-06-01")
    rec(ledger, "status", "1", "complete", "--date", "2nd May 2019")
    new_rec(ledger, "--title", "Second", "--date", "2019-01-01")
    return ledger


def listed(ledger: Path, *args: str) -> list[dict[str, object]]:
    result = rec(ledger, "list", "--json", *args)
    assert result.exit_code == 0, result.output
    items: list[dict[str, object]] = json.loads(result.stdout)
    return items


def test_as_at_folds_only_events_dated_by_then(history_ledger: Path) -> None:
    """On 2018-12-31 rec 1 was being-progressed, owned by the ROCU, and rec 2 did not exist."""
    items = listed(history_ledger, "--as-at", "2018-12-31")
    assert [(i["id"], i["status"], i["owner"]) for i in items] == [(1, "being-progressed", "ROCU")]
    early = json.loads(rec(history_ledger, "show", "1", "--json", "--as-at", "2018-01-01").stdout)
    assert (early["status"], early["owner"], len(early["events"])) == (
        "awaiting-review",
        "DCI Smith",
        1,
    )


def test_as_at_judges_overdue_on_that_date(history_ledger: Path) -> None:
    """Overdue in an as-at report means overdue on that date, not today."""
    assert [i["id"] for i in listed(history_ledger, "--overdue", "--as-at", "2017-09-30")] == []
    assert [i["id"] for i in listed(history_ledger, "--overdue", "--as-at", "2017-10-01")] == [1]


def test_as_at_before_anything_or_in_the_future_says_so(history_ledger: Path) -> None:
    """Before any event the ledger is empty; in the future it is the current ledger; both said plainly."""
    early = rec(history_ledger, "list", "--as-at", "2000-01-01")
    assert early.exit_code == 0 and "no recommendation had been raised by then" in early.stdout
    future = rec(history_ledger, "list", "--as-at", "2999-01-01")
    assert "a future date: this is the ledger as it is now" in future.stdout
    assert "2 recommendation(s)" in future.stdout
    missing = rec(history_ledger, "show", "2", "--as-at", "2018-01-01")
    assert missing.exit_code == 0 and "had not been raised by then" in missing.stdout


def test_as_recorded_reads_the_committed_files(history_ledger: Path) -> None:
    """A report from a tag shows what was committed then, and is byte-identical when re-run later."""
    git(history_ledger, "tag", "committee-2026-03")
    first = rec(history_ledger, "list", "--as-recorded", "committee-2026-03")
    shown = rec(history_ledger, "show", "1", "--as-recorded", "committee-2026-03")
    rec(history_ledger, "comment", "1", "After the committee")
    rec(history_ledger, "status", "2", "complete")
    again = rec(history_ledger, "list", "--as-recorded", "committee-2026-03")
    assert first.exit_code == 0, first.output
    assert again.stdout == first.stdout
    assert (
        rec(history_ledger, "show", "1", "--as-recorded", "committee-2026-03").stdout
        == shown.stdout
    )
    assert "After the committee" not in shown.stdout
    now = json.loads(rec(history_ledger, "show", "2", "--json").stdout)
    then = json.loads(
        rec(history_ledger, "show", "2", "--json", "--as-recorded", "committee-2026-03").stdout
    )
    assert (now["status"], then["status"]) == ("complete", "awaiting-review")


def test_as_recorded_accepts_a_date(history_ledger: Path) -> None:
    """A date means the last commit on or before that day; before the first commit is an error."""
    assert rec(history_ledger, "list", "--as-recorded", "today").exit_code == 0
    result = rec(history_ledger, "list", "--as-recorded", "2001-01-01")
    assert result.exit_code == 1 and "no commit on or before 2001-01-01" in result.stderr


def test_as_recorded_unknown_revision_is_refused(history_ledger: Path) -> None:
    """A revision git does not know is a one-line error and changes nothing."""
    before = snapshot(history_ledger)
    result = rec(history_ledger, "show", "1", "--as-recorded", "no-such-tag")
    assert result.exit_code == 1
    assert "no commit matches 'no-such-tag'" in result.stderr and result.stderr.count("\n") == 1
    assert snapshot(history_ledger) == before


def test_export_and_stats_take_the_same_point_in_time(history_ledger: Path) -> None:
    """A committee paper exported from a tag is byte-identical later; stats honour --as-at."""
    git(history_ledger, "tag", "committee-2026-03")
    paper = rec(history_ledger, "export", "--format", "md", "--as-recorded", "committee-2026-03")
    assert paper.exit_code == 0, paper.output
    rec(history_ledger, "comment", "2", "Later work")
    again = rec(history_ledger, "export", "--format", "md", "--as-recorded", "committee-2026-03")
    assert again.stdout == paper.stdout and "Later work" not in paper.stdout
    figures = json.loads(rec(history_ledger, "stats", "--json", "--as-at", "2018-12-31").stdout)
    assert (figures["total"], figures["by_status"]) == (1, {"being-progressed": 1})


def test_stats_report_slippage(history_ledger: Path) -> None:
    """stats counts recommendations whose due date moved, the median move and the most moved."""
    rec(history_ledger, "set", "1", "due", "2017-12-31", "--reason", "slip")
    rec(history_ledger, "set", "1", "due", "2018-03-31", "--reason", "slip again")
    figures = json.loads(rec(history_ledger, "stats", "--json").stdout)
    assert figures["slipped"] == 1
    assert figures["median_days_slipped"] == 182
    assert figures["most_moved"] == [{"id": 1, "title": "Map OCGs", "due_revisions": 2}]
    assert (
        "Due dates moved: 1 recommendation(s), median 182 days"
        in rec(history_ledger, "stats").stdout
    )
