"""Reading the dates people type and trackers print; which dates make sense.

An event happened between 1900 and today, and not before its recommendation's first
event (backdating within that range is what a tracker needs); a due date may be in the
future, up to 2200. Writes refuse anything else, naming the range; dates already in a
ledger are never refused on read: `rec verify` lists them as warnings (`odd_dates`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from rectrack.domain.events import Event, FieldChange
from rectrack.errors import InvalidDate

#: No event or due date of a recommendation comes before this day.
EARLIEST = dt.date(1900, 1, 1)
#: Nor does any due date lie after this one.
LATEST_DUE = dt.date(2200, 12, 31)

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


def check_event_date(
    day: dt.date, *, today: dt.date, opened: dt.date | None = None, rec_id: int | None = None
) -> dt.date:
    """`day` if an event may be dated so: from 1900 (or the recommendation's first event,
    `opened`) to today; else InvalidDate saying what the range is."""
    if opened is not None and opened > today:
        opened = None  # a first event dated in the future (by hand): only "today" is sure
    if day > today or day < EARLIEST or (opened is not None and day < opened):
        earliest = EARLIEST if opened is None else opened
        since = "" if opened is None else f"recommendation {rec_id} was opened on {opened}, so "
        raise InvalidDate(
            value=day.isoformat(),
            reason=f"{since}an event may be dated from {earliest} to today ({today})",
        )
    return day


def check_due_date(day: dt.date) -> dt.date:
    """`day` if it may be a due date (1900 to 2200), else InvalidDate naming the range."""
    if not EARLIEST <= day <= LATEST_DUE:
        raise InvalidDate(
            value=day.isoformat(), reason=f"a due date must be from {EARLIEST} to {LATEST_DUE}"
        )
    return day


def odd_dates(
    events: Sequence[Event], *, start: int, header: Mapping[str, Any], recorded: dt.date | None
) -> list[str]:
    """Dates from event index `start` on that a write would refuse now (warnings, not errors).

    `recorded` is the day they were committed: an event dated after it was in the future
    (None: not checked, as none can be).
    """
    found: list[str] = []
    due = header.get("due")
    if start == 0 and isinstance(due, dt.date) and not EARLIEST <= due <= LATEST_DUE:
        found.append(f"the due date {due} is outside {EARLIEST}..{LATEST_DUE}")
    opened = events[0].date if events else None
    for index in range(start, len(events)):
        event, where = events[index], f"event {index + 1} is dated {events[index].date}"
        if event.date < EARLIEST:
            found.append(f"{where}, before {EARLIEST}")
        elif opened is not None and event.date < opened:
            found.append(f"{where}, before the recommendation's first event ({opened})")
        if recorded is not None and event.date > recorded:
            found.append(f"{where}, after the day it was recorded ({recorded})")
        value = event.value if isinstance(event, FieldChange) and event.field == "due" else None
        if isinstance(value, dt.date) and not EARLIEST <= value <= LATEST_DUE:
            found.append(f"event {index + 1} sets the due date to {value}, outside "
                         f"{EARLIEST}..{LATEST_DUE}")  # fmt: skip
    return found
