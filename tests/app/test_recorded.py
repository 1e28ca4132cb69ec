"""When git recorded each event, for the site's feed: one walk back through history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rectrack.app.ledger import find_ledger
from rectrack.app.recorded import recorded_events
from rectrack.app.views import view_ledger
from rectrack.domain.query import PointInTime
from rectrack.exporters.site import RecordedEvent
from tests.helpers import git, rec

START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def at(hour: int) -> dict[str, str]:
    """An environment making the next commit's committer date START + `hour` hours."""
    stamp = (START + dt.timedelta(hours=hour)).isoformat()
    return {"GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_DATE": stamp}


def recorded(ledger: Path, *, limit: int = 50, commit: str = "HEAD") -> dict[tuple[int, int], int]:
    """{(rec ID, event index): hours after START it was recorded} for the ledger's events."""
    found = find_ledger(start=ledger)
    recs = view_ledger(found, when=PointInTime(as_recorded=commit), today=dt.date.today()).recs
    events = recorded_events(found, commit=commit, recs=recs, limit=limit)
    return {(e.rec_id, e.index): hours(e) for e in events}


def hours(event: RecordedEvent) -> int:
    return int((event.recorded - START).total_seconds() // 3600)


def write(ledger: Path, hour: int, *args: str) -> None:
    result = rec(ledger, *args, env=at(hour))
    assert result.exit_code == 0, result.output


def test_each_event_is_placed_at_the_commit_that_appended_it(ledger: Path) -> None:
    """Two recommendations written in turn: every event carries its own commit's time."""
    write(ledger, 0, "new", "--title", "One")
    write(ledger, 1, "new", "--title", "Two")
    write(ledger, 2, "comment", "1", "first")
    write(ledger, 3, "status", "2", "being-progressed", "--comment", "started")
    write(ledger, 4, "comment", "1", "second")
    assert recorded(ledger) == {
        (1, 0): 0, (2, 0): 1, (1, 1): 2, (2, 1): 3, (2, 2): 3, (1, 2): 4,
    }  # fmt: skip


def test_the_walk_stops_once_the_newest_are_placed(ledger: Path) -> None:
    """Asked for the newest 2, it places those (and the commit's companions), not the rest."""
    write(ledger, 0, "new", "--title", "One")
    for hour in range(1, 6):
        write(ledger, hour, "comment", "1", f"note {hour}")
    assert recorded(ledger, limit=2) == {(1, 5): 5, (1, 4): 4}
    assert recorded(ledger, limit=2, commit="HEAD~3") == {(1, 2): 2, (1, 1): 1}


def test_hand_edits_of_the_header_or_a_typo_record_no_event(ledger: Path) -> None:
    """A header list item removed and a comment's typo fixed by hand move no event's time."""
    write(ledger, 0, "new", "--title", "One", "--tags", "custody,training")
    write(ledger, 1, "comment", "1", "A typo hre")
    path = ledger / "recs" / "1.yaml"
    text = path.read_text().replace("- training\n", "").replace("typo hre", "typo here")
    path.write_text(text)
    git(ledger, "commit", "-qam", "tidy by hand", env=at(2))
    write(ledger, 3, "comment", "1", "after")
    assert recorded(ledger) == {(1, 0): 0, (1, 1): 1, (1, 2): 3}


def test_a_rewrite_that_removes_an_event_dates_those_before_it(ledger: Path) -> None:
    """An event removed by hand (rec verify reports it): the events the file keeps from
    before are taken as recorded by that rewrite."""
    write(ledger, 0, "new", "--title", "One")
    write(ledger, 1, "comment", "1", "kept")
    write(ledger, 2, "comment", "1", "removed later")
    path = ledger / "recs" / "1.yaml"
    path.write_text(path.read_text().rsplit("- date:", 1)[0])
    git(ledger, "commit", "-qam", "remove an event by hand", env=at(3))
    write(ledger, 4, "comment", "1", "newest")
    assert recorded(ledger) == {(1, 0): 3, (1, 1): 3, (1, 2): 4}


def test_events_written_by_one_import_share_its_time(ledger: Path) -> None:
    """A tracker page imported in one commit: all ten events carry that commit's time."""
    page = Path(__file__).resolve().parents[1] / "data" / "tracker_seed_000.txt"
    write(ledger, 7, "import", "tracker", "--by", "HMICFRS", str(page))
    assert recorded(ledger) == {(1, index): 7 for index in range(10)}


def test_a_ledger_below_the_repository_root(tmp_path: Path) -> None:
    """recs/ in a sub-folder of the repository is walked under its own path."""
    repo = tmp_path / "repo"
    assert rec(repo / "ledger", "init", str(repo / "ledger")).exit_code == 0
    write(repo / "ledger", 0, "new", "--title", "One")
    write(repo / "ledger", 1, "comment", "1", "note")
    assert recorded(repo / "ledger") == {(1, 0): 0, (1, 1): 1}


def test_events_appended_on_two_branches_keep_their_own_times(ledger: Path) -> None:
    """Two branches append to the same file and merge (the driver keeps both): each event
    is placed at the commit that appended it."""
    write(ledger, 0, "new", "--title", "One")
    git(ledger, "checkout", "-q", "-b", "side")
    write(ledger, 1, "comment", "1", "on the side")
    git(ledger, "checkout", "-q", "main")
    write(ledger, 2, "comment", "1", "on main")
    git(ledger, "merge", "-q", "--no-edit", "side", env=at(3))
    texts = [
        getattr(event, "text", None)
        for event in view_ledger(
            find_ledger(start=ledger), when=PointInTime(), today=dt.date.today()
        )
        .recs[0]
        .events
    ]
    times = recorded(ledger)
    assert sorted(times.values()) == [0, 1, 2]
    assert times[(1, texts.index("on the side"))] == 1
    assert times[(1, texts.index("on main"))] == 2


def test_an_event_appended_by_hand_in_another_style_is_placed_by_position(ledger: Path) -> None:
    """An item written by hand (keys in another order, quoted text) still gets its commit."""
    write(ledger, 0, "new", "--title", "One")
    with (ledger / "recs" / "1.yaml").open("a") as stream:
        stream.write('- by: Jo\n  date: 2026-01-05\n  comment: "Typed by hand"\n')
    git(ledger, "commit", "-qam", "a comment by hand", env=at(1))
    write(ledger, 2, "comment", "1", "after")
    assert recorded(ledger) == {(1, 0): 0, (1, 1): 1, (1, 2): 2}
