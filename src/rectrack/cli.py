"""The `rec` command line: parse arguments, call one use case, render its result.

`RecGroup.main` is the one place that turns failures into exit codes: a RectrackError is
one line on stderr and exit 1; a usage error is one line and exit 2.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from rectrack import usecases
from rectrack.domain.query import PointInTime, RecFilter
from rectrack.errors import RectrackError
from rectrack.ledger import Ledger, find_ledger


class RecGroup(TyperGroup):
    """Typer's group, with rectrack's single error-to-exit-code handler."""

    def main(self, *args: Any, **kwargs: Any) -> NoReturn:
        kwargs["standalone_mode"] = False
        from typer._click import exceptions as click_errors

        try:
            code = super().main(*args, **kwargs)
        except RectrackError as error:
            _fail(error.message, code=error.exit_code)
        except click_errors.NoArgsIsHelpError as error:
            typer.echo(error.ctx.get_help() if error.ctx else "", err=True)
            sys.exit(2)
        except click_errors.UsageError as error:
            hint = f" (see `{error.ctx.command_path} --help`)" if error.ctx else ""
            _fail(f"{error.format_message()}{hint}", code=2)
        except click_errors.ClickException as error:
            _fail(error.format_message(), code=error.exit_code)
        except typer.Abort:
            _fail("aborted", code=1)
        except OSError as error:
            _fail(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "), code=1)
        sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str, *, code: int) -> NoReturn:
    sys.stderr.write(f"rec: error: {message}\n")
    sys.stderr.flush()
    sys.exit(code)


app = typer.Typer(
    cls=RecGroup,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="rectrack: an append-only, git-backed ledger of inspection recommendations.",
)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="rec")


# --- shared options ------------------------------------------------------------------------


def _complete_ids(incomplete: str) -> list[str]:
    try:
        ids = find_ledger(start=Path.cwd()).rec_ids()
    except RectrackError:
        return []
    return [str(number) for number in ids if str(number).startswith(incomplete)]


def _complete_statuses(incomplete: str) -> list[str]:
    try:
        statuses = find_ledger(start=Path.cwd()).workflow.statuses
    except RectrackError:
        return []
    return [status for status in statuses if status.startswith(incomplete)]


RecId = Annotated[
    str,
    typer.Argument(
        help="The recommendation's ID.", autocompletion=_complete_ids, show_default=False
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date", help="When it happened: YYYY-MM-DD, '3rd March 2017', today, yesterday."
    ),
]
ByOption = Annotated[str | None, typer.Option("--by", help="Who did it (default: your git name).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]

# Filters shared by `rec list`, `rec export` and `rec stats`.
StatusFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--status", help="Only this status (repeatable).", autocompletion=_complete_statuses
    ),
]
OwnerFilter = Annotated[str | None, typer.Option("--owner", help="Only this owner.")]
OverdueFilter = Annotated[bool, typer.Option("--overdue", help="Only overdue ones.")]
OpenFilter = Annotated[bool, typer.Option("--open", help="Only those not in a final status.")]
ReportFilter = Annotated[
    str | None, typer.Option("--report", help="Only from reports matching this text.")
]
GrepFilter = Annotated[
    str | None, typer.Option("--grep", help="Only those whose text or comments contain this.")
]
SlippedFilter = Annotated[
    bool, typer.Option("--slipped", help="Only those whose due date has moved.")
]
AsAtOption = Annotated[
    str | None,
    typer.Option("--as-at", help="As it stood on this date, by its events' dates."),
]
AsRecordedOption = Annotated[
    str | None,
    typer.Option("--as-recorded", help="Exactly as committed at this commit, tag or date."),
]


def _filter(
    statuses: list[str] | None, owner: str | None, overdue: bool, open_only: bool,
    report: str | None, grep: str | None, slipped: bool,
) -> RecFilter:  # fmt: skip
    return RecFilter(
        statuses=tuple(statuses or ()), owner=owner, overdue=overdue, open_only=open_only,
        report=report, grep=grep, slipped=slipped,
    )  # fmt: skip


@app.callback()
def _global(
    ctx: typer.Context,
    ledger: Annotated[
        str | None,
        typer.Option(
            "--ledger", envvar="REC_LEDGER", help="The ledger folder (default: search upwards)."
        ),
    ] = None,
) -> None:
    ctx.obj = ledger


def _ledger(ctx: typer.Context) -> Ledger:
    from rectrack.launch import open_ledger  # recover a killed write; configure the driver

    return open_ledger(ctx.find_root().obj)


def _today() -> dt.date:
    return dt.date.today()


def _announce(result: usecases.WriteResult) -> None:
    typer.echo(f"{result.message} [{result.commit[:8]}]")


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


# --- writes --------------------------------------------------------------------------------


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Folder for the ledger.")] = Path(),
    workflow: Annotated[
        str, typer.Option(help="Built-in workflow: default (the tracker's) or audit (sign-off).")
    ] = "default",
) -> None:
    """Create a ledger: git init if needed, write rectrack.yaml, commit.

    Example: rec init ~/ledgers/force-x --workflow audit
    """
    root = usecases.init_ledger(path=path, workflow=workflow)
    typer.echo(f"created a rectrack ledger in {root}")


@app.command()
def new(
    ctx: typer.Context,
    title: Annotated[str, typer.Option("--title", help="A short title.")],
    text: Annotated[str | None, typer.Option(help="The recommendation as published.")] = None,
    report: Annotated[str | None, typer.Option(help="The inspection report it came from.")] = None,
    number: Annotated[str | None, typer.Option(help="Its number in that report, e.g. 5.")] = None,
    owner: Annotated[str | None, typer.Option(help="Who is responsible.")] = None,
    due: Annotated[str | None, typer.Option(help="Due date (same forms as --date).")] = None,
    tags: Annotated[str | None, typer.Option(help="Comma-separated tags.")] = None,
    rec_id: Annotated[
        str | None, typer.Option("--id", help="Use this ID (default: next free).")
    ] = None,
    date: DateOption = None,
    by: ByOption = None,
) -> None:
    """Add a recommendation (one commit); prints its ID.

    Example: rec new --title "Map organised crime groups regionally" --due 2017-09-30
    """
    fields = {
        "text": text,
        "report": report,
        "number": number,
        "owner": owner,
        "due": due,
        "tags": tags,
    }
    result = usecases.new_recommendation(
        _ledger(ctx), title=title, fields=fields, rec_id=rec_id,
        stamp=usecases.Stamp(date=date, by=by), today=_today(),
    )  # fmt: skip
    typer.echo(str(result.rec_id))
    typer.echo(f"{result.message} [{result.commit[:8]}]", err=True)


@app.command()
def comment(
    ctx: typer.Context,
    rec_id: RecId,
    text: Annotated[
        str | None, typer.Argument(help="The comment; - reads stdin; none opens $EDITOR.")
    ] = None,
    date: DateOption = None,
    by: ByOption = None,
) -> None:
    """Add a progress comment (one commit).

    Example: rec comment 5 "Force confirms mapping moved to the ROCU"
    """
    from rectrack import editor

    body = editor.read_text(text, rec_id=rec_id)
    result = usecases.add_comment(
        _ledger(ctx),
        rec_id=rec_id,
        text=body,
        stamp=usecases.Stamp(date=date, by=by),
        today=_today(),
    )
    _announce(result)


@app.command()
def status(
    ctx: typer.Context,
    rec_id: RecId,
    new_status: Annotated[str, typer.Argument(metavar="STATUS", autocompletion=_complete_statuses)],
    comment: Annotated[
        str | None, typer.Option("--comment", help="A comment in the same commit.")
    ] = None,
    date: DateOption = None,
    by: ByOption = None,
) -> None:
    """Change a recommendation's status (one commit).

    Example: rec status 5 complete --comment "Authorised for closure"
    """
    result = usecases.change_status(
        _ledger(ctx), rec_id=rec_id, status=new_status, comment=comment,
        stamp=usecases.Stamp(date=date, by=by), today=_today(),
    )  # fmt: skip
    _announce(result)


@app.command("set")
def set_(
    ctx: typer.Context,
    rec_id: RecId,
    field: Annotated[str, typer.Argument(help="owner, due, title, text, report, number, tags...")],
    value: Annotated[str, typer.Argument(help="The new value; an empty string clears it.")],
    reason: Annotated[
        str | None, typer.Option(help="Why (required to move a due date that is set).")
    ] = None,
    date: DateOption = None,
    by: ByOption = None,
) -> None:
    """Change one header field by appending an event (one commit).

    Example: rec set 5 due 2027-03-31 --reason "Awaiting the new IT system"
    """
    result = usecases.set_field(
        _ledger(ctx), rec_id=rec_id, field=field, value=value, reason=reason,
        stamp=usecases.Stamp(date=date, by=by), today=_today(),
    )  # fmt: skip
    _announce(result)


# --- reads ---------------------------------------------------------------------------------


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
    from rectrack.views import view_ledger

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
    from rectrack.views import view_ledger

    view = view_ledger(_ledger(ctx), when=when, today=_today(), rec_filter=rec_filter)
    if as_json:
        return _print_json([rec.summary_json() for rec in view.recs])
    from rectrack import render

    render.note(view.note, out=(out := render.console()))
    render.table(view.recs, workflow=view.workflow, today=view.today, out=out)


def _list_now(ledger: Ledger, *, rec_filter: RecFilter, as_json: bool) -> None:
    """`rec list` of the ledger as it is: no event is built unless --grep needs them."""
    recs = usecases.list_summaries(ledger, rec_filter=rec_filter, today=_today())
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
    commits = usecases.ledger_history(_ledger(ctx), rec_id=rec_id, limit=limit)
    from rectrack import render

    render.history(commits, out=render.console())


# --- audit follow-up -----------------------------------------------------------------------


@app.command()
def evidence(
    ctx: typer.Context,
    rec_id: RecId,
    files: Annotated[list[Path] | None, typer.Argument(help="Documents to store.")] = None,
    url: Annotated[str | None, typer.Option(help="A document kept elsewhere.")] = None,
    sha256: Annotated[str | None, typer.Option(help="The --url document's SHA-256.")] = None,
    comment: Annotated[str | None, typer.Option(help="A comment in the same commit.")] = None,
    date: DateOption = None,
    by: ByOption = None,
) -> None:
    """Attach evidence: files copied into evidence/<sha256>, or a URL with its hash (one commit).

    Example: rec evidence 5 closure-report.pdf --comment "Insight activity findings"
    """
    from rectrack.evidence import add_evidence

    result = add_evidence(
        _ledger(ctx), rec_id=rec_id, files=files or [], url=url, sha256=sha256, comment=comment,
        stamp=usecases.Stamp(date=date, by=by), today=_today(),
    )  # fmt: skip
    _announce(result)


@app.command()
def changes(
    ctx: typer.Context,
    since: Annotated[str, typer.Option("--since", help="A commit, tag or date.")],
    output_format: Annotated[
        str, typer.Option("--format", help="md, html or json.", case_sensitive=False)
    ] = "md",
) -> None:
    """What changed since a commit, tag or date, grouped by recommendation.

    Example: rec changes --since committee-2026-03 --format md
    """
    from rectrack import changes_report
    from rectrack.changes import changes_since

    ledger = _ledger(ctx)
    writers = {"md": changes_report.as_markdown, "html": changes_report.as_html}
    if output_format not in (*writers, "json"):
        raise typer.BadParameter("use md, html or json", param_hint="--format")
    change_set = changes_since(ledger, since=since)
    if output_format == "json":
        return typer.echo(changes_report.as_json(change_set))
    typer.echo(writers[output_format](change_set, workflow=ledger.workflow), nl=False)


@app.command()
def remind(
    ctx: typer.Context,
    within: Annotated[int, typer.Option(help="Days ahead to look.", min=0)] = 30,
    owner: Annotated[str | None, typer.Option(help="Only this owner.")] = None,
    output_format: Annotated[
        str, typer.Option("--format", help="text, json or ics.", case_sensitive=False)
    ] = "text",
) -> None:
    """Open recommendations due within DAYS or overdue, grouped by owner.

    Example: rec remind --within 14 --format ics > due.ics
    """
    from rectrack.reminding import remind_text, upcoming

    if output_format not in ("text", "json", "ics"):
        raise typer.BadParameter("use text, json or ics", param_hint="--format")
    ledger = _ledger(ctx)
    found = upcoming(ledger, within_days=within, owner=owner, today=_today())
    typer.echo(remind_text(ledger, found, output_format=output_format, today=_today()), nl=False)


# --- import and export ---------------------------------------------------------------------


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
    from rectrack import imports, render, render_import

    ledger = _ledger(ctx)
    plans: list[imports.Plan] = plan(ledger)
    with render_import.progress(len(plans)) as advance:
        result = imports.apply(ledger, plans=plans, stamp_by=by, today=_today(), progress=advance)
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
    from rectrack import imports

    def plan(ledger: Ledger) -> list[imports.Plan]:
        who = imports.identity_by(ledger, by=by, today=_today())
        return imports.plan_pages(ledger, paths=files, by=who, report=report)

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
    from rectrack import imports
    from rectrack.importers.csv_import import parse_mapping

    columns = parse_mapping(mapping or [])

    def plan(ledger: Ledger) -> list[imports.Plan]:
        who = imports.identity_by(ledger, by=by, today=_today())
        return imports.plan_csv(ledger, path=file, mapping=columns, by=who, today=_today())

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
    from rectrack import imports

    _run_import(ctx, lambda ledger: imports.plan_json(ledger, path=file), by=by)


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
    from rectrack import reports

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
    from rectrack import reports

    ledger = _ledger(ctx)
    rec_filter = _filter(statuses, owner, overdue, open_only, report, grep, slipped)
    when = PointInTime(as_at=as_at, as_recorded=as_recorded)
    figures = reports.stats(ledger, rec_filter=rec_filter, when=when, today=_today())
    if as_json:
        return _print_json(figures.as_json())
    from rectrack import render, render_stats

    render_stats.stats(figures, workflow=ledger.workflow, out=render.console())


# --- integrity ---


@app.command()
def verify(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option("--since", help="Only commits after this revision.")
    ] = None,
    signed: Annotated[
        bool, typer.Option("--signed", help="Also require a good signature on every commit.")
    ] = False,
    accept_history: Annotated[
        bool,
        typer.Option("--accept-history", help="Accept a rewrite of history verified before."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Check that the ledger's history only ever appended events; exit 1 on any violation.

    Example: rec verify --since origin/main
    """
    from rectrack import render_integrity
    from rectrack.verify import verify_ledger

    with render_integrity.progress("verifying history") as tick:
        report = verify_ledger(
            _ledger(ctx), since=since, signed=signed, accept_history=accept_history,
            on_commit=tick,
        )  # fmt: skip
    if as_json:
        _print_json(report.as_json())
    else:
        render_integrity.verify_report(report)
    if not report.ok:
        raise typer.Exit(1)


@app.command("merge-driver", hidden=True)
def merge_driver(
    base: Annotated[Path, typer.Argument(help="%O: the common ancestor's version.")],
    ours: Annotated[Path, typer.Argument(help="%A: our version; receives the result.")],
    theirs: Annotated[Path, typer.Argument(help="%B: their version.")],
    name: Annotated[str, typer.Argument(help="%P: the file's path in the repository.")] = "",
) -> None:
    """Git's merge driver for recommendation files (registered by `rec init`).

    Example: git config merge.rectrack.driver "rec merge-driver %O %A %B %P"
    """
    from rectrack.mergedriver import run_driver

    run_driver(base=base, ours=ours, theirs=theirs, name=name or str(ours))


@app.command()
def sync(
    ctx: typer.Context,
    remote: Annotated[
        str | None, typer.Option("--remote", help="Remote to sync with (default: upstream).")
    ] = None,
) -> None:
    """Fetch, merge the remote's events with yours (merge driver), push.

    Example: rec sync
    """
    from rectrack.sync import sync as run_sync

    result = run_sync(_ledger(ctx), remote=remote)
    for note in result.notes:
        typer.echo(note)
    typer.echo(f"synced with {result.remote}/{result.branch}: {result.summary}")
