"""CSV files are read strictly: damage is named by row, never silently absorbed."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectrack.domain.workflow import DEFAULT_WORKFLOW
from rectrack.errors import ImportFormatError, ImportRowsInvalid
from rectrack.importers.csv_import import read_csv
from rectrack.importers.spreadsheet import Row, SheetMapping

TODAY = dt.date(2026, 5, 1)


def read(text: str, mapping: SheetMapping | None = None) -> list[Row]:
    return read_csv(
        text,
        source="t.csv",
        mapping=mapping or SheetMapping(),
        workflow=DEFAULT_WORKFLOW,
        today=TODAY,
    )


def refusal(text: str) -> str:
    with pytest.raises(ImportFormatError) as raised:
        read(text)
    return str(raised.value)


def test_unclosed_quote_is_an_error_naming_its_row() -> None:
    """A quote left open is refused at the row it opens in, not read as one long title."""
    text = 'title,status\nFine,complete\n"Fix x,complete\nOther,complete\nMore,complete\n'
    assert refusal(text) == 't.csv: row 3: a quoted cell is never closed (a " is missing)'


def test_stray_quote_after_a_quoted_cell_is_an_error_naming_its_row() -> None:
    """`"a"b` is neither one cell nor two: refused at its row."""
    assert refusal('title,status\n"a"b,complete\n') == (
        't.csv: row 2: a " inside a quoted cell must be doubled ("") or the cell closed'
    )


def test_rows_with_more_or_fewer_cells_than_the_header_are_named() -> None:
    """Ragged rows are refused, every one named, with the cell counts."""
    assert refusal("title,status\na,complete\nb,complete,extra\nc\nd,complete\n") == (
        "t.csv: rows 3-4: 1 or 3 cells where the header has 2 (a comma too many or too few, or a quote left open?)"
    )


def test_quoted_cells_with_commas_quotes_and_line_breaks_are_one_row() -> None:
    """RFC 4180 quoting: a multi-line cell is one row, and row numbers count rows, not lines."""
    text = 'title,text\r\n"Publish digest, quarterly","Line one\r\nLine ""two"""\r\nB,\r\n'
    found = read(text)
    assert [(r.row, r.header["title"]) for r in found] == [
        (2, "Publish digest, quarterly"),
        (3, "B"),
    ]
    assert found[0].header["text"] == 'Line one\r\nLine "two"'


def test_byte_order_mark_and_blank_lines_are_fine() -> None:
    """Excel's byte-order mark is dropped; blank lines are skipped, not ragged rows."""
    found = read("\ufefftitle,status\n\nA,complete\n\n")
    assert [(r.row, r.header["title"], r.status) for r in found] == [(3, "A", "complete")]


@pytest.mark.parametrize("text", ["", "\ufeff", "\n\n", ",,\n,,\n"])
def test_empty_file_is_refused(text: str) -> None:
    """No rows at all: one line saying so."""
    assert refusal(text) == "t.csv: the file is empty"


def test_csv_without_a_text_column_names_its_columns() -> None:
    """The error names the columns the file has."""
    assert refusal("Name,Owner\nx,y\n") == (
        "t.csv: no `title`, `text` or `recommendation` column (see --map); the columns are: 'Name', 'Owner'"
    )


_cell_text = st.text(st.characters(codec="utf-8"), max_size=30)


@given(
    st.lists(st.tuples(_cell_text.filter(lambda s: s.strip()), _cell_text), min_size=1, max_size=10)
)
def test_rows_written_by_a_csv_writer_read_back(cells: list[tuple[str, str]]) -> None:
    """Whatever text a CSV writer quotes, the reader returns: titles (one line) and owners."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["title", "owner"])
    writer.writerows(cells)
    found = read(out.getvalue())
    assert [r.header["title"] for r in found] == [" ".join(t.split()) for t, _ in cells]
    assert [r.header.get("owner") for r in found] == [o.strip() or None for _, o in cells]


@given(st.text())
def test_random_text_is_read_or_refused_cleanly(text: str) -> None:
    """Any text gives rows or a rectrack error (ImportFormatError or ImportRowsInvalid)."""
    try:
        found = read(text)
    except (ImportFormatError, ImportRowsInvalid) as error:
        assert str(error).startswith("t.csv: ") and "\n" not in str(error)
    else:
        assert all(r.header["title"] and "\n" not in r.header["title"] for r in found)
