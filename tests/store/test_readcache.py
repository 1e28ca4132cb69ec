"""The read cache behind `rec list`: fast, and never a stale answer."""

from __future__ import annotations

import datetime as dt
import json
import marshal
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rectrack.app.ledger import find_ledger
from rectrack.domain.events import (
    Amendment,
    Comment,
    Event,
    EvidenceAdded,
    FieldChange,
    Retraction,
    StatusChange,
)
from rectrack.domain.summary import RecSummary
from rectrack.store import readcache, recfile
from tests.helpers import git, new_rec, rec


def listed(ledger: Path) -> dict[int, dict[str, object]]:
    result = rec(ledger, "list", "--json")
    assert result.exit_code == 0, result.output
    return {item["id"]: item for item in json.loads(result.stdout)}


def cache_files(ledger: Path) -> list[Path]:
    return sorted((ledger / ".git" / "rectrack").glob("recs-*"))


@pytest.fixture
def three(ledger: Path) -> Path:
    """A ledger with recommendations 1-3, the cache warmed by one `rec list`."""
    for title in ("Map organised crime groups", "Publish stop and search data", "Third"):
        new_rec(ledger, "--title", title, "--owner", "AAAA", "--due", "2030-01-01")
    assert rec(ledger, "comment", "2", "Waiting on the ROCU").exit_code == 0
    listed(ledger)
    return ledger


def test_list_writes_a_cache_in_the_git_dir_and_reads_it_back(three: Path) -> None:
    """The first list saves the cache under .git/rectrack; later lists give the same answer."""
    assert [path.suffix for path in cache_files(three)] == [".cache"]
    first = listed(three)
    assert listed(three) == first
    assert first[2]["last_activity"] == dt.date.today().isoformat()
    assert git(three, "status", "--porcelain") == ""


def test_a_hand_edit_is_seen(three: Path) -> None:
    """Appending an event to a file by hand (no commit) changes what list shows."""
    path = three / "recs" / "1.yaml"
    with path.open("a") as stream:
        stream.write("- date: 2031-02-03\n  by: me\n  status: complete\n")
    assert listed(three)[1]["status"] == "complete"
    assert listed(three)[1]["last_activity"] == "2031-02-03"


def test_a_checkout_of_another_version_is_seen(three: Path) -> None:
    """`git checkout` of an older commit's file shows the older state; back again, the newer."""
    assert rec(three, "status", "1", "complete").exit_code == 0
    assert listed(three)[1]["status"] == "complete"
    git(three, "checkout", "HEAD~1", "--", "recs/1.yaml")
    assert listed(three)[1]["status"] == "awaiting-review"
    git(three, "checkout", "HEAD", "--", "recs/1.yaml")
    assert listed(three)[1]["status"] == "complete"


