"""The `rec` console script: a typer-free fast path for the commands typed most often.

A review session types `rec comment` and `rec status` dozens of times, and importing typer
(~40 ms) is a large part of a short command. So for exactly these shapes, with literal
values only:

    rec [--ledger DIR] comment ID TEXT [--date D] [--by WHO]
    rec [--ledger DIR] status ID STATUS [--comment TEXT] [--date D] [--by WHO]
    rec [--ledger DIR] show ID
    rec [--ledger DIR] list

this module calls the same use case and renderer and prints what the typer command prints. Anything
else (help, `-` for stdin, no text, an option it does not know, `--opt=value`, a value that
starts with `-`) goes to the typer CLI unchanged, so odd input gets typer's own handling.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rectrack.cli.exits import exit_codes

if TYPE_CHECKING:
    import datetime as dt

    from rectrack.store.paths import Ledger

_OPTIONS: dict[str, tuple[str, ...]] = {
    "comment": ("--date", "--by"),
    "status": ("--comment", "--date", "--by"),
    "show": (),
    "list": (),
}
_ARGUMENTS = {"comment": 2, "status": 2, "show": 1, "list": 0}


def main() -> None:
    """Console-script entry point."""
    parsed = parse(sys.argv[1:])
    if parsed is None:
        from rectrack.cli.main import main as typer_main

        typer_main()
        return
    with exit_codes():
        run(*parsed)


def parse(argv: Sequence[str]) -> tuple[str, str | None, list[str], dict[str, str]] | None:
    """(command, --ledger, arguments, options) for a shape the fast path handles, else None."""
    if "_REC_COMPLETE" in os.environ:  # shell completion is typer's business
        return None
    args = list(argv)
    ledger = None
    if args[:1] == ["--ledger"] and len(args) >= 2 and not args[1].startswith("-"):
        ledger, args = args[1], args[2:]
    if not args or args[0] not in _OPTIONS:
        return None
    command, rest = args[0], args[1:]
    positional: list[str] = []
    options: dict[str, str] = {}
    index = 0
    while index < len(rest):
        token = rest[index]
        if token.startswith("-"):
            if token not in _OPTIONS[command] or token in options or index + 1 >= len(rest):
                return None
            value = rest[index + 1]
            if value.startswith("-"):
                return None
            options[token] = value
            index += 2
        else:
            positional.append(token)
            index += 1
    if len(positional) != _ARGUMENTS[command]:
        return None
    return command, ledger, positional, options


def run(command: str, ledger_dir: str | None, args: list[str], options: dict[str, str]) -> None:
    """Do the command, printing exactly what the typer command prints."""
    import datetime as dt

    from rectrack.app.ledger import open_ledger

    ledger = open_ledger(ledger_dir)
    today = dt.date.today()
    if command in ("show", "list"):
        return _read(command, ledger, args, today=today)
    from rectrack.app import recording
    from rectrack.app.stamp import Stamp

    stamp = Stamp(date=options.get("--date"), by=options.get("--by"))
    if command == "comment":
        result = recording.add_comment(
            ledger, rec_id=args[0], text=args[1], stamp=stamp, today=today
        )
    else:
        result = recording.change_status(
            ledger, rec_id=args[0], status=args[1], comment=options.get("--comment"),
            stamp=stamp, today=today,
        )  # fmt: skip
    from rectrack.domain.text import printable_line

    sys.stdout.write(f"{printable_line(result.message)} [{result.commit[:8]}]\n")
    sys.stdout.flush()


def _read(command: str, ledger: Ledger, args: list[str], *, today: dt.date) -> None:
    if command == "list":
        from rectrack.app.reading import list_summaries
        from rectrack.domain.query import RecFilter
        from rectrack.render.listtable import print_table

        found = list_summaries(ledger, rec_filter=RecFilter(), today=today)
        print_table(found.recs, workflow=ledger.workflow, today=today)
        if found.skipped:
            from rectrack.render.warnings import warn_skipped

            warn_skipped(found.skipped)
        return
    from rectrack.app.reading import get_recommendation
    from rectrack.render.console import console
    from rectrack.render.timeline import show

    rec = get_recommendation(ledger, rec_id=args[0])
    show(rec, workflow=ledger.workflow, today=today, out=console())
