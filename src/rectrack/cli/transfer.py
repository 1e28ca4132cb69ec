"""Moving recommendations in and out: import, export, stats."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rectrack.cli.base import app, open_ledger, print_json, report_skipped, today
from rectrack.cli.options import (
    ByOption,
    ForceOption,
    JsonOption,
    OpenOption,
    OutputOption,
    StrictOption,
    complete_from,
    formats_of,
    one_of,
    with_filters,
    with_filters_and_open,
    with_order,
)
from rectrack.domain.order import RecOrder
from rectrack.domain.query import PointInTime, RecFilter

import_app = typer.Typer(
    no_args_is_help=True,
    help="Bring in tracker pages, spreadsheets or a JSON export.\n\n"
    "Example: rec import tracker --by HMICFRS page.txt",
)
app.add_typer(import_app, name="import")
Files = Annotated[
    list[Path], typer.Argument(metavar="FILE...", help="Files to import.", show_default=False)
]


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
    from rectrack.app.importing import import_pages
    from rectrack.render.console import progress
    from rectrack.render.imports import report as show_report

    with progress("importing") as tick:
        result = import_pages(
            open_ledger(ctx), paths=files, by=by, report=report, today=today(), progress=tick
        )
    show_report(result)
    result.check()


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
    from rectrack.render.console import progress
    from rectrack.render.imports import report as show_report

    with progress("importing") as tick:
        result = importing.import_csv(
            open_ledger(ctx), path=file, mapping=mapping or [], by=by, today=today(),
            progress=tick,
        )  # fmt: skip
    show_report(result)
    result.check()


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
    from rectrack.render.console import progress
    from rectrack.render.imports import report as show_report

    with progress("importing") as tick:
        result = importing.import_json(
            open_ledger(ctx), path=file, by=by, today=today(), progress=tick
        )
    show_report(result)
    result.check()


ExportFormat = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="json, csv, md or html.",
        case_sensitive=False,
        autocompletion=complete_from(formats_of("rectrack.app.reports")),
    ),
]


@app.command()
@with_order
@with_filters
def export(
    ctx: typer.Context,
    fmt: ExportFormat = "json",
    output: OutputOption = None,
    force: ForceOption = False,
    open_browser: OpenOption = False,
    title: Annotated[str, typer.Option(help="Heading of md and html documents.")] = (
        "Recommendations"
    ),
    strict: StrictOption = False,
    *,
    rec_filter: RecFilter,
    when: PointInTime,
    order: RecOrder,
) -> None:
    """Export recommendations as JSON, CSV, Markdown or HTML.

    The HTML page is self-contained.

    Example: rec export --format html --unresolved --output board-report.html
    """
    from rectrack.app import reports
    from rectrack.cli.delivery import deliver, output_for

    fmt = one_of(fmt, reports.FORMATS, option="--format")
    document = reports.export(
        open_ledger(ctx), fmt=fmt, rec_filter=rec_filter, when=when, order=order, today=today(),
        title=title, output=output_for(fmt=fmt, output=output, open_browser=open_browser),
        force=force,
    )  # fmt: skip
    deliver(document, open_browser=open_browser, strict=strict)


@app.command()
@with_filters_and_open
def stats(
    ctx: typer.Context,
    as_json: JsonOption = False,
    strict: StrictOption = False,
    *,
    rec_filter: RecFilter,
    when: PointInTime,
) -> None:
    """Counts by status, owner and report; time to close; slippage.

    Overdue counts, median days to close, and how far due dates moved.

    Example: rec stats --report PEEL
    """
    from rectrack.app import reports

    found = reports.stats(open_ledger(ctx), rec_filter=rec_filter, when=when, today=today())
    if as_json:
        print_json(found.figures.as_json())
    else:
        from rectrack.render.stats import stats as show_stats

        show_stats(found)
    report_skipped(found.skipped, strict=strict)
