"""Arguments and options shared by several commands, and their shell completion."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rectrack.app.ledger import find_ledger
from rectrack.domain.query import RecFilter
from rectrack.errors import RectrackError


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
