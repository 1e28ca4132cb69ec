"""Figures over recommendations: counts, time to close, open vs closed over time."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from rectrack.domain.events import Comment, Event, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.stats import (
    NO_OWNER,
    Point,
    closed_on,
    compute,
    days_open,
    open_vs_closed,
)
from rectrack.domain.workflow import DEFAULT_WORKFLOW

D = dt.date
TODAY = D(2020, 1, 1)


def rec(rec_id: int, *events: tuple[dt.date, str], **header: object) -> Recommendation:
    """A recommendation whose events are (date, status) pairs, or (date, '#text') comments."""
    built: list[Event] = [
        Comment(date=day, by="x", text=what[1:])
        if what.startswith("#")
        else StatusChange(date=day, by="x", status=what)
        for day, what in events
    ]
    return Recommendation(id=rec_id, header={"title": f"r{rec_id}", **header}, events=tuple(built))


RECS = [
    rec(1, (D(2017, 1, 1), "awaiting-review"), (D(2017, 1, 11), "complete"), report="A"),
    rec(2, (D(2018, 1, 1), "awaiting-review"), (D(2018, 1, 31), "complete"), owner="Kim"),
    rec(3, (D(2019, 1, 1), "being-progressed"), owner="Kim", due=D(2019, 6, 1), report="A"),
    rec(4, (D(2019, 2, 1), "#note")),
]


def test_counts_by_status_owner_and_report() -> None:
    """Statuses present, in workflow order; owners and reports by count, missing ones named."""
    figures = compute(RECS, workflow=DEFAULT_WORKFLOW, today=TODAY)
    assert figures.by_status == {"being-progressed": 1, "complete": 2, "(no status)": 1}
    assert list(figures.by_status) == ["being-progressed", "complete", "(no status)"]
    assert figures.by_owner == {NO_OWNER: 2, "Kim": 2}
    assert figures.by_report == {"(no report)": 2, "A": 2}
    assert (figures.total, figures.open, figures.closed, figures.overdue) == (4, 2, 2, 1)


def test_median_days_to_close_is_over_closed_ones_only() -> None:
    """Median of 10 and 30 days is 20; open ones do not count."""
    assert compute(RECS, workflow=DEFAULT_WORKFLOW, today=TODAY).median_days_to_close == 20
    assert compute(RECS[2:], workflow=DEFAULT_WORKFLOW, today=TODAY).median_days_to_close is None


def test_reopened_then_closed_counts_from_the_last_closing() -> None:
    """Closed, reopened, closed again: the closing date is the second one."""
    again = rec(1, (D(2017, 1, 1), "awaiting-review"), (D(2017, 2, 1), "complete"),
                (D(2017, 3, 1), "being-progressed"), (D(2017, 4, 1), "complete"))  # fmt: skip
    assert closed_on(again, workflow=DEFAULT_WORKFLOW) == D(2017, 4, 1)
    assert days_open(again, workflow=DEFAULT_WORKFLOW, today=TODAY) == 90
    assert days_open(RECS[2], workflow=DEFAULT_WORKFLOW, today=TODAY) == 365


def test_open_vs_closed_steps_at_each_change_and_ends_today() -> None:
    """One point per day something opened or closed, then today."""
    points = open_vs_closed(RECS[:2], workflow=DEFAULT_WORKFLOW, today=TODAY)
    assert points == [
        Point(date=D(2017, 1, 1), open=1, closed=0),
        Point(date=D(2017, 1, 11), open=0, closed=1),
        Point(date=D(2018, 1, 1), open=1, closed=1),
        Point(date=D(2018, 1, 31), open=0, closed=2),
        Point(date=TODAY, open=0, closed=2),
    ]
    assert open_vs_closed([], workflow=DEFAULT_WORKFLOW, today=TODAY) == []


statuses = st.sampled_from(DEFAULT_WORKFLOW.statuses)
histories = st.lists(
    st.lists(st.tuples(st.dates(D(2015, 1, 1), D(2019, 12, 31)), statuses), min_size=1, max_size=6),
    max_size=8,
)


@given(histories)
def test_last_point_matches_the_current_counts(raw: list[list[tuple[dt.date, str]]]) -> None:
    """Whatever the histories, the final point equals today's open and closed counts."""
    recs = [rec(n, *sorted(events)) for n, events in enumerate(raw, 1)]
    points = open_vs_closed(recs, workflow=DEFAULT_WORKFLOW, today=TODAY)
    figures = compute(recs, workflow=DEFAULT_WORKFLOW, today=TODAY)
    if recs:
        assert (points[-1].open, points[-1].closed) == (figures.open, figures.closed)
    assert all(point.open >= 0 and point.closed >= 0 for point in points)
