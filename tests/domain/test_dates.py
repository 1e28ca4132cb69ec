"""Dates people type and trackers print."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectrack.domain.dates import format_long, ordinal_suffix, parse_date
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
