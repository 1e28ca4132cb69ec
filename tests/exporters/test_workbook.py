"""The xlsx export, read back with openpyxl as Excel and LibreOffice would open it."""

from __future__ import annotations

import datetime as dt
import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.worksheet import Worksheet

from rectrack.domain.events import Comment, EvidenceAdded, FieldChange, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.workflow import DEFAULT_WORKFLOW
from rectrack.exporters.csv_export import COLUMNS
from rectrack.exporters.workbook import CELL_MAX, EVENT_COLUMNS, export_xlsx
from tests.helpers import rec

TODAY = dt.date(2020, 1, 1)
D = dt.date
FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1:A2)", "=1+1"]


def recs() -> list[Recommendation]:
    """An open overdue recommendation whose text looks like formulas, and a closed one."""
    return [
        Recommendation(
            id=3,
            header={"title": FORMULAS[0], "report": "=cmd|' /C calc'!A0", "number": "4",
                    "owner": "@Kim", "due": D(2019, 6, 1)},
            events=(StatusChange(date=D(2019, 1, 1), by="=x", status="being-progressed"),
                    *(Comment(date=D(2019, 2, 1), by="x", text=text) for text in FORMULAS),
                    FieldChange(date=D(2019, 3, 1), by="x", field="owner", value="-Jo",
                                reason="moved"),
                    EvidenceAdded(date=D(2019, 4, 1), by="x", name="report.pdf",
                                  sha256="ab" * 32, size=10)),
        ),
        Recommendation(
            id=9,
            header={"title": "Closed \x07 bell"},
            events=(StatusChange(date=D(2018, 1, 1), by="x", status="awaiting-review"),
                    StatusChange(date=D(2018, 1, 31), by="x", status="complete")),
        ),
    ]  # fmt: skip


def sheets(data: bytes) -> tuple[Worksheet, Worksheet]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Recommendations", "Events"]
    first, second = book["Recommendations"], book["Events"]
    assert isinstance(first, Worksheet) and isinstance(second, Worksheet)
    return first, second


def values(sheet: Worksheet) -> list[list[object]]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_recommendations_sheet_has_real_dates_a_frozen_filtered_header() -> None:
    """The CSV's columns; dates are date cells; the header row is frozen and filtered."""
    first, _ = sheets(export_xlsx(recs(), workflow=DEFAULT_WORKFLOW, today=TODAY, title="T"))
    rows = values(first)
    assert rows[0] == list(COLUMNS)
    assert first.freeze_panes == "A2"
    assert first.auto_filter.ref == "A1:K3"
    assert rows[1][0] == 3 and rows[1][6] == dt.datetime(2019, 6, 1)
    assert rows[1][7:10] == [dt.datetime(2019, 1, 1), dt.datetime(2019, 4, 1), 365]
    due = first["G2"]
    assert isinstance(due, openpyxl.cell.Cell)
    assert due.is_date and due.number_format == "yyyy-mm-dd"
    assert rows[2][:2] == [9, None] and rows[2][9:] == [30, "no"]


def test_overdue_rows_are_filled_and_marked_in_words() -> None:
    """An overdue row is filled and says `yes`; others are neither."""
    first, _ = sheets(export_xlsx(recs(), workflow=DEFAULT_WORKFLOW, today=TODAY, title="T"))
    overdue, closed = list(first.iter_rows(min_row=2, max_row=3))
    assert overdue[-1].value == "yes" and closed[-1].value == "no"
    assert {cell.fill.fgColor.rgb for cell in overdue} == {"FFF4CCCC"}
    assert all(cell.fill.fill_type is None for cell in closed)


def test_text_that_looks_like_a_formula_stays_text() -> None:
    """`=`, `+`, `-` and `@` at the start: text cells with a quote prefix, never formulas."""
    data = export_xlsx(recs(), workflow=DEFAULT_WORKFLOW, today=TODAY, title="T")
    first, events = sheets(data)
    cells = [*first[2], *(cell for row in events.iter_rows(min_row=2) for cell in row)]
    texts = [cell for cell in cells if isinstance(cell.value, str) and cell.value[0] in "=+-@"]
    assert {cell.value for cell in texts} >= {*FORMULAS, "=cmd|' /C calc'!A0", "=x", "-Jo"}
    for cell in texts:
        assert cell.data_type == "s", cell.value
        assert cell.quotePrefix, cell.value
    formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    for sheet in formulas.worksheets:
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert b"<f>" not in b"".join(_parts(data))


