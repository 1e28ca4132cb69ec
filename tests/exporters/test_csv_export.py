"""The CSV export, read back with Python's csv module as a spreadsheet would."""

from __future__ import annotations

import csv
import datetime as dt
import io

from hypothesis import given
from hypothesis import strategies as st

from rectrack.domain.events import Comment, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.workflow import DEFAULT_WORKFLOW
from rectrack.exporters.csv_export import COLUMNS, export_csv

TODAY = dt.date(2020, 1, 1)
AWKWARD = 'Commas, "quotes", – dashes – and\na line break'


def recs() -> list[Recommendation]:
    """One open overdue recommendation with an awkward title, one closed."""
    return [
        Recommendation(
            id=3,
            header={"title": AWKWARD, "report": "PEEL, 2019", "number": "4", "owner": "Kim",
                    "due": dt.date(2019, 6, 1)},
            events=(StatusChange(date=dt.date(2019, 1, 1), by="x", status="being-progressed"),
                    Comment(date=dt.date(2019, 2, 1), by="x", text="note")),
        ),
        Recommendation(
            id=9,
            header={"title": "Closed"},
            events=(StatusChange(date=dt.date(2018, 1, 1), by="x", status="awaiting-review"),
                    StatusChange(date=dt.date(2018, 1, 31), by="x", status="complete")),
        ),
    ]  # fmt: skip


def test_header_row_is_exactly_the_documented_columns() -> None:
    """The first row names the eleven columns in order."""
    text = export_csv([], workflow=DEFAULT_WORKFLOW, today=TODAY)
    assert (
        text == "id,number,report,title,status,owner,due,opened,last_activity,days_open,overdue\r\n"
    )
    assert text == ",".join(COLUMNS) + "\r\n"


def test_rows_read_back_with_the_csv_module() -> None:
    """Quoting keeps commas, quotes and line breaks; derived columns are filled in."""
    text = export_csv(recs(), workflow=DEFAULT_WORKFLOW, today=TODAY)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows[0] == {
        "id": "3", "number": "4", "report": "PEEL, 2019", "title": AWKWARD,
        "status": "being-progressed", "owner": "Kim", "due": "2019-06-01",
        "opened": "2019-01-01", "last_activity": "2019-02-01", "days_open": "365",
        "overdue": "yes",
    }  # fmt: skip
    assert rows[1]["days_open"] == "30" and rows[1]["overdue"] == "no"
    assert rows[1]["owner"] == "" and rows[1]["due"] == ""


def test_text_is_utf8_without_a_byte_order_mark() -> None:
    """The encoded bytes are plain UTF-8 starting with the header."""
    data = export_csv(recs(), workflow=DEFAULT_WORKFLOW, today=TODAY).encode("utf-8")
    assert data.startswith(b"id,number,")
    assert "– dashes –".encode() in data


@given(st.text(st.characters(codec="utf-8", exclude_characters="\x00")), st.text())
def test_any_title_and_owner_read_back_unchanged(title: str, owner: str) -> None:
    """Whatever a title or owner holds, the csv module reads the same value back."""
    one = Recommendation(id=1, header={"title": title, "owner": owner or None})
    text = export_csv([one], workflow=DEFAULT_WORKFLOW, today=TODAY)
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    assert (row["title"], row["owner"]) == (title, owner)
