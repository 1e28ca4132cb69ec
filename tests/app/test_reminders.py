"""`rec remind`: due soon or overdue, by owner, as text, JSON or iCalendar."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import icalendar

from tests.helpers import new_rec, rec


def build(ledger: Path) -> None:
    today = dt.date.today()
    new_rec(
        ledger,
        "--title",
        "Overdue one",
        "--owner",
        "DCI Smith",
        "--due",
        (today - dt.timedelta(days=3)).isoformat(),
    )
    new_rec(
        ledger,
        "--title",
        "Due soon; with, commas",
        "--owner",
        "Supt. Okafor",
        "--due",
        (today + dt.timedelta(days=10)).isoformat(),
    )
    new_rec(
        ledger,
        "--title",
        "Far off",
        "--owner",
        "DCI Smith",
        "--due",
        (today + dt.timedelta(days=90)).isoformat(),
    )
    new_rec(ledger, "--title", "Closed but late", "--owner", "DCI Smith", "--due", "2017-01-01")
    rec(ledger, "status", "4", "complete")


def test_remind_json_selects_open_due_and_overdue(ledger: Path) -> None:
    """Within 30 days: the overdue one and the one due in 10 days; never closed ones."""
    build(ledger)
    data = json.loads(rec(ledger, "remind", "--format", "json").stdout)
    assert [(d["id"], d["owner"], d["overdue"]) for d in data] == [
        (1, "DCI Smith", True),
        (2, "Supt. Okafor", False),
    ]
    assert {"id", "title", "owner", "due", "overdue"} <= data[0].keys()
    wide = json.loads(
        rec(ledger, "remind", "--within", "100", "--owner", "dci smith", "--format", "json").stdout
    )
    assert [d["id"] for d in wide] == [1, 3]


def test_remind_text_groups_by_owner(ledger: Path) -> None:
    """Text output has one block per owner."""
    build(ledger)
    text = rec(ledger, "remind").stdout
    assert (
        text.index("DCI Smith:")
        < text.index("rec 1")
        < text.index("Supt. Okafor:")
        < text.index("rec 2")
    )
    assert "3 days OVERDUE" in text and "due in 10 days" in text


def test_remind_ics_is_valid_and_stable(ledger: Path) -> None:
    """The iCalendar file parses, has one all-day VEVENT per item, and the same UIDs next time."""
    build(ledger)
    first = rec(ledger, "remind", "--format", "ics").stdout_bytes.decode()
    assert first.startswith("BEGIN:VCALENDAR\r\n") and first.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in first.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(first)
    events: list[Any] = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    assert str(events[1]["SUMMARY"]) == "Due: rec 2 Due soon; with, commas"
    assert isinstance(events[0]["DTSTART"].dt, dt.date)
    rec(ledger, "comment", "2", "progress")
    second = icalendar.Calendar.from_ical(rec(ledger, "remind", "--format", "ics").stdout_bytes)
    again: list[Any] = list(second.walk("VEVENT"))
    assert [str(e["UID"]) for e in again] == [str(e["UID"]) for e in events]
    assert int(again[1]["SEQUENCE"]) > int(events[1]["SEQUENCE"])


def test_nothing_to_remind(ledger: Path) -> None:
    """An empty result says so plainly; a bad format is a usage error."""
    assert "Nothing due" in rec(ledger, "remind").stdout
    assert rec(ledger, "remind", "--format", "xml").exit_code == 2
