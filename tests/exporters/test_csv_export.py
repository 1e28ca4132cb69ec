"""The CSV export, read back with Python's csv module as a spreadsheet would."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectrack.domain.events import Comment, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.text import unguard_cell
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
    assert text == (
        "\ufeffid,number,report,title,status,owner,due,opened,last_activity,days_open,overdue\r\n"
    )
    assert text == "\ufeff" + ",".join(COLUMNS) + "\r\n"


def test_rows_read_back_with_the_csv_module() -> None:
    """Quoting keeps commas, quotes and line breaks; derived columns are filled in."""
    text = export_csv(recs(), workflow=DEFAULT_WORKFLOW, today=TODAY)
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert rows[0] == {
        "id": "3", "number": "4", "report": "PEEL, 2019", "title": AWKWARD,
        "status": "being-progressed", "owner": "Kim", "due": "2019-06-01",
        "opened": "2019-01-01", "last_activity": "2019-02-01", "days_open": "365",
        "overdue": "yes",
    }  # fmt: skip
    assert rows[1]["days_open"] == "30" and rows[1]["overdue"] == "no"
    assert rows[1]["owner"] == "" and rows[1]["due"] == ""


def test_text_is_utf8_with_a_byte_order_mark() -> None:
    """The encoded bytes are UTF-8 starting with its byte-order mark, then the header, so
    Excel opened by double-click shows non-ASCII text as it is."""
    data = export_csv(recs(), workflow=DEFAULT_WORKFLOW, today=TODAY).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbfid,number,")
    assert "– dashes –".encode() in data
    (row,) = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))[:1]
    assert row["id"] == "3"  # utf-8-sig (Python, pandas) reads the first column as `id`


@pytest.mark.parametrize(
    ("title", "cell"),
    [
        (
            '=HYPERLINK("http://evil.example","Click")',
            '\'=HYPERLINK("http://evil.example","Click")',
        ),
        ("+1 555 0100", "'+1 555 0100"),
        ("-5 officers", "'-5 officers"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("'=already quoted", "''=already quoted"),
        ("Plain title", "Plain title"),
        ("It's fine", "It's fine"),
    ],
)
def test_formula_cells_are_written_as_text(title: str, cell: str) -> None:
    """A cell a spreadsheet would run as a formula starts with `'`, and only such a cell."""
    one = Recommendation(id=1, header={"title": title, "owner": title, "report": title})
    text = export_csv([one], workflow=DEFAULT_WORKFLOW, today=TODAY).removeprefix("\ufeff")
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    assert row["title"] == row["owner"] == row["report"] == cell
    assert unguard_cell(cell) == title


@given(st.text(st.characters(codec="utf-8", exclude_characters="\x00")), st.text())
def test_any_title_and_owner_read_back_unchanged(title: str, owner: str) -> None:
    """Whatever a title or owner holds, the csv module reads back a value that is never a
    formula, and that is the same value once the guard `'` is taken off."""
    one = Recommendation(id=1, header={"title": title, "owner": owner or None})
    text = export_csv([one], workflow=DEFAULT_WORKFLOW, today=TODAY).removeprefix("\ufeff")
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    assert (unguard_cell(row["title"]), unguard_cell(row["owner"])) == (title, owner)
    for value in (row["title"], row["owner"]):
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
