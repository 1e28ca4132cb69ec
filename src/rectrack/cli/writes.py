"""Commands that append to the ledger: init, new, comment, status, set, amend, retract."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rectrack.app import recording
from rectrack.app.init import init_ledger
from rectrack.app.stamp import Stamp
from rectrack.cli.base import announce, app, open_ledger, today
from rectrack.cli.options import ByOption, DateOption, RecId, _complete_statuses, complete_fields
from rectrack.domain.text import printable_line


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Folder for the ledger.")] = Path(),
    workflow: Annotated[
        str, typer.Option(help="Built-in workflow: default (the tracker's) or audit (sign-off).")
    ] = "default",
    auditor: Annotated[
        list[str] | None,
        typer.Option("--auditor", help="An auditor's git email (audit workflow; repeatable)."),
    ] = None,
    signed: Annotated[
        bool, typer.Option("--signed", help="List your ssh key as the ledger's first signer.")
    ] = False,
) -> None:
    """Create a ledger: git init if needed, commit rectrack.yaml.

    Refused inside an existing ledger.
    Example: rec init ~/ledgers/force-x --workflow audit --auditor blair@audit.example
    """
    from rectrack.app.signingsetup import signing_steps

    root, setup = init_ledger(path=path, workflow=workflow, auditors=auditor or (), signed=signed)
    typer.echo(f"created a rectrack ledger in {root}")
    for line in signing_steps(setup) if setup is not None else []:
        typer.echo(line)


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
    fields = {"text": text, "report": report, "number": number, "owner": owner, "due": due,
              "tags": tags}  # fmt: skip
    result = recording.new_recommendation(
        open_ledger(ctx), title=title, fields=fields, rec_id=rec_id,
        stamp=Stamp(date=date, by=by), today=today(),
    )  # fmt: skip
    typer.echo(str(result.rec_id))
    typer.echo(f"{printable_line(result.message)} [{result.commit[:8]}]", err=True)


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
    from rectrack.cli.editor import read_text

    body = read_text(text, rec_id=rec_id)
    result = recording.add_comment(
        open_ledger(ctx), rec_id=rec_id, text=body, stamp=Stamp(date=date, by=by), today=today()
    )
    announce(result)


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
    result = recording.change_status(
        open_ledger(ctx), rec_id=rec_id, status=new_status, comment=comment,
        stamp=Stamp(date=date, by=by), today=today(),
    )  # fmt: skip
    announce(result)


@app.command("set")
def set_(
    ctx: typer.Context,
    rec_id: RecId,
    field: Annotated[
        str,
        typer.Argument(
            help="owner, due, title, text, report, number, tags, or one rectrack.yaml declares.",
            autocompletion=complete_fields,
        ),
    ],
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
    result = recording.set_field(
        open_ledger(ctx), rec_id=rec_id, field=field, value=value, reason=reason,
        stamp=Stamp(date=date, by=by), today=today(),
    )  # fmt: skip
    announce(result)


EventNumber = Annotated[
    str, typer.Argument(metavar="EVENT", help="The event's number, as `rec show ID` shows it.")
]


@app.command()
def amend(
    ctx: typer.Context,
    rec_id: RecId,
    event: EventNumber,
    text: Annotated[str, typer.Argument(help="The comment's corrected text; - reads stdin.")],
    date: DateOption = None,
    by: ByOption = None,
) -> None:
    """Correct a comment's text, keeping the original (one commit).

    EVENT is the comment's number in `rec show ID`; the original text stays on record
    (`rec show ID --history`).

    Example: rec amend 5 3 "Mapping moved to the ROCU in April 2018"
    """
    from rectrack.app.corrections import amend_comment
    from rectrack.cli.editor import read_text

    result = amend_comment(
        open_ledger(ctx), rec_id=rec_id, event=event, text=read_text(text, rec_id=rec_id),
        stamp=Stamp(date=date, by=by), today=today(),
    )  # fmt: skip
    announce(result)


@app.command()
def retract(
    ctx: typer.Context,
    rec_id: RecId,
    event: EventNumber,
    reason: Annotated[str, typer.Option("--reason", help="Why it is withdrawn (kept on record).")],
    date: DateOption = None,
    by: ByOption = None,
) -> None:
    """Withdraw a mistaken event; it stays on record (one commit).

    A withdrawn comment is struck through, withdrawn evidence or a withdrawn field change
    no longer counts. A status is corrected by a new status change instead.

    Example: rec retract 5 3 --reason "Posted on the wrong recommendation"
    """
    from rectrack.app.corrections import retract_event

    result = retract_event(
        open_ledger(ctx), rec_id=rec_id, event=event, reason=reason,
        stamp=Stamp(date=date, by=by), today=today(),
    )  # fmt: skip
    announce(result)
