"""Reading an Excel workbook (`.xlsx`, `.xlsm`) from its bytes, mapped as any sheet.

openpyxl reads it streaming (`read_only`) and takes each formula's last computed value
(`data_only`), so a workbook reads as the user sees it, date cells as dates. What is not a
workbook is named for what it is: an empty file, text (a CSV renamed), an encrypted or
old-format file (Excel's password protection wraps the workbook in an OLE compound file,
the same container as a pre-2007 `.xls`), or a damaged one.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

from rectrack.domain.workflow import Workflow
from rectrack.errors import ImportFormatError
from rectrack.importers.sheet_cells import Cell
from rectrack.importers.spreadsheet import Row, SheetMapping, Table, read_table

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_xlsx(
    data: bytes, *, source: str, sheet: str | None = None, mapping: SheetMapping,
    workflow: Workflow, today: dt.date,
) -> list[Row]:  # fmt: skip
    """Every row of one sheet (default: the one the workbook opens on), checked."""
    table = xlsx_table(data, source=source, sheet=sheet)
    return read_table(table, source=source, mapping=mapping, workflow=workflow, today=today)


def xlsx_table(data: bytes, *, source: str, sheet: str | None = None) -> Table:
    """A sheet's rows as cells (Excel's dates as datetimes), numbered as Excel numbers them."""
    _check_container(data, source=source)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a damaged file fails deep in zipfile, XML or openpyxl itself
        raise _unreadable(source, error) from None
    try:
        worksheet = _worksheet(workbook, sheet, source=source)
        rows = _rows(worksheet, source=source)
    finally:
        workbook.close()
    return Table(rows=rows, where=f"sheet {worksheet.title!r}")


def _check_container(data: bytes, *, source: str) -> None:
    """Refuse what is plainly not an .xlsx, saying what it is instead."""
    if not data.strip():
        raise ImportFormatError(source=source, detail="the file is empty, not an Excel workbook")
    if data.startswith(_OLE):
        raise ImportFormatError(
            source=source,
            detail="a password-protected workbook or an old .xls: open it in Excel and save it "
            "as .xlsx without a password",
        )
    if not data.startswith(_ZIP):
        raise ImportFormatError(
            source=source, detail=f"not an Excel .xlsx workbook{_looks_like(data)}"
        )


def _looks_like(data: bytes) -> str:
    try:
        text = data[:4096].decode("utf-8-sig")
    except UnicodeDecodeError:
        return ""
    if "\x00" in text:
        return ""
    return " (it is text: a CSV file? import it with `rec import csv`)"


def _unreadable(source: str, error: Exception) -> ImportFormatError:
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    return ImportFormatError(
        source=source, detail=f"not a readable Excel .xlsx workbook ({reason[:120]})"
    )


def _worksheet(workbook: Workbook, name: str | None, *, source: str) -> ReadOnlyWorksheet:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    names = workbook.sheetnames
    if name is None:
        chosen = workbook.active if workbook.active is not None else workbook.worksheets[0]
    elif name in names:
        chosen = workbook[name]
    elif (folded := [n for n in names if n.casefold() == name.strip().casefold()]) and len(
        folded
    ) == 1:
        chosen = workbook[folded[0]]
    else:
        shown = ", ".join(repr(n) for n in names)
        raise ImportFormatError(source=source, detail=f"no sheet {name!r}; the sheets are {shown}")
    if not isinstance(chosen, ReadOnlyWorksheet):
        raise ImportFormatError(
            source=source, detail=f"sheet {chosen.title!r} is a chart, not a table"
        )
    return chosen


class _RowSource(Protocol):
    """What is used of a read-only sheet (its stub types `iter_rows` for the full Worksheet)."""

    def iter_rows(self, *, min_row: int, values_only: bool) -> Iterable[tuple[object, ...]]: ...


def _rows(worksheet: _RowSource, *, source: str) -> Sequence[tuple[int, Sequence[Cell]]]:
    try:
        # min_row=1: read-only sheets yield empty tuples for missing rows, so counting from
        # the first row gives each row its number in Excel.
        return [
            (number, tuple(_trim(cells)))
            for number, cells in enumerate(worksheet.iter_rows(min_row=1, values_only=True), 1)
        ]
    except Exception as error:  # damaged sheet XML surfaces only while rows are read
        raise _unreadable(source, error) from None


def _trim(cells: tuple[object, ...]) -> list[Cell]:
    """The row's cells, without the empty ones at its end (Excel pads to the widest row)."""
    values = [_cell(value) for value in cells]
    while values and (values[-1] is None or values[-1] == ""):
        values.pop()
    return values


def _cell(value: object) -> Cell:
    """A cell's value as the mapping layer takes it; anything unexpected as its text."""
    if value is None or isinstance(value, str | int | float | dt.datetime | dt.date | dt.time):
        return value
    return str(value)
