"""`rec export --format xlsx`: an Excel workbook, for people whose trackers are spreadsheets.

Two sheets. `Recommendations`: the CSV export's columns, one row per recommendation,
dates as real date cells, the header row frozen, an autofilter, and overdue rows filled
as well as marked `yes` in the `overdue` column (a fill alone is lost on a black-and-white
printout and to screen readers). `Events`: every event of every recommendation in order
(id, event number, date, by, kind, then its status, text, field, value and reason).

Everything from the ledger is data, never a formula: text starting with `=`, `+`, `-` or
`@` (what a spreadsheet would run) is a text cell with Excel's quote prefix, so it stays
text even when someone edits the cell. Characters no workbook may hold (control
characters) become U+FFFD, line ends are `\n`, and text longer than a cell holds is cut
with a note. openpyxl
is imported here only, when an xlsx export is asked for; it writes in streaming mode.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from rectrack.domain.events import Comment, Event, EvidenceAdded, FieldChange, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.stats import days_open
from rectrack.domain.workflow import Workflow
from rectrack.exporters.csv_export import COLUMNS

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

#: A write-only sheet (openpyxl's stubs leave out what it copies from Worksheet).
Sheet = Any

EVENT_COLUMNS = ("id", "event", "date", "by", "kind", "status", "text", "field", "value",
                 "reason")  # fmt: skip
#: Excel's limit on the characters in one cell.
CELL_MAX = 32_767
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not XML 1.0 characters
_DATE_FORMAT = "yyyy-mm-dd"
_OVERDUE_FILL = "FFF4CCCC"  # a light red a black-and-white print shows as light grey
_WIDTHS = {"title": 60, "text": 80, "report": 30, "status": 18, "owner": 20, "by": 20}


def export_xlsx(recs: Sequence[Recommendation], *, workflow: Workflow, today: dt.date,
                title: str) -> bytes:  # fmt: skip
    """The workbook's bytes."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    book.properties.title = title
    sheet = _sheet(book.create_sheet("Recommendations"), COLUMNS, rows=len(recs))
    for rec in recs:
        sheet.append(_rec_row(sheet, rec, workflow=workflow, today=today))
    events = _sheet(book.create_sheet("Events"), EVENT_COLUMNS,
                    rows=sum(len(rec.events) for rec in recs))  # fmt: skip
    for rec in recs:
        for number, event in enumerate(rec.events, 1):
            events.append(_event_row(events, rec.id, number, event))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(sheet: Sheet, columns: Sequence[str], *, rows: int) -> Sheet:
    """A sheet with its header row frozen and filtered, and its columns sized."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for index, name in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 12)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{rows + 1}"
    sheet.append([_cell(sheet, name, font=Font(bold=True)) for name in columns])
    return sheet


def _rec_row(sheet: Sheet, rec: Recommendation, *, workflow: Workflow,
             today: dt.date) -> list[Cell]:  # fmt: skip
    overdue = rec.is_overdue(today=today, final=workflow.final)
    values = (
        rec.id, rec.state.get("number"), rec.state.get("report"), rec.title, rec.status,
        rec.owner, rec.due, rec.state.opened, rec.state.last_activity,
        days_open(rec, workflow=workflow, today=today), "yes" if overdue else "no",
    )  # fmt: skip
    fill = None
    if overdue:
        from openpyxl.styles import PatternFill

        fill = PatternFill(fill_type="solid", start_color=_OVERDUE_FILL, end_color=_OVERDUE_FILL)
    return [_cell(sheet, value, fill=fill) for value in values]


def _event_row(sheet: Sheet, rec_id: int, number: int,
               event: Event) -> list[Cell]:  # fmt: skip
    values: list[Any] = [rec_id, number, event.date, event.by, event.kind]
    values += list(_event_fields(event))
    return [_cell(sheet, value) for value in values]


def _event_fields(event: Event) -> Iterator[Any]:
    """(status, text, field, value, reason) of one event."""
    yield event.status if isinstance(event, StatusChange) else None
    if isinstance(event, Comment):
        yield event.text
    elif isinstance(event, EvidenceAdded):
        yield f"{event.name} ({event.url or 'sha256 ' + event.sha256})"
    else:
        yield None
    if isinstance(event, FieldChange):
        value = event.value
        yield event.field
        yield ", ".join(value) if isinstance(value, tuple | list) else value
        yield event.reason
    else:
        yield from (None, None, None)


def _cell(sheet: Sheet, value: Any, **style: Any) -> Cell:
    """One cell: dates as dates, numbers as numbers, everything else as text, never a formula."""
    from openpyxl.cell import WriteOnlyCell

    if value is None or isinstance(value, bool):
        cell = WriteOnlyCell(sheet, value=None if value is None else str(value).lower())
    elif isinstance(value, int | float | dt.date):
        cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]  # dates are fine
        if isinstance(value, dt.date):
            cell.number_format = _DATE_FORMAT
    else:
        text = _text(str(value))
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # as written; openpyxl would take `=...` for a formula
        if text.startswith(FORMULA_START):
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    for name, setting in style.items():
        if setting is not None:
            setattr(cell, name, setting)
    return cell


def _text(text: str) -> str:
    # XML reads a carriage return as a line feed: write line ends as they will read back.
    text = _ILLEGAL.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))
    if len(text) <= CELL_MAX:
        return text
    note = " … (cut: the full text is in the ledger)"
    return text[: CELL_MAX - len(note)] + note
