"""Reading a spreadsheet tracker: one row per recommendation (docs/import-export.md).

Columns are matched by name, case-insensitively: id, title, text, report, number, status,
owner, due, tags and opened (the date of the first status). `--map COLUMN=FIELD` renames
other columns; columns neither known nor mapped are ignored (a `rec export --format csv`
file, with its derived columns, imports as it is; the `'` its export puts before a
formula-like cell is taken off again). Every row is checked first: one bad
row refuses the file, with every bad row named by its number (the header is row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from rectrack.domain.dates import parse_date
from rectrack.domain.identifiers import FIELD_NAME, parse_id
from rectrack.domain.text import unguard_cell
from rectrack.domain.workflow import Workflow
from rectrack.errors import ImportFormatError, ImportRowsInvalid, InvalidDate, InvalidId
from rectrack.importers.tracker import derive_title

KNOWN = ("id", "title", "text", "report", "number", "status", "owner", "due", "tags", "opened")
_RESERVED = {"events", "status", "id", "opened"}
_SHOWN_ERRORS = 5


@dataclass(frozen=True, kw_only=True)
class Row:
    """One checked spreadsheet row."""

    row: int
    rec_id: int | None
    header: dict[str, Any]
    status: str
    opened: dt.date


def _values(fields: list[str | None], cells: list[str]) -> dict[str, str]:
    """The row's non-empty cells by field (a guard `'` from rec's own export taken off)."""
    pairs = zip(fields, cells, strict=False)
    return {field: unguard_cell(cell.strip()) for field, cell in pairs if field and cell.strip()}


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    """`--map` options (`Column name=field`) as {column (casefolded): field}."""
    mapping = {}
    for pair in pairs:
        column, sep, target = pair.partition("=")
        target = target.strip()
        if not sep or not column.strip() or not (target in KNOWN or FIELD_NAME.fullmatch(target)):
            raise ImportFormatError(
                source="--map", detail=f"{pair!r} is not COLUMN=FIELD (FIELD e.g. title, owner)"
            )
        mapping[column.strip().casefold()] = target
    return mapping


def parse_rows(
    text: str, *, source: str, mapping: dict[str, str], workflow: Workflow, today: dt.date
) -> list[Row]:
    """Every row, checked; ImportRowsInvalid naming each bad row if any is bad."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        names = next(reader)
    except StopIteration:
        raise ImportFormatError(source=source, detail="the file is empty") from None
    except csv.Error as error:
        raise ImportFormatError(source=source, detail=f"row 1: {error}") from None
    fields = [_target(name, mapping) for name in names]
    if "title" not in fields and "text" not in fields:
        raise ImportFormatError(source=source, detail="no `title` or `text` column (see --map)")
    rows: list[Row] = []
    errors: list[str] = []
    seen: set[int] = set()
    for number, cells in enumerate(_cells(reader, source), start=2):
        if not any(cell.strip() for cell in cells):
            continue
        try:
            if len(cells) > len(names):
                raise ImportFormatError(
                    source="", detail=f"{len(cells)} cells but the header has {len(names)}"
                )
            values = _values(fields, cells)
            row = _row(values, number=number, workflow=workflow, today=today)
            if row.rec_id is not None and row.rec_id in seen:
                raise ImportFormatError(source="", detail=f"id {row.rec_id} appears twice")
        except (ImportFormatError, InvalidDate, InvalidId) as error:
            detail = error.details.get("detail") if isinstance(error, ImportFormatError) else None
            errors.append(f"row {number}: {detail or error}")
            continue
        if row.rec_id is not None:
            seen.add(row.rec_id)
        rows.append(row)
    if errors:
        raise _refusal(errors, source=source)
    return rows


def _refusal(errors: list[str], *, source: str) -> ImportRowsInvalid:
    shown = "; ".join(errors[:_SHOWN_ERRORS])
    more = f"; and {len(errors) - _SHOWN_ERRORS} more" if len(errors) > _SHOWN_ERRORS else ""
    return ImportRowsInvalid(source=source, count=len(errors), rows=shown + more)


def _cells(reader: Any, source: str) -> list[list[str]]:
    try:
        return list(reader)
    except csv.Error as error:
        raise ImportFormatError(source=source, detail=f"row {reader.line_num}: {error}") from None


def _target(name: str, mapping: dict[str, str]) -> str | None:
    key = name.strip().casefold()
    if key in mapping:
        return mapping[key]
    return key if key in KNOWN else None


def _row(values: dict[str, str], *, number: int, workflow: Workflow, today: dt.date) -> Row:
    status = values.pop("status", workflow.initial)
    if status not in workflow.statuses:
        _unknown(status, workflow)
    rec_id = parse_id(values.pop("id")) if "id" in values else None
    opened_text = values.pop("opened", None)
    opened = parse_date(opened_text, today=today) if opened_text else today
    header: dict[str, Any] = {}
    for name, value in values.items():
        if name in _RESERVED:
            continue
        if name == "due":
            header[name] = parse_date(value, today=today)
        elif name == "tags":
            header[name] = tuple(tag.strip() for tag in value.split(",") if tag.strip())
        else:
            header[name] = value
    if not header.get("title"):
        if not header.get("text"):
            raise ImportFormatError(source="", detail="no title and no text")
        header["title"] = derive_title(header["text"])
    return Row(row=number, rec_id=rec_id, header=header, status=status, opened=opened)


def _unknown(status: str, workflow: Workflow) -> None:
    raise ImportFormatError(
        source="",
        detail=f"unknown status {status!r} (add it to workflow.statuses in rectrack.yaml, "
        f"or use one of {', '.join(workflow.statuses)})",
    )
