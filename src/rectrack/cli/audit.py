"""Audit follow-up commands: evidence, changes, remind."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rectrack.app import stamp
from rectrack.cli.base import _announce, _ledger, _today, app
from rectrack.cli.options import (
    ByOption,
    DateOption,
    RecId,
)


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
    from rectrack.app.evidence import add_evidence

    result = add_evidence(
        _ledger(ctx), rec_id=rec_id, files=files or [], url=url, sha256=sha256, comment=comment,
        stamp=stamp.Stamp(date=date, by=by), today=_today(),
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
    from rectrack.app.changes import changes_since
    from rectrack.exporters import changes as changes_report

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
    from rectrack.app.reminders import remind_text, upcoming

    if output_format not in ("text", "json", "ics"):
        raise typer.BadParameter("use text, json or ics", param_hint="--format")
    ledger = _ledger(ctx)
    found = upcoming(ledger, within_days=within, owner=owner, today=_today())
    typer.echo(remind_text(ledger, found, output_format=output_format, today=_today()), nl=False)
