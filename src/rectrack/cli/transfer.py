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
    format_option,
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
    "Example: rec import tracker --by HMICFRS pages/",
)
app.add_typer(import_app, name="import")
Pages = Annotated[
    list[Path],
    typer.Argument(metavar="FILE_OR_FOLDER...", help="Pages, or folders of .txt, .html and "
                   ".htm pages.", show_default=False),
]  # fmt: skip
Sheet = Annotated[Path, typer.Argument(help="The spreadsheet (its header row names the columns).")]
MapOption = Annotated[list[str] | None, typer.Option(
    "--map", help="COLUMN=FIELD: read that column as that field, e.g. 'Action taken=comment' "
    "(repeatable).")]  # fmt: skip
StatusMapOption = Annotated[list[str] | None, typer.Option(
    "--status-map", help="VALUE=STATUS: that value in the status column means that status, "
    "in any case (repeatable).")]  # fmt: skip
MonthFirstOption = Annotated[
    bool,
    typer.Option(
        "--month-first", help="Read 01/02/26 as 2 January (default: day first, 1 February)."
    ),
]


@import_app.command("tracker")
def import_tracker(
    ctx: typer.Context,
    files: Pages,
    by: ByOption = None,
    report: Annotated[str | None, typer.Option(
        help="The report the pages come from (default: the page's own report line).")] = None,
    date: Annotated[str | None, typer.Option(
        "--date", help="The date for pages with no dated entries (default: today).")] = None,
) -> None:  # fmt: skip
    """Import tracker pages, one recommendation per page, in one commit.

    Every page is checked first: any problem and nothing is imported. Re-importing a page
    adds only the events it has gained since.
    Example: rec import tracker --by HMICFRS pages/
    """
    from rectrack.app.importing import import_pages
    from rectrack.render.console import progress
    from rectrack.render.imports import report as show_report

    with progress("reading pages") as tick:
        result = import_pages(open_ledger(ctx), paths=files, by=by, report=report, date=date,
                              today=today(), progress=tick)  # fmt: skip
    show_report(result)


@import_app.command("csv")
def import_csv(
    ctx: typer.Context, file: Sheet, mapping: MapOption = None,
    status_map: StatusMapOption = None, month_first: MonthFirstOption = False,
    by: ByOption = None,
) -> None:  # fmt: skip
    """Import a CSV spreadsheet: one recommendation per row, in one commit.

    Example: rec import csv tracker.csv --map "Ref=number" --status-map "Ongoing=being-progressed"
    """
    from rectrack.app.import_sheets import SheetOptions
    from rectrack.app.importing import import_sheet
    from rectrack.render.imports import report as show_report

    options = SheetOptions(columns=mapping or (), statuses=status_map or (),
                           month_first=month_first)  # fmt: skip
    show_report(import_sheet(open_ledger(ctx), path=file, options=options, by=by, today=today()))


@import_app.command("xlsx")
def import_xlsx(
    ctx: typer.Context, file: Sheet, sheet: Annotated[str | None, typer.Option(
        help="The sheet to read (default: the one the workbook opens on).")] = None,
    mapping: MapOption = None, status_map: StatusMapOption = None,
    month_first: MonthFirstOption = False, by: ByOption = None,
) -> None:  # fmt: skip
    """Import an Excel workbook's sheet: one recommendation per row, in one commit.

    Example: rec import xlsx tracker.xlsx --sheet Actions --map "Action taken=comment"
    """
    from rectrack.app.import_sheets import SheetOptions
    from rectrack.app.importing import import_sheet
    from rectrack.render.imports import report as show_report

    options = SheetOptions(columns=mapping or (), statuses=status_map or (),
                           month_first=month_first, sheet=sheet)  # fmt: skip
    result = import_sheet(open_ledger(ctx), path=file, options=options, by=by, today=today(),
                          excel=True)  # fmt: skip
    show_report(result)


@import_app.command("json")
def import_json(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A file written by `rec export --format json`.")],
    by: Annotated[
        str | None, typer.Option("--by", help="Commit author if git has no identity.")
    ] = None,
) -> None:
    """Import a JSON export, keeping IDs, events, dates and authors (one commit).

    Example: rec import json backup.json
    """
    from rectrack.app import importing
    from rectrack.render.imports import report as show_report

    show_report(importing.import_json(open_ledger(ctx), path=file, by=by, today=today()))


ExportFormat = Annotated[
    str, format_option("rectrack.app.reports", help="json, csv, md, html or xlsx.", short=True)
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
    """Export recommendations as JSON, CSV, Markdown, HTML or Excel.

    The HTML page is self-contained; xlsx goes to --output (or a pipe, never a terminal).

    Example: rec export --format html --unresolved --output board-report.html
    """
    from rectrack.app import reports
    from rectrack.cli.delivery import deliver, output_for

    fmt = one_of(fmt, reports.FORMATS, option="--format")
    binary = fmt in reports.BINARY_FORMATS
    document = reports.export(
        open_ledger(ctx), fmt=fmt, rec_filter=rec_filter, when=when, order=order, today=today(),
        title=title, force=force,
        output=output_for(fmt=fmt, output=output, open_browser=open_browser, binary=binary),
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