def _parts(data: bytes) -> list[bytes]:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [archive.read(name) for name in archive.namelist()]


def test_events_sheet_lists_every_event_in_order() -> None:
    """id, event number, date, by, kind, then status, text, field, value and reason."""
    _, events = sheets(export_xlsx(recs(), workflow=DEFAULT_WORKFLOW, today=TODAY, title="T"))
    rows = values(events)
    assert rows[0] == list(EVENT_COLUMNS)
    assert events.freeze_panes == "A2" and events.auto_filter.ref == "A1:J11"
    assert rows[1] == [3, 1, dt.datetime(2019, 1, 1), "=x", "status", "being-progressed", None, None, None, None]  # fmt: skip
    assert rows[2][4:7] == ["comment", None, FORMULAS[0]]
    assert rows[7][4:] == ["set", None, None, "owner", "-Jo", "moved"]
    assert rows[8][4:7] == ["evidence", None, "report.pdf (sha256 " + "ab" * 32 + ")"]
    assert [row[:2] for row in rows[9:]] == [[9, 1], [9, 2]]


def test_characters_a_workbook_cannot_hold_are_replaced_and_long_text_cut() -> None:
    """Control characters become U+FFFD; text past Excel's cell limit is cut with a note."""
    long = Recommendation(id=1, header={"title": "x" * (CELL_MAX + 10)},
                          events=(StatusChange(date=D(2019, 1, 1), by="x", status="complete"),))  # fmt: skip
    first, _ = sheets(export_xlsx([*recs(), long], workflow=DEFAULT_WORKFLOW, today=TODAY, title="T"))  # fmt: skip
    assert first["D3"].value == "Closed \ufffd bell"
    title = first["D4"].value
    assert isinstance(title, str) and len(title) == CELL_MAX
    assert title.endswith("(cut: the full text is in the ledger)")


@settings(max_examples=50, deadline=None)
@given(
    text=st.text(
        st.characters(exclude_categories=["Cs"]) | st.sampled_from("\ufffe\r="),
        min_size=1,
        max_size=60,
    )
)
def test_any_text_reads_back_as_text(text: str) -> None:
    """Whatever a comment says, the cell reads back as that text (controls replaced, line
    ends as line feeds)."""
    one = Recommendation(id=1, header={"title": "t"}, events=(
        Comment(date=D(2019, 1, 1), by="x", text=text),))  # fmt: skip
    _, events = sheets(export_xlsx([one], workflow=DEFAULT_WORKFLOW, today=TODAY, title="T"))
    value = events["G2"].value
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = {*map(chr, range(32)), "\ufffe", "\uffff"} - {"\t", "\n"}
    expected = "".join("\ufffd" if c in bad else c for c in lines)
    assert value == expected
    assert events["G2"].data_type == "s"


def test_rec_export_writes_a_workbook_to_a_file_or_a_pipe(
    ledger_with_rec: Path, tmp_path: Path
) -> None:
    """--output FILE writes the workbook; without it, stdout gets the bytes when it is no
    terminal."""
    out = tmp_path / "board.xlsx"
    result = rec(ledger_with_rec, "export", "--format", "xlsx", "--output", str(out))
    assert result.exit_code == 0, result.output
    first, _ = sheets(out.read_bytes())
    assert first["D2"].value == "Map organised crime groups"
    piped = rec(ledger_with_rec, "export", "--format", "xlsx")
    assert piped.exit_code == 0 and piped.stdout_bytes.startswith(b"PK\x03\x04")
    assert sheets(piped.stdout_bytes)[0]["D2"].value == "Map organised crime groups"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses a Linux pty")
def test_rec_export_will_not_write_a_workbook_to_a_terminal(ledger_with_rec: Path) -> None:
    """A workbook on a terminal is noise: a usage error asking for --output."""
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "rec"), "export", "--format", "xlsx"],
            cwd=ledger_with_rec, stdout=follower, stderr=subprocess.PIPE, timeout=60,
        )  # fmt: skip
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2
    assert done.stderr == b"rec: error: an xlsx file is not for a terminal: give --output FILE\n"
