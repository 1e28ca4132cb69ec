"""Excel workbooks, built with openpyxl in each test: real date cells, sheets, damage."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import zipfile
from collections.abc import Sequence

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectrack.domain.workflow import DEFAULT_WORKFLOW
from rectrack.errors import ImportFormatError, ImportRowsInvalid
from rectrack.importers.sheet_cells import Cell
from rectrack.importers.spreadsheet import Row, SheetMapping, parse_mapping, parse_status_mapping
from rectrack.importers.xlsx_import import read_xlsx

TODAY = dt.date(2026, 5, 1)
D = dt.date
HEADER = ["Reference", "Origin", "Date", "Recommendation", "Lead Officer", "Action taken", "Status"]
MAPPING = SheetMapping(
    columns=parse_mapping(
        [
            "Reference=number",
            "Origin=report",
            "Date=opened",
            "Lead Officer=owner",
            "Action taken=comment",
        ]
    ),
    statuses=parse_status_mapping(
        ["Green=complete", "Amber=being-progressed", "Red=awaiting-review"]
    ),
)


def workbook(*sheets: tuple[str, Sequence[Sequence[Cell]]], active: int = 0) -> bytes:
    """An .xlsx with the given sheets, each a list of rows written from A1 down."""
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.active = active
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read(data: bytes, *, sheet: str | None = None, mapping: SheetMapping = MAPPING) -> list[Row]:
    return read_xlsx(
        data, source="t.xlsx", sheet=sheet, mapping=mapping, workflow=DEFAULT_WORKFLOW, today=TODAY
    )


def refusal(data: bytes, *, sheet: str | None = None) -> str:
    with pytest.raises(ImportFormatError) as raised:
        read(data, sheet=sheet)
    assert "\n" not in str(raised.value)
    return str(raised.value)


def test_council_workbook_reads_with_date_cells_text_dates_and_number_references() -> None:
    """Excel dates are dates, text dates are read day first, numeric references are text."""
    data = workbook(("Tracker", [
        HEADER,
        [12, "Audit Committee", dt.datetime(2026, 2, 1), "The OPCC should publish minutes.", "Head of Comms", "Online since March.", "Green"],
        [13.0, "Panel", "01/02/26", "The force should review call handling.", "Supt X", None, "Amber"],
        [14, "Panel", "3rd March 2017", "Within six months, the force should train staff.", "Y", "", "red"],
    ]))  # fmt: skip
    found = read(data)
    assert [(r.row, r.header["number"], r.opened, r.status, r.comment) for r in found] == [
        (2, "12", D(2026, 2, 1), "complete", "Online since March."),
        (3, "13", D(2026, 2, 1), "being-progressed", None),
        (4, "14", D(2017, 3, 3), "awaiting-review", None),
    ]
    assert found[2].header == {
        "number": "14", "report": "Panel", "text": "Within six months, the force should train staff.",
        "owner": "Y", "title": "The force should train staff",
    }  # fmt: skip


def test_merged_title_above_the_header_and_empty_rows_are_skipped_with_excel_row_numbers() -> None:
    """A merged title row and blank rows are skipped; rows keep the numbers Excel shows."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "Police and Crime Panel: recommendations tracker"
    sheet.merge_cells("A1:G1")
    for column, name in enumerate(HEADER, start=1):
        sheet.cell(row=3, column=column, value=name)
    sheet["D4"], sheet["G4"] = "The force should act.", "Green"
    sheet["D7"], sheet["G7"] = "The force should also act.", "Amber"
    sheet["K7"] = None
    out = io.BytesIO()
    book.save(out)
    assert [(r.row, r.status) for r in read(out.getvalue())] == [
        (4, "complete"),
        (7, "being-progressed"),
    ]


