"""Planning the import of a spreadsheet (CSV or Excel) or a JSON export: one Plan per row
or recommendation, checked like pages (import_plans.py) before anything is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rectrack.app.import_plans import Plan, Problems, check_statuses, read_source, read_text
from rectrack.domain.events import Comment, Event, StatusChange
from rectrack.domain.workflow import Workflow
from rectrack.importers import json_import
from rectrack.importers.spreadsheet import (
    Row,
    SheetMapping,
    parse_mapping,
    parse_status_mapping,
)


@dataclass(frozen=True, kw_only=True)
class SheetOptions:
    """How a sheet is read: `--map`, `--status-map`, `--month-first`, `--sheet`."""

    columns: Sequence[str] = field(default_factory=tuple)  # COLUMN=FIELD
    statuses: Sequence[str] = field(default_factory=tuple)  # VALUE=STATUS
    month_first: bool = False
    sheet: str | None = None  # an Excel workbook's sheet (default: the one it opens on)

    def mapping(self) -> SheetMapping:
        return SheetMapping(
            columns=parse_mapping(list(self.columns)),
            statuses=parse_status_mapping(list(self.statuses)),
            month_first=self.month_first,
        )


def plan_sheet(
    path: Path, *, options: SheetOptions, workflow: Workflow, by: str, today: dt.date,
    excel: bool,
) -> list[Plan]:  # fmt: skip
    """One plan per row of a CSV file or an Excel workbook's sheet; any bad row refuses it.

    A row's status is its first event, dated by its `opened` column (default today), and
    a column mapped to `comment` becomes a comment on that date.
    """
    mapping = options.mapping()
    if excel:
        from rectrack.importers.xlsx_import import read_xlsx

        rows = read_xlsx(read_source(path), source=path.name, sheet=options.sheet,
                         mapping=mapping, workflow=workflow, today=today)  # fmt: skip
    else:
        from rectrack.importers.csv_import import read_csv

        rows = read_csv(read_text(path), source=path.name, mapping=mapping, workflow=workflow,
                        today=today)  # fmt: skip
    return [_row_plan(row, source=path.name, by=by) for row in rows]


def _row_plan(row: Row, *, source: str, by: str) -> Plan:
    events: list[Event] = [StatusChange(date=row.opened, by=by, status=row.status)]
    if row.comment:
        events.append(Comment(date=row.opened, by=by, text=row.comment))
    report, number = row.header.get("report"), row.header.get("number")
    return Plan(
        source=f"{source} row {row.row}", mode="row", header=row.header, events=tuple(events),
        key=("row", report, number) if report and number else None, rec_id=row.rec_id,
        what=f"row {row.row}",
    )  # fmt: skip


def plan_json(path: Path, *, workflow: Workflow, problems: Problems) -> list[Plan]:
    """One plan per recommendation of a `rec export --format json` file."""
    records = json_import.parse_export(read_text(path), source=path.name)
    plans = [
        Plan(source=f"{path.name} #{record.rec_id}", mode="export", header=record.header,
             events=record.events, rec_id=record.rec_id)
        for record in records
    ]  # fmt: skip
    check_statuses(workflow, plans, problems)
    return plans
