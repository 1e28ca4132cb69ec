"""One recommendation per spreadsheet row, the same for CSV files and Excel workbooks.

Columns are matched by name, ignoring case and spacing: id, title, text (or
`Recommendation`), report, number, status, owner, due, tags (comma-separated), opened
(the date of the first status) and comment (a comment after the first status, e.g.
`--map "Action taken=comment"`). `--map COLUMN=FIELD` names any other column; columns
neither known nor mapped are ignored. Statuses are the ledger's (case and spaces aside)
or mapped with `--status-map VALUE=STATUS`. The header is the first row naming a title or
text column, so a title above it is skipped. Every row is checked first and every problem
reported at once, rows numbered as the user sees them (a CSV's header is row 1).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rectrack.domain.identifiers import FIELD_NAME, parse_id
from rectrack.domain.workflow import Workflow
from rectrack.errors import ImportFormatError, ImportRowsInvalid, InvalidDate, InvalidId
from rectrack.importers.sheet_cells import Cell, cell_date, cell_text, is_blank
from rectrack.importers.tracker import derive_title

KNOWN = ("id", "title", "text", "report", "number", "status", "owner", "due", "tags", "opened",
         "comment")  # fmt: skip
ALIASES = {"recommendation": "text"}  # what councils' trackers call the text
_NEEDED = ("title", "text")
_RESERVED = {"events", "status", "id", "opened", "comment"}  # not header fields
_HEADER_SEARCH = 20  # rows looked at for the header, past a title or notes above it
_SHOWN_ERRORS = 10


@dataclass(frozen=True, kw_only=True)
class SheetMapping:
    """How a sheet's columns and values become rectrack's fields (`--map`, `--status-map`)."""

    columns: Mapping[str, str] = field(default_factory=dict)  # column name (folded) -> field
    statuses: Mapping[str, str] = field(default_factory=dict)  # value (folded) -> status
    month_first: bool = False  # 01/02/26 is 2 January, not 1 February


@dataclass(frozen=True, kw_only=True)
class Table:
    """A sheet's rows as read, each with its number as the user sees it."""

    rows: Sequence[tuple[int, Sequence[Cell]]]
    where: str = ""  # e.g. "sheet 'Tracker'", for messages


@dataclass(frozen=True, kw_only=True)
class Row:
    """One checked spreadsheet row."""

    row: int
    rec_id: int | None
    header: dict[str, Any]
    status: str
    opened: dt.date
    comment: str | None = None  # a comment to add after the first status


def fold(name: str) -> str:
    """A column name or value as it is matched: case and spacing ignored."""
    return " ".join(name.split()).casefold()


def parse_mapping(pairs: Sequence[str]) -> dict[str, str]:
    """`--map` options (`Column name=field`) as {column (folded): field}."""
    mapping = {}
    for pair in pairs:
        column, sep, target = pair.partition("=")
        target = target.strip()
        if not sep or not column.strip() or not (target in KNOWN or FIELD_NAME.fullmatch(target)):
            raise ImportFormatError(
                source="--map", detail=f"{pair!r} is not COLUMN=FIELD (FIELD e.g. title, owner)"
            )
        mapping[fold(column)] = target
    return mapping


def parse_status_mapping(pairs: Sequence[str]) -> dict[str, str]:
    """`--status-map` options (`Green=complete`) as {value (folded): status}."""
    mapping = {}
    for pair in pairs:
        value, sep, status = pair.rpartition("=")
        if not sep or not value.strip() or not status.strip():
            raise ImportFormatError(
                source="--status-map", detail=f"{pair!r} is not VALUE=STATUS (e.g. Green=complete)"
            )
        mapping[fold(value)] = status.strip()
    return mapping


def read_table(
    table: Table, *, source: str, mapping: SheetMapping, workflow: Workflow, today: dt.date
) -> list[Row]:
    """Every row, checked; ImportRowsInvalid naming every bad row and unmapped status."""
    _check_status_targets(mapping, workflow)
    header_at, fields = find_header(table, source=source, mapping=mapping)
    reader = _RowReader(fields=fields, mapping=mapping, workflow=workflow, today=today)
    for number, cells in table.rows[header_at + 1 :]:
        if not all(is_blank(cell) for cell in cells):
            reader.read(number, cells)
    reader.check(source)
    return reader.rows


def find_header(
    table: Table, *, source: str, mapping: SheetMapping
) -> tuple[int, list[str | None]]:
    """(index of the header row, each column's field): the first row naming a text column.

    Only rows of one cell (a sheet's title, a note, a merged banner) may come before it: a
    row of several cells without a text column is the header, missing that column."""
    names: list[str] = []
    filled_rows = (
        (i, cells) for i, (_, cells) in enumerate(table.rows) if not all(map(is_blank, cells))
    )
    for index, cells in itertools.islice(filled_rows, _HEADER_SEARCH):
        filled = [cell_text(cell) for cell in cells if not is_blank(cell)]
        fields = [_target(cell_text(cell), mapping) for cell in cells]
        if any(name in fields for name in _NEEDED):
            _check_unique(cells, fields, source=source)
            return index, fields
        names = names or filled
        if len(filled) > 1:
            names = filled
            break
    where = f"{table.where} has " if table.where else ""
    shown = ", ".join(repr(name) for name in names) or "none"
    raise ImportFormatError(
        source=source,
        detail=f"{where}no `title`, `text` or `recommendation` column (see --map); "
        f"the columns are: {shown}",
        columns=tuple(names),
    )


