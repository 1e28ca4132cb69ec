"""Commands that read the ledger: show, list, log."""

from __future__ import annotations

from typing import Annotated

import typer

from rectrack.app import reading
from rectrack.cli.base import _ledger, _print_json, _today, app
from rectrack.cli.options import (
    AsAtOption,
    AsRecordedOption,
    GrepFilter,
    JsonOption,
    OpenFilter,
    OverdueFilter,
    OwnerFilter,
    RecId,
    ReportFilter,
    SlippedFilter,
    StatusFilter,
    _complete_ids,
    _filter,
)
from rectrack.domain.query import PointInTime, RecFilter
from rectrack.store.paths import Ledger


@app.command()
def show(
    ctx: typer.Context,
    rec_id: RecId,
    as_json: JsonOption = False,
    as_at: AsAtOption = None,
    as_recorded: AsRecordedOption = None,
) -> None:
    """Show a recommendation and its timeline.

    Example: rec show 5 --as-at 2018-12-31
    """
    from rectrack.app.views import view_ledger

    when = PointInTime(as_at=as_at, as_recorded=as_recorded)
    view = view_ledger(_ledger(ctx), when=when, today=_today(), rec_id=rec_id)
    if as_json:
        return _print_json(view.recs[0].detail_json() if view.recs else None)
    from rectrack import render

    render.note(view.note, out=(out := render.console()))
    for rec in view.recs:
        render.show(rec, workflow=view.workflow, today=view.today, out=out)
    if not view.recs:
        out.print(f"Recommendation {rec_id} had not been raised by then.")


@app.command("list")
def list_(
    ctx: typer.Context,
    statuses: StatusFilter = None,
    owner: OwnerFilter = None,
    overdue: OverdueFilter = False,
    open_only: OpenFilter = False,
    report: ReportFilter = None,
    grep: GrepFilter = None,
    slipped: SlippedFilter = False,
    as_json: JsonOption = False,
    as_at: AsAtOption = None,
    as_recorded: AsRecordedOption = None,
) -> None:
    """List recommendations as a table.

    Example: rec list --open --owner "DCI Smith"
    """
    rec_filter = _filter(statuses, owner, overdue, open_only, report, grep, slipped)
    when = PointInTime(as_at=as_at, as_recorded=as_recorded)
    if when == PointInTime():  # the ledger as it is now: summaries from the read cache
        return _list_now(_ledger(ctx), rec_filter=rec_filter, as_json=as_json)
    from rectrack.app.views import view_ledger

    view = view_ledger(_ledger(ctx), when=when, today=_today(), rec_filter=rec_filter)
    if as_json:
        return _print_json([rec.summary_json() for rec in view.recs])
    from rectrack import render

    render.note(view.note, out=(out := render.console()))
    render.table(view.recs, workflow=view.workflow, today=view.today, out=out)


def _list_now(ledger: Ledger, *, rec_filter: RecFilter, as_json: bool) -> None:
    """`rec list` of the ledger as it is: no event is built unless --grep needs them."""
    recs = reading.list_summaries(ledger, rec_filter=rec_filter, today=_today())
    if as_json:
        return _print_json([rec.summary_json() for rec in recs])
    from rectrack import listview

    listview.print_table(recs, workflow=ledger.workflow, today=_today())


@app.command()
def log(
    ctx: typer.Context,
    rec_id: Annotated[
        str | None, typer.Argument(help="Only this recommendation.", autocompletion=_complete_ids)
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", help="At most this many commits.", min=1)
    ] = None,
) -> None:
    """Show who changed what and when, from git history.

    Example: rec log 5
    """
    commits = reading.ledger_history(_ledger(ctx), rec_id=rec_id, limit=limit)
    from rectrack import render

    render.history(commits, out=render.console())
