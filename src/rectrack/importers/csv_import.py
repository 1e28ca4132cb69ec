"""Reading a spreadsheet saved as CSV: strictly, then mapped as any sheet (`spreadsheet`).

Strict, because a loose CSV reader hides damage: an unclosed quote would swallow every
row after it into one multi-line cell. So a quote left open, a stray quote in a quoted
cell, or a row with more or fewer cells than the header is an error naming the row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from rectrack.domain.text import unguard_cell
from rectrack.domain.workflow import Workflow
from rectrack.errors import ImportFormatError
from rectrack.importers.sheet_cells import Cell, is_blank
from rectrack.importers.spreadsheet import (
    Row,
    SheetMapping,
    Table,
    find_header,
    read_table,
    rows_label,
)

__all__ = ["Row", "csv_table", "read_csv"]

_EXPLAINED = {
    "unexpected end of data": 'a quoted cell is never closed (a " is missing)',
    "',' expected after '\"'": 'a " inside a quoted cell must be doubled ("") or the cell closed',
}


def read_csv(
    text: str, *, source: str, mapping: SheetMapping, workflow: Workflow, today: dt.date
) -> list[Row]:
    """Every row of a CSV file, checked (see `spreadsheet.read_table`)."""
    table = csv_table(text, source=source, mapping=mapping)
    return read_table(table, source=source, mapping=mapping, workflow=workflow, today=today)


def csv_table(text: str, *, source: str, mapping: SheetMapping) -> Table:
    """The file's rows, numbered as a spreadsheet shows them; refused if any is malformed."""
    records = _records(text.removeprefix("\ufeff"), source=source)
    if not any(not all(map(is_blank, cells)) for _, cells in records):
        raise ImportFormatError(source=source, detail="the file is empty")
    table = Table(rows=records)
    header_at, _ = find_header(table, source=source, mapping=mapping)
    width = len(records[header_at][1])
    ragged = [
        (number, len(cells))
        for number, cells in records[header_at + 1 :]
        if len(cells) != width and not all(map(is_blank, cells))
    ]
    if ragged:
        counts = sorted({count for _, count in ragged})
        raise ImportFormatError(
            source=source,
            detail=f"{rows_label([n for n, _ in ragged])}: "
            f"{' or '.join(map(str, counts))} cells where the header has {width} "
            "(a comma too many or too few, or a quote left open?)",
        )
    return table


def _records(text: str, *, source: str) -> list[tuple[int, list[Cell]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[Cell]]] = []
    while True:
        number = len(records) + 1
        try:
            cells = next(reader)
        except StopIteration:
            return records
        except csv.Error as error:
            reason = _EXPLAINED.get(str(error), str(error))
            raise ImportFormatError(source=source, detail=f"row {number}: {reason}") from None
        # The `'` rec's own CSV export puts before a formula-like cell is taken off again.
        records.append((number, [unguard_cell(cell) for cell in cells]))