def test_a_same_size_rewrite_with_the_old_mtime_is_seen(three: Path) -> None:
    """Same size, mtime set back to the old one: ctime (or the digest) still catches it."""
    path = three / "recs" / "1.yaml"
    before = path.stat()
    data = path.read_bytes()
    assert b"owner: AAAA" in data
    path.write_bytes(data.replace(b"owner: AAAA", b"owner: BBBB"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert listed(three)[1]["owner"] == "BBBB"


def test_a_racy_entry_is_checked_against_its_digest(three: Path) -> None:
    """An entry whose stat data matches but is too recent to trust is compared byte for byte."""
    ledger = find_ledger(start=three)
    cache = readcache.cache_path(ledger.git_dir, ledger.recs_dir)
    path = three / "recs" / "1.yaml"
    path.write_bytes(path.read_bytes().replace(b"owner: AAAA", b"owner: CCCC"))
    # Forge the worst case: the cache claims this exact stat data for the OLD bytes.
    tag, saved_at, entries = marshal.loads(cache.read_bytes())
    info = path.stat()
    _, digest, state = entries[1]
    entries[1] = ((info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino), digest, state)
    cache.write_bytes(marshal.dumps((tag, max(saved_at, info.st_ctime_ns + 1), entries)))
    assert listed(three)[1]["owner"] == "CCCC"


def test_a_cache_old_enough_is_trusted_on_stat_data(three: Path) -> None:
    """Entries older than the racy window are used without reading the file."""
    ledger = find_ledger(start=three)
    cache = readcache.cache_path(ledger.git_dir, ledger.recs_dir)
    tag, saved_at, entries = marshal.loads(cache.read_bytes())
    cache.write_bytes(marshal.dumps((tag, saved_at + 10 * readcache.RACY_NS, entries)))
    summaries = readcache.read_summaries(
        recs_dir=ledger.recs_dir, ids=ledger.rec_ids(), cache_file=cache
    )
    assert [summary.owner for summary in summaries] == ["AAAA"] * 3


def test_a_corrupt_or_foreign_cache_is_ignored(three: Path) -> None:
    """Garbage, a truncated file or another format version: the answer is still right."""
    expected = listed(three)
    ledger = find_ledger(start=three)
    cache = readcache.cache_path(ledger.git_dir, ledger.recs_dir)
    for junk in (b"", b"\x00garbage", cache.read_bytes()[:100], marshal.dumps(("other", 1, {}))):
        cache.write_bytes(junk)
        assert listed(three) == expected


def test_a_deleted_recommendation_leaves_the_list(three: Path) -> None:
    """Removing a file removes it from the list (and from the cache)."""
    (three / "recs" / "3.yaml").unlink()
    assert sorted(listed(three)) == [1, 2]


def test_a_read_only_git_dir_still_lists(three: Path) -> None:
    """A cache that cannot be saved is done without."""
    ledger = find_ledger(start=three)
    cache = readcache.cache_path(ledger.git_dir, ledger.recs_dir)
    for path in cache_files(three):
        path.unlink()
    cache.parent.chmod(0o555)
    try:
        assert sorted(listed(three)) == [1, 2, 3]
    finally:
        cache.parent.chmod(0o755)


def test_grep_reads_events_through_the_bodies_file(three: Path) -> None:
    """`--grep` needs comments: they come from the cache's bodies file once it exists."""
    for _ in range(2):
        result = rec(three, "list", "--json", "--grep", "rocu")
        assert result.exit_code == 0, result.output
        assert [item["id"] for item in json.loads(result.stdout)] == [2]
    assert [path.suffix for path in cache_files(three)] == [".bodies", ".cache"]


def test_a_header_marshal_cannot_hold_is_read_every_time(ledger: Path) -> None:
    """A date nested in an unknown header key is not cached, and still read correctly."""
    new_rec(ledger, "--title", "Odd header")
    path = ledger / "recs" / "1.yaml"
    data = path.read_bytes().replace(b"events:\n", b"reviewed:\n- 2019-01-01\nevents:\n")
    path.write_bytes(data)
    found = find_ledger(start=ledger)
    cache = readcache.cache_path(found.git_dir, found.recs_dir)
    for _ in range(2):
        (summary,) = readcache.read_summaries(recs_dir=found.recs_dir, ids=[1], cache_file=cache)
        (full,) = readcache.read_recommendations(recs_dir=found.recs_dir, ids=[1], cache_file=cache)
        assert summary.state.get("reviewed") == full.header["reviewed"] == [dt.date(2019, 1, 1)]
    assert marshal.loads(cache.read_bytes())[2] == {}


TEXT = st.text(st.characters(exclude_categories=["Cs", "Cc"]), max_size=40)
DAY = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 1, 1))
EVENT = st.one_of(
    st.builds(StatusChange, date=DAY, by=st.just("me"), status=st.sampled_from(["a", "b"])),
    st.builds(Comment, date=DAY, by=st.just("me"), text=TEXT),
    st.builds(
        FieldChange, date=DAY, by=st.just("me"), field=st.just("due"), value=DAY | st.none(),
        reason=st.none() | TEXT.filter(str.strip),
    ),
    st.builds(
        EvidenceAdded, date=DAY, by=st.just("me"), name=st.just("report.pdf"),
        sha256=st.just("ab" * 32), size=st.none() | st.integers(0, 10**9),
        url=st.none() | st.just("https://example.org/r.pdf"),
    ).filter(lambda event: (event.size is None) != (event.url is None)),
    st.builds(FieldChange, date=DAY, by=st.just("me"), field=st.just("owner"), value=TEXT),
    st.builds(
        FieldChange, date=DAY, by=st.just("me"), field=st.just("tags"),
        value=st.lists(st.sampled_from(["x", "y"]), max_size=2).map(tuple),
    ),
    st.builds(Amendment, date=DAY, by=st.just("me"), event=st.integers(1, 6),
              text=TEXT.filter(str.strip)),
    st.builds(Retraction, date=DAY, by=st.just("me"), event=st.integers(1, 6),
              reason=TEXT.filter(str.strip)),
)  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(events=st.lists(EVENT, min_size=1, max_size=6), due=st.none() | DAY)
def test_cached_recommendations_equal_parsed_ones(
    tmp_path: Path,
    events: list[Event],
    due: dt.date | None,
) -> None:
    """Whatever the events, what the cache gives back equals what parsing the file gives."""
    folder = tmp_path / f"case-{os.urandom(4).hex()}"
    folder.mkdir()
    data = recfile.render_new_file(header={"title": "T", "due": due}, events=events)
    (folder / "1.yaml").write_bytes(data)
    cache = folder / "cache" / "recs.cache"
    parsed = recfile.parse_recommendation(data, rec_id=1, path=folder / "1.yaml")
    for _ in range(2):  # cold, then from the cache
        (full,) = readcache.read_recommendations(recs_dir=folder, ids=[1], cache_file=cache)
        (summary,) = readcache.read_summaries(recs_dir=folder, ids=[1], cache_file=cache)
        assert full == parsed
        assert full.state == parsed.state
        assert summary == RecSummary.of(parsed)
        assert summary.summary_json() == parsed.summary_json()


def test_a_forged_entry_is_used_only_while_its_file_is_untouched(three: Path) -> None:
    """The cache is what list reads (a forged state shows while the file's stat data and
    digest match), and any write to the file makes the forgery stale and detected."""
    ledger = find_ledger(start=three)
    cache = readcache.cache_path(ledger.git_dir, ledger.recs_dir)
    tag, saved_at, entries = marshal.loads(cache.read_bytes())
    key, digest, (fields, dates, _status, *rest) = entries[1]
    entries[1] = (key, digest, ({**fields, "owner": "FORGED"}, dates, "forged", *rest))
    cache.write_bytes(marshal.dumps((tag, saved_at + 10 * readcache.RACY_NS, entries)))
    assert listed(three)[1]["owner"] == "FORGED"  # the speed path is live: no file was parsed
    path = three / "recs" / "1.yaml"
    path.write_bytes(path.read_bytes())  # same bytes, but a new ctime
    assert listed(three)[1]["owner"] == "AAAA"
    assert listed(three)[1]["status"] == "awaiting-review"