def _target(name: str, mapping: SheetMapping) -> str | None:
    key = fold(name)
    if key in mapping.columns:
        return mapping.columns[key]
    return key if key in KNOWN else ALIASES.get(key)


def _check_unique(cells: Sequence[Cell], fields: list[str | None], *, source: str) -> None:
    seen: dict[str, str] = {}
    for cell, name in zip(cells, fields, strict=True):
        if name is None:
            continue
        if name in seen:
            raise ImportFormatError(
                source=source,
                detail=f"columns {seen[name]!r} and {cell_text(cell)!r} both give `{name}`: "
                "keep one (or --map one of them to another field)",
            )
        seen[name] = cell_text(cell)


def _check_status_targets(mapping: SheetMapping, workflow: Workflow) -> None:
    for value, status in mapping.statuses.items():
        if status not in workflow.statuses:
            raise ImportFormatError(
                source="--status-map",
                detail=f"{value}={status}: {status!r} is not a status of this ledger "
                f"(statuses: {', '.join(workflow.statuses)})",
            )


def rows_label(numbers: Sequence[int]) -> str:
    """`row 3`, `rows 3, 5`, `rows 3-7, 9`: row numbers in as few words as they take."""
    spans: list[list[int]] = []
    for number in sorted(set(numbers)):
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    words = [f"{a}" if a == b else f"{a}-{b}" for a, b in spans]
    return ("row " if len(set(numbers)) == 1 else "rows ") + ", ".join(words)


class _RowReader:
    """Reads rows one at a time, keeping the good ones and every problem."""

    def __init__(
        self, *, fields: list[str | None], mapping: SheetMapping, workflow: Workflow, today: dt.date
    ) -> None:
        self.fields, self.mapping, self.workflow, self.today = fields, mapping, workflow, today
        self.rows: list[Row] = []
        self.problems: list[tuple[int, str]] = []
        self.unknown: dict[str, tuple[str, list[int]]] = {}  # folded value -> (as written, rows)
        self.seen_ids: set[int] = set()

    def read(self, number: int, cells: Sequence[Cell]) -> None:
        values = {f: c for f, c in zip(self.fields, cells, strict=False) if f and not is_blank(c)}
        status = self._status(values.pop("status", None), number)
        try:
            row = self._row(values, number=number, status=status)
        except (ImportFormatError, InvalidDate, InvalidId) as error:
            detail = error.details.get("detail") if isinstance(error, ImportFormatError) else None
            self.problems.append((number, f"row {number}: {detail or error}"))
            return
        if row.rec_id is not None:
            self.seen_ids.add(row.rec_id)
        if status is not None:
            self.rows.append(row)

    def _status(self, cell: Cell, number: int) -> str | None:
        """The row's status; None (and noted) for a value neither a status nor mapped."""
        if is_blank(cell):
            return self.workflow.initial
        written = cell_text(cell)
        key = fold(written)
        if key in self.mapping.statuses:
            return self.mapping.statuses[key]
        for status in self.workflow.statuses:
            if fold(status.replace("-", " ")) == fold(re.sub(r"[-_]", " ", written)):
                return status
        self.unknown.setdefault(key, (written, []))[1].append(number)
        return None

    def _row(self, values: dict[str, Cell], *, number: int, status: str | None) -> Row:
        rec_id = parse_id(cell_text(values.pop("id"))) if "id" in values else None
        if rec_id is not None and rec_id in self.seen_ids:
            raise ImportFormatError(source="", detail=f"id {rec_id} appears twice")
        opened_cell = values.pop("opened", None)
        opened = self._date(opened_cell) if opened_cell is not None else self.today
        comment = cell_text(values.pop("comment")) if "comment" in values else None
        header: dict[str, Any] = {}
        for name, cell in values.items():
            if name in _RESERVED:
                continue
            if name == "due":
                header[name] = self._date(cell)
            elif name == "tags":
                header[name] = tuple(t.strip() for t in cell_text(cell).split(",") if t.strip())
            else:
                header[name] = cell_text(cell)
        if not header.get("title"):
            if not header.get("text"):
                raise ImportFormatError(source="", detail="no title and no text")
            header["title"] = derive_title(header["text"])
        header["title"] = " ".join(header["title"].split())
        return Row(row=number, rec_id=rec_id, header=header, status=status or "", opened=opened,
                   comment=comment)  # fmt: skip

    def _date(self, cell: Cell) -> dt.date:
        return cell_date(cell, month_first=self.mapping.month_first, today=self.today)

    def check(self, source: str) -> None:
        """Raise ImportRowsInvalid if any row was bad: every problem, in row order."""
        problems = sorted(self.problems)[:_SHOWN_ERRORS]
        problems += [
            (rows[0], f"{rows_label(rows)}: unknown status {written!r}")
            for written, rows in self.unknown.values()
        ]
        if not problems:
            return
        bad_rows = {n for n, _ in self.problems} | {n for _, r in self.unknown.values() for n in r}
        text = "; ".join(message for _, message in sorted(problems))
        if len(self.problems) > _SHOWN_ERRORS:
            text += f"; and {len(self.problems) - _SHOWN_ERRORS} more"
        if self.unknown:
            text += (
                " (map a value with --status-map VALUE=STATUS, or add it to workflow.statuses "
                f"in rectrack.yaml; statuses: {', '.join(self.workflow.statuses)})"
            )
        raise ImportRowsInvalid(source=source, count=len(bad_rows), rows=text)
