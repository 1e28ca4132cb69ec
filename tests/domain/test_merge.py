"""Merging two sides' appended events: properties that must hold for any appends."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from rectrack.domain.appendonly import event_key, is_subsequence
from rectrack.domain.events import Comment, Event, StatusChange
from rectrack.domain.merge import Side, merge_appends, merged_events

START = dt.date(2020, 1, 1)

events_strategy = st.builds(
    Comment,
    date=st.integers(min_value=0, max_value=5).map(lambda n: START + dt.timedelta(days=n)),
    by=st.sampled_from(["alex", "blair"]),
    text=st.sampled_from(["a", "b", "c", "d"]),
)
event_lists = st.lists(events_strategy, max_size=6)


def keys(events: tuple[Event, ...] | list[Event]) -> list[str]:
    return [event_key(event) for event in events]


@settings(max_examples=300, deadline=None)
@given(base=event_lists, ours=event_lists, theirs=event_lists)
def test_merge_keeps_everything_in_each_sides_order(
    base: list[Event], ours: list[Event], theirs: list[Event]
) -> None:
    """The result starts with the base and holds each side's events in that side's order."""
    result = merged_events(base, base + ours, base + theirs)
    assert keys(result[: len(base)]) == keys(base)
    assert is_subsequence(keys(base + ours), keys(result))
    assert is_subsequence(keys(base + theirs), keys(result))
    assert set(keys(result)) == set(keys(base + ours + theirs))
    assert len(result) <= len(base) + len(ours) + len(theirs)


@settings(max_examples=300, deadline=None)
@given(base=event_lists, ours=event_lists, theirs=event_lists)
def test_merge_does_not_depend_on_which_side_is_ours(
    base: list[Event], ours: list[Event], theirs: list[Event]
) -> None:
    """Merging A into B and B into A gives the same set of events (the same list when no
    event was appended by both sides)."""
    one = merged_events(base, base + ours, base + theirs)
    other = merged_events(base, base + theirs, base + ours)
    assert set(keys(one)) == set(keys(other))
    if not set(keys(ours)) & set(keys(theirs)):
        assert keys(one) == keys(other)


@settings(max_examples=200, deadline=None)
@given(
    appends=st.lists(st.tuples(st.sampled_from("AB"), events_strategy), max_size=10),
    cut=st.integers(min_value=0, max_value=10),
)
def test_any_interleaving_of_two_clones_merges_to_the_same_set(
    appends: list[tuple[str, Event]], cut: int
) -> None:
    """Two clones appending in any interleaving, merged at any point, end with every event."""
    base: list[Event] = [StatusChange(date=START, by="x", status="open")]
    clone_a, clone_b = list(base), list(base)
    for number, (who, event) in enumerate(appends):
        (clone_a if who == "A" else clone_b).append(event)
        if number == cut:  # an intermediate sync: both take the merged result
            merged = list(merged_events(base, clone_a, clone_b))
            base, clone_a, clone_b = merged, list(merged), list(merged)
    final = merged_events(base, clone_a, clone_b)
    everything = [event for _, event in appends]
    assert set(keys(final)) == set(keys(base + everything))


def test_identical_appends_are_kept_once() -> None:
    """An event both sides appended identically appears once."""
    same = Comment(date=START, by="alex", text="same")
    assert merge_appends([same], [same]) == [(Side.OURS, 0)]


def test_interleaves_by_date_then_content() -> None:
    """Between shared events, the two sides are ordered by date, then content."""
    early = Comment(date=START, by="b", text="early")
    late = Comment(date=START + dt.timedelta(days=3), by="a", text="late")
    middle = Comment(date=START + dt.timedelta(days=1), by="c", text="middle")
    assert merged_events([], [early, late], [middle]) == (early, middle, late)
    assert merged_events([], [middle], [early, late]) == (early, middle, late)


def test_a_side_out_of_date_order_is_not_reordered() -> None:
    """A backdated event keeps its place on its own side (the parent's order wins)."""
    late = Comment(date=START + dt.timedelta(days=9), by="a", text="late")
    backdated = Comment(date=START, by="a", text="backdated")
    other = Comment(date=START + dt.timedelta(days=5), by="b", text="other")
    result = merged_events([], [late, backdated], [other])
    assert is_subsequence(keys([late, backdated]), keys(result))
    assert set(keys(result)) == set(keys([late, backdated, other]))


def test_a_replay_appends_after_ours_and_drops_what_ours_has() -> None:
    """append_after keeps ours exactly, then their events ours lacks, in their order."""
    import datetime as dt

    from rectrack.domain.events import Comment
    from rectrack.domain.merge import Side, append_after

    def note(day: int, text: str) -> Comment:
        return Comment(date=dt.date(2020, 1, day), by="a", text=text)

    ours = [note(9, "ours late"), note(5, "shared")]
    theirs = [note(1, "theirs early"), note(5, "shared"), note(2, "theirs")]
    assert append_after(ours, theirs) == [
        (Side.OURS, 0), (Side.OURS, 1), (Side.THEIRS, 0), (Side.THEIRS, 2),
    ]  # fmt: skip


def test_an_old_date_sorted_replay_is_recognised() -> None:
    """replayed_by_date: what the old driver did to a replayed commit, and nothing else."""
    import datetime as dt

    from rectrack.domain.events import Comment, StatusChange
    from rectrack.domain.merge import merged_events, replayed_by_date

    start = StatusChange(date=dt.date(2020, 1, 1), by="a", status="open")
    upstream = Comment(date=dt.date(2020, 3, 1), by="a", text="upstream")
    replayed = Comment(date=dt.date(2020, 2, 1), by="b", text="replayed")
    old_driver = list(merged_events([start], [start, upstream], [start, replayed]))
    assert old_driver == [start, replayed, upstream]
    assert replayed_by_date([start, upstream], old_driver)
    assert not replayed_by_date([start, upstream], [start, upstream, replayed])  # an append
    late = Comment(date=dt.date(2020, 4, 1), by="x", text="backdated")
    assert not replayed_by_date([start, upstream], [start, late, upstream])  # out of order
    assert not replayed_by_date([start, upstream], [start, replayed])  # lost an event
