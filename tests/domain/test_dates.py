"""Dates people type and trackers print."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectrack.domain.dates import (
    check_due_date,
    check_event_date,
    format_long,
    odd_dates,
    ordinal_suffix,
    parse_date,
)
from rectrack.domain.events import Comment, FieldChange, StatusChange
from rectrack.errors import InvalidDate

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017-03-03", dt.date(2017, 3, 3)),
        ("3rd March 2017", dt.date(2017, 3, 3)),
        ("27th March 2018", dt.date(2018, 3, 27)),
        ("1st June 2018", dt.date(2018, 6, 1)),
        ("2nd May 2019", dt.date(2019, 5, 2)),
        ("22nd Dec 2019", dt.date(2019, 12, 22)),
        ("11th September 2017", dt.date(2017, 9, 11)),
        ("9 August 2018", dt.date(2018, 8, 9)),
        ("  18th   December 2018 ", dt.date(2018, 12, 18)),
        ("today", TODAY),
        ("Yesterday", dt.date(2026, 11, 24)),
    ],
)
def test_parse_date_reads_iso_tracker_and_relative_forms(text: str, expected: dt.date) -> None:
    """Every supported spelling gives the right day."""
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("31st February 2017", "no such day"),
        ("2017-02-30", "no such day"),
        ("3th March 2017", "3rd"),
        ("3rd Marchember 2017", "not a month"),
        ("next week", "use YYYY-MM-DD"),
        ("", "use YYYY-MM-DD"),
    ],
)
def test_parse_date_refuses_impossible_or_unreadable_dates(text: str, fragment: str) -> None:
    """A date that does not exist or cannot be read is an InvalidDate naming the problem."""
    with pytest.raises(InvalidDate, match=fragment):
        parse_date(text, today=TODAY)


@pytest.mark.parametrize(
    ("day", "suffix"),
    [(1, "st"), (2, "nd"), (3, "rd"), (4, "th"), (11, "th"), (12, "th"), (13, "th"),
     (21, "st"), (22, "nd"), (23, "rd"), (30, "th"), (31, "st")],
)  # fmt: skip
def test_ordinal_suffix_follows_english(day: int, suffix: str) -> None:
    """11th-13th are the exceptions to st/nd/rd."""
    assert ordinal_suffix(day) == suffix


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_tracker_style_round_trips(day: dt.date) -> None:
    """Any date printed in the tracker's style reads back as the same date, as does ISO."""
    assert parse_date(format_long(day), today=TODAY) == day
    assert parse_date(day.isoformat(), today=TODAY) == day


def test_an_event_is_dated_from_the_first_event_to_today() -> None:
    """Backdating within the recommendation's life is allowed; before it or after today not."""
    opened = dt.date(2026, 3, 1)
    assert check_event_date(opened, today=TODAY, opened=opened) == opened
    assert check_event_date(TODAY, today=TODAY, opened=opened) == TODAY
    with pytest.raises(InvalidDate, match=r"recommendation 4 was opened on 2026-03-01, so an "
                       r"event may be dated from 2026-03-01 to today \(2026-11-25\)"):  # fmt: skip
        check_event_date(dt.date(2020, 1, 1), today=TODAY, opened=opened, rec_id=4)
    with pytest.raises(InvalidDate, match=r"from 1900-01-01 to today \(2026-11-25\)"):
        check_event_date(dt.date(2026, 11, 26), today=TODAY)
    with pytest.raises(InvalidDate, match="'1899-12-31'"):
        check_event_date(dt.date(1899, 12, 31), today=TODAY)


def test_a_due_date_may_be_in_the_future_but_not_absurdly() -> None:
    """Due dates run from 1900 to 2200; the error names the range."""
    assert check_due_date(dt.date(2200, 12, 31)) == dt.date(2200, 12, 31)
    for day in (dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(2201, 1, 1)):
        with pytest.raises(InvalidDate, match="a due date must be from 1900-01-01 to 2200-12-31"):
            check_due_date(day)


def test_odd_dates_already_in_a_ledger_are_named() -> None:
    """Events before the first one or 1900, after the day recorded, due dates out of range."""
    events = (
        StatusChange(date=dt.date(2026, 3, 1), by="x", status="open"),
        Comment(date=dt.date(2020, 1, 1), by="x", text="backdated too far"),
        Comment(date=dt.date(1800, 1, 1), by="x", text="year 1800"),
        Comment(date=dt.date(2027, 1, 1), by="x", text="future"),
        FieldChange(date=dt.date(2026, 3, 2), by="x", field="due", value=dt.date(9999, 1, 1)),
    )
    found = odd_dates(events, start=1, header={"due": dt.date(1, 1, 1)}, recorded=TODAY)
    assert found == [
        "event 2 is dated 2020-01-01, before the recommendation's first event (2026-03-01)",
        "event 3 is dated 1800-01-01, before 1900-01-01",
        "event 4 is dated 2027-01-01, after the day it was recorded (2026-11-25)",
        "event 5 sets the due date to 9999-01-01, outside 1900-01-01..2200-12-31",
    ]
    header_only = odd_dates(events[:1], start=0, header={"due": dt.date(1, 1, 1)}, recorded=None)
    assert header_only == ["the due date 0001-01-01 is outside 1900-01-01..2200-12-31"]
