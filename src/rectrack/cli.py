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
from rectrack.domain.query import RecFilter
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
    from rectrack.integrity import prepare  # recover a killed write; configure the driver

    return prepare(find_ledger(start=Path.cwd(), explicit=ctx.find_root().obj))


def _today() -> dt.date:
    return dt.date.today()


def _announce(result: usecases.WriteResult) -> None:
    typer.echo(f"{result.message} [{result.commit[:8]}]")


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


# --- writes --------------------------------------------------------------------------------


@app.command()
def init(path: Annotated[Path, typer.Argument(help="Folder for the ledger.")] = Path()) -> None:
    """Create a ledger: git init if needed, write rectrack.yaml, commit.

    Example: rec init ~/ledgers/force-x
    """
    root = usecases.init_ledger(path=path)
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
    date: DateOption = None,
    by: ByOption = None,
) -> None:
    """Change one header field by appending an event (one commit).

    Example: rec set 5 owner "DCI Smith"
    """
    result = usecases.set_field(
        _ledger(ctx), rec_id=rec_id, field=field, value=value,
        stamp=usecases.Stamp(date=date, by=by), today=_today(),
    )  # fmt: skip
    _announce(result)


# --- reads ---------------------------------------------------------------------------------


@app.command()
def show(ctx: typer.Context, rec_id: RecId, as_json: JsonOption = False) -> None:
    """Show a recommendation and its timeline.

    Example: rec show 5
    """
    ledger = _ledger(ctx)
    rec = usecases.get_recommendation(ledger, rec_id=rec_id)
    if as_json:
        return _print_json(rec.detail_json())
    from rectrack import render

    render.show(rec, workflow=ledger.workflow, today=_today(), out=render.console())


@app.command("list")
def list_(
    ctx: typer.Context,
    statuses: Annotated[
        list[str] | None,
        typer.Option(
            "--status", help="Only this status (repeatable).", autocompletion=_complete_statuses
        ),
    ] = None,
    owner: Annotated[str | None, typer.Option(help="Only this owner.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue ones.")] = False,
    open_only: Annotated[
        bool, typer.Option("--open", help="Only those not in a final status.")
    ] = False,
    report: Annotated[
        str | None, typer.Option(help="Only from reports matching this text.")
    ] = None,
    grep: Annotated[
        str | None, typer.Option(help="Only those whose text or comments contain this.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List recommendations as a table.

    Example: rec list --open --owner "DCI Smith"
    """
    ledger = _ledger(ctx)
    rec_filter = RecFilter(
        statuses=tuple(statuses or ()), owner=owner, overdue=overdue, open_only=open_only,
        report=report, grep=grep,
    )  # fmt: skip
    recs = usecases.list_recommendations(ledger, rec_filter=rec_filter, today=_today())
    if as_json:
        return _print_json([rec.summary_json() for rec in recs])
    from rectrack import render

    render.table(recs, workflow=ledger.workflow, today=_today(), out=render.console())


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
