"""Spreadsheet cells as rectrack values: text, and dates the way UK trackers write them.

A cell is what the reader hands over: text from a CSV, or from an Excel sheet a number,
a date (Excel's own date cells), a boolean or nothing. Dates typed as text are read DAY
FIRST, as UK users write them (`01/02/26` is 1 February 2026) unless `month_first`;
`2026-02-01`, `2026/02/01`, `1 February 2026` and `3rd March 2017` are unambiguous.
"""

from __future__ import annotations

import datetime as dt
import re

from rectrack.domain.dates import parse_date
from rectrack.errors import InvalidDate

Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | None

_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})")
_YEAR_FIRST = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_ISO_WITH_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")
_PIVOT = 69  # two-digit years: 00-68 are 2000-2068, 69-99 are 1969-1999 (as POSIX strptime)
_FORMATS = "a date like 01/02/2026 (day first), 2026-02-01 or 1 February 2026"


def is_blank(cell: Cell) -> bool:
    """True for an empty cell or one holding only spaces."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def cell_text(cell: Cell) -> str:
    """A cell as text: whole numbers without `.0`, Excel dates as YYYY-MM-DD."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    return str(cell).strip()


def cell_date(cell: Cell, *, month_first: bool, today: dt.date) -> dt.date:
    """A date from an Excel date cell or from text; InvalidDate otherwise."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, bool | int | float | dt.time):
        raise InvalidDate(
            value=cell_text(cell), reason="a number, not a date (format the column as dates)"
        )
    return sheet_date(cell or "", month_first=month_first, today=today)


def sheet_date(text: str, *, month_first: bool, today: dt.date) -> dt.date:
    """A date typed in a sheet: day first unless `month_first`; two-digit years allowed."""
    value = text.strip()
    if match := _NUMERIC.fullmatch(value):
        first, second, year = (int(part) for part in match.groups())
        day, month = (second, first) if month_first else (first, second)
        if len(match.group(3)) == 2:
            year += 2000 if year < _PIVOT else 1900
        if month > 12:
            order = "month first" if month_first else "day first (UK): 01/02/26 is 1 February"
            raise InvalidDate(
                value=text, reason=f"there is no month {month}; dates are read {order}"
            )
        return _make(text, year, month, day)
    if match := _YEAR_FIRST.fullmatch(value):
        year, month, day = (int(part) for part in match.groups())
        return _make(text, year, month, day)
    if match := _ISO_WITH_TIME.fullmatch(value):
        value = match.group(1)
    try:
        return parse_date(value, today=today)
    except InvalidDate as error:
        if str(error.details.get("reason", "")).startswith("use "):
            raise InvalidDate(value=text, reason=f"use {_FORMATS}") from None
        raise


def _make(text: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise InvalidDate(value=text, reason=f"no such day ({error})") from None
