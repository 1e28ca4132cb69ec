"""Commands that read the ledger: show, list, log."""

from __future__ import annotations

from typing import Annotated

import typer

from rectrack.cli.base import app, open_ledger, print_json, report_skipped, today
from rectrack.cli.options import (
    MAX_COUNT,
    JsonOption,
    RecId,
    StrictOption,
    _complete_ids,
    with_filters_and_open,
    with_order,
)
from rectrack.domain.order import RecOrder
from rectrack.domain.query import PointInTime, RecFilter

AsAtOption = Annotated[
    str | None, typer.Option("--as-at", help="As it stood on this date, by its events' dates.")
]
AsRecordedOption = Annotated[
    str | None,
    typer.Option("--as-recorded", help="Exactly as committed at this commit, tag or date."),
]


@app.command()
def show(
    ctx: typer.Context,
    rec_id: RecId,
    as_json: JsonOption = False,
    as_at: AsAtOption = None,
    as_recorded: AsRecordedOption = None,
    history: Annotated[
        bool,
        typer.Option("--history", help="Every event as recorded, corrections and originals too."),
    ] = False,
) -> None:
    """Show a recommendation and its numbered timeline.

    Corrected events are marked; --history shows the record as written.
    Example: rec show 5 --as-at 2018-12-31
    """
    from rectrack.app.views import view_ledger

    when = PointInTime(as_at=as_at, as_recorded=as_recorded)
    view = view_ledger(open_ledger(ctx), when=when, today=today(), rec_id=rec_id)
    if as_json:
        return print_json(view.recs[0].detail_json() if view.recs else None)
    from rectrack.render.timeline import show_view

    show_view(view, rec_id=rec_id, history=history)


@app.command("list")
@with_order
@with_filters_and_open
def list_(
    ctx: typer.Context,
    as_json: JsonOption = False,
    strict: StrictOption = False,
    *,
    rec_filter: RecFilter,
    when: PointInTime,
    order: RecOrder,
) -> None:
    """List recommendations as a table.

    Example: rec list --unresolved --owner "DCI Smith" --sort due
    """
    from rectrack.app.views import list_view

    view = list_view(open_ledger(ctx), rec_filter=rec_filter, when=when, order=order, today=today())
    if as_json:
        print_json([rec.summary_json() for rec in view.recs])
    else:
        from rectrack.render.listtable import print_view

        print_view(view)
    report_skipped(view.skipped, strict=strict)


@app.command()
def log(
    ctx: typer.Context,
    rec_id: Annotated[
        str | None, typer.Argument(help="Only this recommendation.", autocompletion=_complete_ids)
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", help="At most this many commits.", min=1, max=MAX_COUNT),
    ] = None,
) -> None:
    """Show who changed what and when, from git history.

    Example: rec log 5
    """
    from rectrack.app.reading import ledger_history
    from rectrack.render.history import history

    history(ledger_history(open_ledger(ctx), rec_id=rec_id, limit=limit))
