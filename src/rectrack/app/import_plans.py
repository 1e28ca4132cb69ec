"""Planning an import: files read and checked into Plans, before anything is written.

The readers in `rectrack.importers` turn text into records; this module turns those into
Plans (one recommendation each, with how to recognise it on a later import) and checks
every plan against the ledger's workflow, so one bad file refuses the whole run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from rectrack.domain.events import Comment, Event, StatusChange
from rectrack.errors import ImportUnknownStatus, SourceUnreadable
from rectrack.importers import csv_import, json_import, tracker
from rectrack.store.paths import Ledger

#: Import files larger than this are refused before reading (a wrong file, not a tracker).
MAX_SOURCE_BYTES = 64 * 1024 * 1024
Mode = Literal["page", "row", "export"]


@dataclass(frozen=True, kw_only=True)
class Plan:
    """One recommendation to bring in: its header, its events, and how to recognise it."""

    source: str  # for messages: a file name, with a row or item where useful
    file: str  # the file's name, for commit messages
    mode: Mode
    header: dict[str, Any]
    events: tuple[Event, ...]
    rec_id: int | None = None
    what: str = ""  # what the file calls it, e.g. "recommendation 5"
    lines: tuple[int | None, ...] = field(default=())  # where each event came from


def read_source(path: Path) -> str:
    """A source file's text (UTF-8, a byte-order mark allowed), or SourceUnreadable."""
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise SourceUnreadable(path=path, reason=f"it is over {MAX_SOURCE_BYTES} bytes")
        data = path.read_bytes()
    except OSError as error:
        raise SourceUnreadable(path=path, reason=error.strerror or str(error)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceUnreadable(path=path, reason=f"not UTF-8 text (byte {error.start})") from None


def plan_pages(ledger: Ledger, *, paths: Sequence[Path], by: str, report: str | None) -> list[Plan]:
    """One plan per tracker page; every page is read and checked before any is imported."""
    plans = []
    for path in paths:
        page = tracker.parse_page(read_source(path), source=path.name)
        header: dict[str, Any] = {"title": page.title, "text": page.text, "report": report}
        header |= {"number": page.number, "kind": page.kind}
        header |= {"section": page.section, "concern": page.concern}
        events: list[Event] = []
        for item in page.events:
            if item.status is not None:
                events.append(StatusChange(date=item.date, by=by, status=item.status))
            else:
                events.append(Comment(date=item.date, by=by, text=item.comment or ""))
        plans.append(
            Plan(source=path.name, file=path.name, mode="page", header=header, events=tuple(events),
                 what=f"{page.kind} {page.number}", lines=tuple(e.line for e in page.events))
        )  # fmt: skip
    _check_statuses(ledger, plans)
    return plans


def plan_csv(
    ledger: Ledger, *, path: Path, mapping: dict[str, str], by: str, today: dt.date
) -> list[Plan]:
    """One plan per spreadsheet row; any bad row refuses the whole file."""
    rows = csv_import.parse_rows(
        read_source(path), source=path.name, mapping=mapping, workflow=ledger.workflow,
        today=today,
    )  # fmt: skip
    return [
        Plan(source=f"{path.name} row {row.row}", file=path.name, mode="row", header=row.header,
             events=(StatusChange(date=row.opened, by=by, status=row.status),),
             rec_id=row.rec_id, what=f"row {row.row}")
        for row in rows
    ]  # fmt: skip


def plan_json(ledger: Ledger, *, path: Path) -> list[Plan]:
    """One plan per recommendation in a `rec export --format json` file."""
    records = json_import.parse_export(read_source(path), source=path.name)
    plans = [
        Plan(source=f"{path.name} #{record.rec_id}", file=path.name, mode="export",
             header=record.header, events=record.events, rec_id=record.rec_id)
        for record in records
    ]  # fmt: skip
    _check_statuses(ledger, plans)
    return plans


def _check_statuses(ledger: Ledger, plans: Sequence[Plan]) -> None:
    statuses = ledger.workflow.statuses
    for plan in plans:
        for index, event in enumerate(plan.events):
            if isinstance(event, StatusChange) and event.status not in statuses:
                line = plan.lines[index] if index < len(plan.lines) else None
                where = f"line {line}: " if line else f"event {index + 1}: "
                raise ImportUnknownStatus(
                    source=plan.source, where=where, status=event.status, valid=", ".join(statuses)
                )
