"""The append-only rules as pure comparisons of two versions."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given
from hypothesis import strategies as st

from rectrack.domain.appendonly import (
    event_changes,
    header_changes,
    is_subsequence,
    merge_additions,
    merge_changes,
    workflow_changes,
)
from rectrack.domain.events import Comment, Event, FieldChange, StatusChange
from rectrack.domain.workflow import Workflow

D = dt.date(2020, 1, 1)
OPEN = StatusChange(date=D, by="a", status="awaiting-review")
NOTE = Comment(date=D, by="a", text="first note")
OTHER = Comment(date=D, by="b", text="second note")
OWNER = FieldChange(date=D, by="a", field="owner", value="DCI Smith")
EVENTS: list[Event] = [OPEN, NOTE, OTHER]


def test_pure_append_is_fine() -> None:
    """Old events followed by new ones is not a violation."""
    assert event_changes(EVENTS, [*EVENTS, OWNER]) == []


def test_edited_text_is_named() -> None:
    """A comment whose text changed is reported as that event's text edited."""
    edited = Comment(date=D, by="a", text="rewritten")
    assert event_changes(EVENTS, [OPEN, edited, OTHER]) == ["event 2 text edited"]


def test_edited_date_and_author_are_named() -> None:
    """Several changed fields of one event are listed together."""
    edited = Comment(date=dt.date(2019, 1, 1), by="z", text="first note")
    assert event_changes(EVENTS, [OPEN, edited, OTHER]) == ["event 2 date, by edited"]


def test_kind_change_is_named() -> None:
    """A comment turned into a status change is a kind change."""
    changed = StatusChange(date=D, by="a", status="complete")
    assert event_changes(EVENTS, [OPEN, changed, OTHER]) == [
        "event 2 kind changed (comment -> status)"
    ]


def test_removed_event_is_named() -> None:
    """Dropping an event is reported with its number."""
    assert event_changes(EVENTS, [OPEN, OTHER]) == ["event 2 removed"]


def test_removed_last_event_is_named() -> None:
    """Dropping the last event is reported too."""
    assert event_changes(EVENTS, [OPEN, NOTE]) == ["event 3 removed"]


def test_reordered_events_are_named() -> None:
    """The same events in another order are a reordering."""
    assert event_changes(EVENTS, [OPEN, OTHER, NOTE]) == ["events reordered (from event 2)"]


def test_inserted_event_in_the_middle_is_named() -> None:
    """A new event placed before old ones is not an append."""
    assert event_changes(EVENTS, [OPEN, OWNER, NOTE, OTHER]) == [
        "1 event(s) inserted before event 2"
    ]


def test_header_edit_is_named() -> None:
    """A header field that differs was edited by hand."""
    old = {"title": "T", "owner": "A"}
    assert header_changes(old, {"title": "T", "owner": "B"}) == [
        "header field owner edited by hand"
    ]
    assert header_changes(old, {"title": "T"}) == ["header field owner edited by hand"]
    assert header_changes(old, {**old, "extra": 1}) == ["header field extra edited by hand"]
    assert header_changes(old, dict(old)) == []


def test_subsequence() -> None:
    """A subsequence keeps order but may skip items."""
    assert is_subsequence(["a", "c"], ["a", "b", "c"])
    assert not is_subsequence(["c", "a"], ["a", "b", "c"])
    assert is_subsequence([], ["a"])


def test_merge_must_keep_each_parent_in_order() -> None:
    """A merge result that lost or reordered a parent's events is reported."""
    assert merge_changes([OPEN, NOTE], [OPEN, OTHER, NOTE], which="first") == []
    assert merge_changes([OPEN, NOTE], [OPEN, OTHER], which="second") == [
        "merge lost event(s) 2 of the second parent"
    ]
    assert merge_changes([OPEN, NOTE], [NOTE, OPEN], which="first") == [
        "merge reordered the events of the first parent"
    ]


def test_workflow_unknown_status_and_forbidden_move() -> None:
    """Unknown statuses and moves the transitions forbid are reported; repeats are not."""
    strict = Workflow(
        statuses=("open", "done"), initial="open", final=frozenset({"done"}),
        transitions={"open": ("done",), "done": ()},
    )  # fmt: skip
    events = [
        StatusChange(date=D, by="a", status="open"),
        StatusChange(date=D, by="a", status="open"),
        StatusChange(date=D, by="a", status="done"),
        StatusChange(date=D, by="a", status="open"),
        StatusChange(date=D, by="a", status="weird"),
    ]
    problems = workflow_changes(events, start=0, workflow=strict, rec_id=5)
    assert len(problems) == 2
    assert problems[0].startswith("event 4: recommendation 5 cannot go from 'done' to 'open'")
    assert problems[1].startswith("event 5: unknown status 'weird'")
    assert workflow_changes(events, start=5, workflow=strict, rec_id=5) == []


def _notes(prefix: str, count: int) -> list[Event]:
    return [Comment(date=D, by=prefix, text=f"{prefix} {n}") for n in range(count)]


@given(st.integers(0, 6), st.integers(0, 6), st.integers(0, 4), st.randoms(use_true_random=False))
def test_any_interleaving_of_parents_adds_nothing(
    left: int, right: int, shared: int, rng: random.Random
) -> None:
    """Whatever order a merge interleaves its parents' new events in, nothing is 'added';
    one event no parent had, anywhere, is found at its index."""
    base = _notes("base", shared)
    ours, theirs = _notes("ours", left), _notes("theirs", right)
    picks = ["o"] * left + ["t"] * right
    rng.shuffle(picks)
    o, t = iter(ours), iter(theirs)
    merged = base + [next(o) if pick == "o" else next(t) for pick in picks]
    assert merge_additions([base + ours, base + theirs], merged) == []
    at = rng.randint(0, len(merged))
    forged = [*merged[:at], StatusChange(date=D, by="x", status="bogus"), *merged[at:]]
    assert merge_additions([base + ours, base + theirs], forged) == [at]


def test_an_event_both_parents_hold_may_appear_once_or_twice() -> None:
    """Matched events are kept once by the driver; keeping both copies is no addition
    either, but a third copy is."""
    assert merge_additions([[OPEN, NOTE], [OPEN, NOTE]], [OPEN, NOTE]) == []
    assert merge_additions([[OPEN, NOTE], [OPEN, OTHER, NOTE]], [OPEN, NOTE, OTHER, NOTE]) == []
    assert merge_additions([[OPEN, NOTE], [OPEN, NOTE]], [OPEN, NOTE, NOTE]) == [2]
