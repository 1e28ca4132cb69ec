"""Moving recommendations in and out: import, export, stats."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from rectrack.cli.base import _ledger, _print_json, _today, app
from rectrack.cli.options import (
    AsAtOption,
    AsRecordedOption,
    ByOption,
    GrepFilter,
    JsonOption,
    OpenFilter,
    OverdueFilter,
    OwnerFilter,
    ReportFilter,
    SlippedFilter,
    StatusFilter,
    _filter,
)
from rectrack.domain.query import PointInTime
from rectrack.store.paths import Ledger

import_app = typer.Typer(
    no_args_is_help=True,
    help="Bring recommendations in from tracker pages, spreadsheets or a JSON export.\n\n"
    "Example: rec import tracker --by HMICFRS page.txt",
)
app.add_typer(import_app, name="import")
Files = Annotated[
    list[Path], typer.Argument(metavar="FILE...", help="Files to import.", show_default=False)
]


def _run_import(ctx: typer.Context, plan: Any, *, by: str | None) -> None:
    """Plan (every file checked first), write with a progress bar, report, fail if any did."""
    from rectrack import render, render_import
    from rectrack.app import importing

    ledger = _ledger(ctx)
    plans: list[importing.Plan] = plan(ledger)
    with render_import.progress(len(plans)) as advance:
        result = importing.apply(ledger, plans=plans, stamp_by=by, today=_today(), progress=advance)
    render_import.report(result, out=render.console())
    result.check()


@import_app.command("tracker")
def import_tracker(
    ctx: typer.Context,
    files: Files,
    by: ByOption = None,
    report: Annotated[str | None, typer.Option(help="The report the pages come from.")] = None,
) -> None:
    """Import tracker pages, one recommendation per page (one commit each).

    Re-importing a page adds only the events it has gained since.
    Example: rec import tracker --by HMICFRS pages/*.txt
    """
    from rectrack.app import importing

    def plan(ledger: Ledger) -> list[importing.Plan]:
        who = importing.identity_by(ledger, by=by, today=_today())
        return importing.plan_pages(ledger, paths=files, by=who, report=report)

    _run_import(ctx, plan, by=by)


@import_app.command("csv")
def import_csv(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The CSV file (header row first).")],
    mapping: Annotated[
        list[str] | None, typer.Option("--map", help="COLUMN=FIELD for other column names.")
    ] = None,
    by: ByOption = None,
) -> None:
    """Import a spreadsheet: one recommendation per row (one commit each).

    Example: rec import csv tracker.csv --map "Ref=number" --map "Lead=owner"
    """
    from rectrack.app import importing
    from rectrack.importers.csv_import import parse_mapping

    columns = parse_mapping(mapping or [])

    def plan(ledger: Ledger) -> list[importing.Plan]:
        who = importing.identity_by(ledger, by=by, today=_today())
        return importing.plan_csv(ledger, path=file, mapping=columns, by=who, today=_today())

    _run_import(ctx, plan, by=by)


@import_app.command("json")
def import_json(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A file written by `rec export --format json`.")],
    by: Annotated[
        str | None, typer.Option("--by", help="Commit author if git has no identity.")
    ] = None,
) -> None:
    """Import a JSON export, keeping IDs, events, dates and authors (one commit each).

    Example: rec import json backup.json
    """

    from rectrack.app import importing

    _run_import(ctx, lambda ledger: importing.plan_json(ledger, path=file), by=by)


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="json, csv, md or html.", case_sensitive=False)
    ] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (default: stdout).")
    ] = None,
    title: Annotated[str, typer.Option(help="Heading of md and html documents.")] = (
        "Recommendations"
    ),
    statuses: StatusFilter = None,
    owner: OwnerFilter = None,
    overdue: OverdueFilter = False,
    open_only: OpenFilter = False,
    report: ReportFilter = None,
    grep: GrepFilter = None,
    slipped: SlippedFilter = False,
    as_at: AsAtOption = None,
    as_recorded: AsRecordedOption = None,
) -> None:
    """Export recommendations as JSON, CSV, Markdown or a self-contained HTML page.

    Example: rec export --format html --open --output board-report.html
    """
    from rectrack.app import reports

    if fmt.lower() not in reports.FORMATS:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(reports.FORMATS)}")
    text = reports.export(
        _ledger(ctx), fmt=fmt.lower(),  # type: ignore[arg-type]
        rec_filter=_filter(statuses, owner, overdue, open_only, report, grep, slipped),
        when=PointInTime(as_at=as_at, as_recorded=as_recorded), today=_today(), title=title,
    )  # fmt: skip
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_bytes(text.encode("utf-8"))
        typer.echo(f"wrote {output}", err=True)


@app.command()
def stats(
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
    """Counts by status, owner and report; overdue; median days to close; due-date slippage.

    Example: rec stats --report PEEL
    """
    from rectrack.app import reports

    ledger = _ledger(ctx)
    rec_filter = _filter(statuses, owner, overdue, open_only, report, grep, slipped)
    when = PointInTime(as_at=as_at, as_recorded=as_recorded)
    figures = reports.stats(ledger, rec_filter=rec_filter, when=when, today=_today())
    if as_json:
        return _print_json(figures.as_json())
    from rectrack import render, render_stats

    render_stats.stats(figures, workflow=ledger.workflow, out=render.console())
