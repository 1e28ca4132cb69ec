"""Use cases that read the ledger and produce a document or figures: export and stats."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from rectrack.app.documents import Document
from rectrack.app.views import LedgerView, view_ledger
from rectrack.domain.order import BY_ID, RecOrder
from rectrack.domain.query import PointInTime, RecFilter
from rectrack.domain.skipped import SkippedFile
from rectrack.domain.stats import LedgerStats, compute
from rectrack.domain.workflow import Workflow
from rectrack.store import outputs
from rectrack.store.paths import Ledger

Format = Literal["json", "csv", "md", "html", "xlsx"]
FORMATS: tuple[Format, ...] = ("json", "csv", "md", "html", "xlsx")
#: Formats whose documents are bytes, not text (they never go to a terminal).
BINARY_FORMATS: tuple[Format, ...] = ("xlsx",)


def export(
    ledger: Ledger,
    *,
    fmt: str,
    rec_filter: RecFilter,
    when: PointInTime,
    today: dt.date,
    title: str,
    order: RecOrder = BY_ID,
    output: Path | None = None,
    force: bool = False,
) -> Document:
    """The recommendations matching `rec_filter` at `when`, as a document in `fmt` (bytes
    for BINARY_FORMATS). md and html say in them the commit they were built from and the
    latest checkpoint; json, csv and xlsx have no room for that line: it is the `aside`.

    With `output` the path is checked before anything is read (never inside the ledger's
    record, rules or git directory; an existing file only with `force`: store/outputs.py)
    and the document is written there atomically.
    """
    from rectrack.app.provenance import provenance, stamp

    if output is not None:
        outputs.check_output(ledger, output, force=force)
    view = view_ledger(ledger, when=when, today=today, rec_filter=rec_filter)
    view = replace(view, recs=order.apply(view.recs, workflow=view.workflow))
    source = provenance(ledger, revision=when.as_recorded)
    text = _render(view, fmt=fmt, title=f"{title} ({view.note})" if view.note else title)
    aside: str | None = source.line
    if fmt in ("md", "html") and isinstance(text, str):
        text, aside = stamp(text, fmt=fmt, source=source), None
    if output is not None:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        outputs.write_output(ledger, output, data, force=force)
    return Document(text=text, skipped=view.skipped, aside=aside, written=output)


def _render(view: LedgerView, *, fmt: str, title: str) -> str | bytes:
    recs, workflow, today = view.recs, view.workflow, view.today
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
    #: Files under recs/ that could not be read and are not counted.
    skipped: list[SkippedFile] = field(default_factory=list)


def stats(
    ledger: Ledger, *, rec_filter: RecFilter, when: PointInTime, today: dt.date
) -> StatsReport:
    """Figures over the recommendations matching `rec_filter` at `when`."""
    view = view_ledger(ledger, when=when, today=today, rec_filter=rec_filter)
    figures = compute(view.recs, workflow=view.workflow, today=view.today)
    return StatsReport(figures=figures, workflow=view.workflow, skipped=view.skipped)
