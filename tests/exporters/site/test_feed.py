"""changes.html and feed.xml: the latest 50 events, newest first, in valid Atom 1.0."""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from rectrack.domain.events import Comment, FieldChange, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.workflow import DEFAULT_WORKFLOW
from rectrack.exporters.site import RecordedEvent, build_site
from tests.exporters.site.factory import SOURCE, TODAY, seed_rec, synthetic
from tests.exporters.site.pages import parse

A = "{http://www.w3.org/2005/Atom}"
RFC3339_UTC = "%Y-%m-%dT%H:%M:%SZ"


def feed_of(recs: list[Recommendation], **options: Any) -> ET.Element:
    merged: dict[str, Any] = {"source": SOURCE} | options
    files = build_site(
        recs=recs, workflow=DEFAULT_WORKFLOW, today=TODAY, title="Force X & co", **merged
    )
    return ET.fromstring(files["feed.xml"])


def href(entry: ET.Element) -> str:
    """The entry's alternate link."""
    link = entry.find(f"{A}link")
    assert link is not None
    return link.get("href") or ""


def test_feed_has_every_element_atom_requires() -> None:
    """Feed: id, title, updated, author, self link; each entry: id, title, updated, link, content."""
    feed = feed_of(synthetic(3))
    assert feed.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert (feed.findtext(f"{A}{name}") or "").strip(), name
    assert feed.findtext(f"{A}author/{A}name") == "Force X & co"
    assert feed.findtext(f"{A}updated") == "2026-11-24T16:05:00Z"
    assert {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")} == {
        "self": "feed.xml", "alternate": "changes.html"}  # fmt: skip
    entries = feed.findall(f"{A}entry")
    assert len(entries) == 30
    for entry in entries:
        assert (entry.findtext(f"{A}id") or "").startswith("urn:uuid:")
        assert entry.findtext(f"{A}title")
        dt.datetime.strptime(entry.findtext(f"{A}updated") or "", RFC3339_UTC)
        assert entry.findtext(f"{A}author/{A}name")
        link = entry.find(f"{A}link")
        assert link is not None and link.get("rel") == "alternate"
        assert (link.get("href") or "").startswith("recs/")
        content = entry.find(f"{A}content")
        assert content is not None and content.get("type") == "text" and content.text


def test_feed_keeps_the_latest_fifty_newest_first() -> None:
    """Out of 200 events, the 50 with the latest dates, newest first."""
    recs = synthetic(20, events=10)
    updated = [e.findtext(f"{A}updated") or "" for e in feed_of(recs).iter(f"{A}entry")]
    dates = sorted((event.date for rec in recs for event in rec.events), reverse=True)
    assert len(updated) == 50
    assert updated == sorted(updated, reverse=True)
    assert [u[:10] for u in updated] == [d.isoformat() for d in dates[:50]]


def test_ties_on_one_day_go_to_higher_id_then_later_event() -> None:
    """Same-day events are ordered deterministically: by ID, then position, both descending."""
    day = dt.date(2025, 5, 1)
    recs = [
        Recommendation(id=n, header={"title": f"T{n}"}, events=(
            StatusChange(date=day, by="A", status="awaiting-review"),
            Comment(date=day, by="A", text=f"c{n}")))
        for n in (1, 2)
    ]  # fmt: skip
    links = [href(entry) for entry in feed_of(recs).iter(f"{A}entry")]
    assert links == ["recs/2.html#event-2", "recs/2.html#event-1",
                     "recs/1.html#event-2", "recs/1.html#event-1"]  # fmt: skip


def test_entry_ids_are_stable_across_builds_and_differ_by_ledger() -> None:
    """An event keeps its entry ID when more events arrive; another ledger gets other IDs."""

    def ids(feed: ET.Element) -> dict[str, str]:
        return {href(entry): entry.findtext(f"{A}id") or "" for entry in feed.iter(f"{A}entry")}

    rec = seed_rec(5)
    before = ids(feed_of([rec]))
    grown = dataclasses.replace(rec, events=(*rec.events, Comment(date=TODAY, by="A", text="new")))
    after = ids(feed_of([grown]))
    assert all(after[link] == entry_id for link, entry_id in before.items())
    assert len(set(after.values())) == 11
    other = ids(feed_of([rec], source=dataclasses.replace(SOURCE, ledger_root="1" * 40)))
    assert not set(other.values()) & set(before.values())


def test_recorded_times_order_the_feed_when_the_caller_gives_them() -> None:
    """With git's recording times, a back-dated event recorded last comes first."""
    rec = seed_rec(5)
    base = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)
    recorded = [RecordedEvent(rec_id=5, index=i, recorded=base + dt.timedelta(hours=10 - i))
                for i in range(10)]  # fmt: skip
    feed = feed_of([rec], changes=recorded)
    first = feed.find(f"{A}entry")
    assert first is not None
    assert first.findtext(f"{A}updated") == "2026-01-01T19:00:00Z"
    assert href(first) == "recs/5.html#event-1"


def test_recorded_times_naming_an_unknown_event_are_refused() -> None:
    """A RecordedEvent past the end of a timeline is a caller's bug, reported as such."""
    with pytest.raises(ValueError, match="no event 10 in recommendation 5"):
        feed_of(
            [seed_rec(5)],
            changes=[RecordedEvent(rec_id=5, index=10, recorded=dt.datetime(2026, 1, 1))],
        )


def test_changes_page_lists_the_same_events_as_the_feed_with_links() -> None:
    """changes.html shows the feed's events, newest first, each linking to its timeline entry."""
    recs = synthetic(8)
    files = build_site(recs=recs, workflow=DEFAULT_WORKFLOW, today=TODAY, title="T", source=SOURCE)
    feed_links = [href(entry) for entry in ET.fromstring(files["feed.xml"]).iter(f"{A}entry")]
    page_links = [link for link in parse(files["changes.html"]).links() if "#event-" in link]
    assert page_links == feed_links and len(page_links) == 50


def test_an_empty_ledger_gives_a_valid_feed_with_no_entries() -> None:
    """No recommendations: the feed still parses and is dated by the commit."""
    feed = feed_of([])
    assert (
        feed.findall(f"{A}entry") == [] and feed.findtext(f"{A}updated") == "2026-11-24T16:05:00Z"
    )


def test_changes_page_keeps_the_case_of_values_it_quotes() -> None:
    """'Owner set to DCI Smith' on changes.html: the sentence starts upper case, names keep theirs."""
    rec = Recommendation(id=1, header={"title": "T"}, events=(
        FieldChange(date=dt.date(2025, 1, 1), by="A", field="owner", value="DCI Smith"),))  # fmt: skip
    files = build_site(recs=[rec], workflow=DEFAULT_WORKFLOW, today=TODAY, title="T", source=SOURCE)
    assert "Owner set to DCI Smith" in parse(files["changes.html"]).all_text
