"""Audit follow-up commands: evidence, changes, remind."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rectrack.app.stamp import Stamp
from rectrack.cli.base import announce, app, open_ledger, today
from rectrack.cli.options import (
    MAX_DAYS,
    ByOption,
    DateOption,
    RecId,
    StrictOption,
    format_option,
    one_of,
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
    """Attach evidence: files, or a URL with its hash (one commit).

    Files are copied into evidence/<sha256>, named by their content.
    Example: rec evidence 5 closure-report.pdf --comment "Insight activity findings"
    """
    from rectrack.app.evidence import add_evidence

    result = add_evidence(
        open_ledger(ctx), rec_id=rec_id, files=files or [], url=url, sha256=sha256,
        comment=comment, stamp=Stamp(date=date, by=by), today=today(),
    )  # fmt: skip
    announce(result)


@app.command()
def changes(
    ctx: typer.Context,
    since: Annotated[str, typer.Option("--since", help="A commit, tag or date.")],
    output_format: Annotated[
        str, format_option("rectrack.app.changes", help="md, html or json.")
    ] = "md",
    strict: StrictOption = False,
) -> None:
    """What changed since a commit, tag or date, by recommendation.

    Example: rec changes --since committee-2026-03 --format md
    """
    from rectrack.app.changes import FORMATS, changes_document
    from rectrack.cli.delivery import deliver

    fmt = one_of(output_format, FORMATS, option="--format")
    deliver(changes_document(open_ledger(ctx), since=since, fmt=fmt), strict=strict)


@app.command()
def remind(
    ctx: typer.Context,
    within: Annotated[int, typer.Option(help="Days ahead to look.", min=0, max=MAX_DAYS)] = 30,
    owner: Annotated[str | None, typer.Option(help="Only this owner.")] = None,
    output_format: Annotated[
        str, format_option("rectrack.app.reminders", help="text, json or ics.")
    ] = "text",
    strict: StrictOption = False,
) -> None:
    """Open recommendations due soon or overdue, grouped by owner.

    Due soon: within --within days.

    Example: rec remind --within 14 --format ics > due.ics
    """
    from rectrack.app.reminders import FORMATS, remind
    from rectrack.cli.delivery import deliver

    fmt = one_of(output_format, FORMATS, option="--format")
    document = remind(open_ledger(ctx), within_days=within, owner=owner, fmt=fmt, today=today())  # type: ignore[arg-type]
    deliver(document, strict=strict)
