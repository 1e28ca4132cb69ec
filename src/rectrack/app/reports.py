"""Use cases that read the ledger and produce a document or figures: export and stats."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from rectrack.app.views import view_ledger
from rectrack.domain.query import PointInTime, RecFilter
from rectrack.domain.stats import LedgerStats, compute
from rectrack.domain.workflow import Workflow
from rectrack.store.paths import Ledger

Format = Literal["json", "csv", "md", "html", "xlsx"]
FORMATS: tuple[Format, ...] = ("json", "csv", "md", "html", "xlsx")
#: Formats whose documents are bytes, not text (they never go to a terminal).
BINARY_FORMATS: tuple[Format, ...] = ("xlsx",)


@dataclass(frozen=True, kw_only=True)
class Export:
    """A document, and the line naming what it was built from when it had no room for it."""

    document: str | bytes
    note: str | None


def export(
    ledger: Ledger,
    *,
    fmt: str,
    rec_filter: RecFilter,
    when: PointInTime,
    today: dt.date,
    title: str,
) -> Export:
    """The recommendations matching `rec_filter` at `when`, as a document in `fmt` (bytes
    for BINARY_FORMATS). md and html say in them the commit they were built from and the
    latest checkpoint; for json, csv and xlsx that line is the note, shown beside them."""
    from rectrack.app.provenance import provenance, stamp

    source = provenance(ledger, revision=when.as_recorded)
    document = _document(ledger, fmt=fmt, rec_filter=rec_filter, when=when, today=today,
                         title=title)  # fmt: skip
    if fmt in ("md", "html") and isinstance(document, str):
        return Export(document=stamp(document, fmt=fmt, source=source), note=None)
    return Export(document=document, note=source.line)


def _document(
    ledger: Ledger, *, fmt: str, rec_filter: RecFilter, when: PointInTime, today: dt.date,
    title: str,
) -> str | bytes:  # fmt: skip
    view = view_ledger(ledger, when=when, today=today, rec_filter=rec_filter)
    recs, workflow, today = view.recs, view.workflow, view.today
    if view.note:
        title = f"{title} ({view.note})"
    if fmt == "json":
        from rectrack.exporters.json_export import export_json

        return export_json(recs)
    if fmt == "csv":
        from rectrack.exporters.csv_export import export_csv

        return export_csv(recs, workflow=workflow, today=today)
    if fmt == "md":
        from rectrack.exporters.markdown import export_markdown

        return export_markdown(recs, workflow=workflow, today=today, title=title)
    if fmt == "xlsx":
        from rectrack.exporters.workbook import export_xlsx

        return export_xlsx(recs, workflow=workflow, today=today, title=title)
    from rectrack.exporters.html import export_html

    return export_html(recs, workflow=workflow, today=today, title=title)


@dataclass(frozen=True, kw_only=True)
class StatsReport:
    """The figures, and the workflow their statuses belong to."""

    figures: LedgerStats
    workflow: Workflow


def stats(
    ledger: Ledger, *, rec_filter: RecFilter, when: PointInTime, today: dt.date
) -> StatsReport:
    """Figures over the recommendations matching `rec_filter` at `when`."""
    view = view_ledger(ledger, when=when, today=today, rec_filter=rec_filter)
    figures = compute(view.recs, workflow=view.workflow, today=view.today)
    return StatsReport(figures=figures, workflow=view.workflow)
