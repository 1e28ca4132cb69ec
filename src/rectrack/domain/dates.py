"""Reading the dates people type and trackers print; due and overdue rules."""

from __future__ import annotations

import datetime as dt
import re

from rectrack.errors import InvalidDate

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# "3rd March 2017", "3 March 2017", "31st Dec 2019"
_TRACKER = re.compile(r"(\d{1,2})([a-z]{2})?\s+([a-z]+),?\s+(\d{4})")


def ordinal_suffix(day: int) -> str:
    """The English ordinal suffix of a day of the month: 1 -> 'st', 12 -> 'th', 22 -> 'nd'."""
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def parse_date(text: str, *, today: dt.date) -> dt.date:
    """Read an ISO date, a tracker date (`3rd March 2017`), `today` or `yesterday`."""
    value = " ".join(text.strip().lower().split())
    if value == "today":
        return today
    if value == "yesterday":
        return today - dt.timedelta(days=1)
    if match := _ISO.fullmatch(value):
        year, month, day = (int(part) for part in match.groups())
        return _make(text, year, month, day)
    if match := _TRACKER.fullmatch(value):
        day_text, suffix, month_name, year_text = match.groups()
        day = int(day_text)
        if suffix is not None and suffix != ordinal_suffix(day):
            raise InvalidDate(
                value=text, reason=f"the ordinal should be {day}{ordinal_suffix(day)}"
            )
        if month_name not in MONTHS:
            raise InvalidDate(value=text, reason=f"{month_name!r} is not a month")
        return _make(text, int(year_text), MONTHS[month_name], day)
    raise InvalidDate(
        value=text, reason="use YYYY-MM-DD, a date like '3rd March 2017', 'today' or 'yesterday'"
    )


def _make(text: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise InvalidDate(value=text, reason=f"no such day ({error})") from None


def format_long(day: dt.date) -> str:
    """The tracker's own style: 3rd March 2017."""
    return f"{day.day}{ordinal_suffix(day.day)} {day:%B %Y}"
