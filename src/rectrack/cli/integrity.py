"""Trust and collaboration: verify, merge-driver, sync."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rectrack.cli.base import app, open_ledger, print_json
from rectrack.cli.options import JsonOption

#: `rec verify --full`: ignore the walk record this clone keeps (app/verify/resume.py).
FullOption = Annotated[
    bool, typer.Option("--full", help="Walk all history again, ignoring what earlier runs kept.")
]


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
    checkpoint: Annotated[
        str | None,
        typer.Option("--checkpoint", help="A head kept outside git that must be in this history."),
    ] = None,
    full: FullOption = False,
    as_json: JsonOption = False,
) -> None:
    """Check that the ledger's history only ever appended events.

    Exit 1 on any violation; odd dates are warnings. A run after an earlier one walks only
    the newer commits (--full: all of them).

    Example: rec verify --since origin/main
    """
    from rectrack.app.verify.walk import verify_ledger
    from rectrack.render.console import progress
    from rectrack.render.verify import verify_report

    with progress("verifying history") as tick:
        report = verify_ledger(
            open_ledger(ctx), since=since, signed=signed, accept_history=accept_history,
            checkpoint=checkpoint, full=full, progress=tick,
        )  # fmt: skip
    if as_json:
        print_json(report.as_json())
    else:
        verify_report(report)
    report.check()


@app.command()
def checkpoint(
    ctx: typer.Context,
    name: Annotated[
        str | None, typer.Argument(help="The checkpoint's name (default: today's date).")
    ] = None,
) -> None:
    """Anchor the verified head as a checkpoint tag.

    The tag is signed when the ledger signs; `rec sync` shares it.
    Example: rec checkpoint committee-2026-03
    """
    from rectrack.app.checkpoints import make_checkpoint
    from rectrack.cli.base import today

    made = make_checkpoint(open_ledger(ctx), name=name, today=today())
    signed = "signed" if made.signed else "not signed"
    typer.echo(f"checkpoint {made.name}: {made.commit} ({signed}); `rec sync` shares it")


@app.command("merge-driver", rich_help_panel="Plumbing")
def merge_driver(
    base: Annotated[Path, typer.Argument(help="%O: the common ancestor's version.")],
    ours: Annotated[Path, typer.Argument(help="%A: our version; receives the result.")],
    theirs: Annotated[Path, typer.Argument(help="%B: their version.")],
    name: Annotated[str, typer.Argument(help="%P: the file's path in the repository.")] = "",
) -> None:
    """Git's merge driver for recommendation files (git runs it).

    Registered by `rec init`, and by the first rec command in a clone.

    Example: git config merge.rectrack.driver "rec merge-driver %O %A %B %P"
    """
    from rectrack.app.mergedriver import run_driver

    run_driver(base=base, ours=ours, theirs=theirs, name=name or str(ours))


@app.command()
def sync(
    ctx: typer.Context,
    remote: Annotated[
        str | None, typer.Option("--remote", help="Remote to sync with (default: upstream).")
    ] = None,
) -> None:
    """Fetch, merge the remote's events with yours, push.

    Remote events are merged by the merge driver.

    Example: rec sync
    """
    from rectrack.app.sync import sync as run_sync

    result = run_sync(open_ledger(ctx), remote=remote)
    for note in result.notes:
        typer.echo(note)
    typer.echo(f"synced with {result.remote}/{result.branch}: {result.summary}")