def test_trailing_empty_columns_are_ignored() -> None:
    """Empty cells past the last column (Excel pads rows) change nothing."""
    data = workbook(
        ("S", [["Title", "Status", None, None], ["A", "Green", None, None, None], ["B", None]])
    )
    assert [(r.header["title"], r.status) for r in read(data)] == [
        ("A", "complete"),
        ("B", "awaiting-review"),
    ]


def test_sheet_argument_picks_a_sheet_and_the_default_is_the_active_one() -> None:
    """`sheet` names the sheet (case aside); without it, the sheet the workbook opens on."""
    data = workbook(
        ("Notes", [["Just notes"]]), ("Tracker", [["Title"], ["From the tracker"]]), active=1
    )
    assert [r.header["title"] for r in read(data)] == ["From the tracker"]
    assert [r.header["title"] for r in read(data, sheet="tracker")] == ["From the tracker"]
    assert refusal(data, sheet="Notes") == (
        "t.xlsx: sheet 'Notes' has no `title`, `text` or `recommendation` column (see --map); the columns are: 'Just notes'"
    )


def test_missing_sheet_lists_the_sheets_there_are() -> None:
    """A sheet name the workbook lacks: the error lists its sheets."""
    data = workbook(("Tracker", [["Title"], ["x"]]), ("2025", [["Title"]]))
    assert (
        refusal(data, sheet="2026") == "t.xlsx: no sheet '2026'; the sheets are 'Tracker', '2025'"
    )


def test_bad_rows_are_all_reported_with_excel_row_numbers() -> None:
    """Unmapped statuses and impossible dates, each named by its row in Excel."""
    data = workbook(
        (
            "S",
            [
                ["Tracker"],
                HEADER,
                [1, "P", "31/02/2026", "Do a.", "X", None, "Paused"],
                [2, "P", 45000, "Do b.", "X", None, "Paused"],
            ],
        )
    )
    with pytest.raises(ImportRowsInvalid) as raised:
        read(data)
    assert str(raised.value).startswith(
        "t.xlsx: 2 bad row(s), nothing imported: "
        "row 3: invalid date '31/02/2026': no such day (day is out of range for month); "
        "rows 3-4: unknown status 'Paused'; "
        "row 4: invalid date '45000': a number, not a date (format the column as dates)"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "t.xlsx: the file is empty, not an Excel workbook"),
        (b"Title,Status\nFix it,complete\n", "t.xlsx: not an Excel .xlsx workbook (it is text: a CSV file? import it with `rec import csv`)"),
        (bytes(range(256)) * 4, "t.xlsx: not an Excel .xlsx workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "t.xlsx: a password-protected workbook or an old .xls: open it in Excel and save it as .xlsx without a password"),
    ],
)  # fmt: skip
def test_what_is_not_a_workbook_is_named(data: bytes, message: str) -> None:
    """Empty, text, random bytes, an encrypted (OLE) file: each refused for what it is."""
    assert refusal(data) == message


def test_zip_that_is_not_a_workbook_is_refused() -> None:
    """A zip without a workbook inside (a .docx, say) is not readable as one."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert refusal(out.getvalue()).startswith("t.xlsx: not a readable Excel .xlsx workbook (")


def test_truncated_workbook_is_refused() -> None:
    """A workbook cut short (a failed download) is refused, not half read."""
    data = workbook(("S", [["Title"], *[[f"row {n}"] for n in range(200)]]))
    assert refusal(data[: len(data) // 2]).startswith(
        "t.xlsx: not a readable Excel .xlsx workbook ("
    )


@given(st.binary(max_size=300))
def test_random_bytes_are_refused_cleanly(data: bytes) -> None:
    """Any bytes that are not a workbook give an ImportFormatError, never another exception."""
    with pytest.raises(ImportFormatError):
        read(data)


def test_openpyxl_is_loaded_only_when_a_workbook_is_read() -> None:
    """Importing the reader does not import openpyxl: start-up time stays low."""
    code = "import sys, rectrack.importers.xlsx_import; print('openpyxl' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
