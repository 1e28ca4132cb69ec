"""Arguments and options shared by several commands, declared once, with completion.

The list filters (`--status`, `--owner`, ... `--as-recorded`) are one decorator,
`with_filters`: a command it wraps receives them already built, as `rec_filter` and
`when`, so `rec list`, `export`, `stats` and `site` all take exactly the same filters.

Completion: `complete_from(choices)` makes a completion function from a fixed list (or a
function returning one, so nothing heavy is imported until the shell asks); IDs,
statuses and field names come from the ledger in the current folder.
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from rectrack.domain.query import PointInTime, RecFilter
from rectrack.errors import RectrackError


def _complete_ids(incomplete: str) -> list[str]:
    from rectrack.app.ledger import find_ledger

    try:
        ids = find_ledger(start=Path.cwd()).rec_ids()
    except RectrackError:
        return []
    return [str(number) for number in ids if str(number).startswith(incomplete)]


def _complete_statuses(incomplete: str) -> list[str]:
    from rectrack.app.ledger import find_ledger

    try:
        statuses = find_ledger(start=Path.cwd()).workflow.statuses
    except RectrackError:
        return []
    return [status for status in statuses if status.startswith(incomplete)]


def complete_fields(incomplete: str) -> list[str]:
    """`rec set` field names: the known header fields and those rectrack.yaml declares."""
    from rectrack.app.ledger import find_ledger
    from rectrack.domain.events import HEADER_FIELDS
    from rectrack.store.config import read_fields

    try:
        declared = read_fields(find_ledger(start=Path.cwd()).config_path)
    except RectrackError:
        declared = ()
    return [name for name in (*HEADER_FIELDS, *declared) if name.startswith(incomplete)]


def complete_from(
    choices: Sequence[str] | Callable[[], Sequence[str]],
) -> Callable[[str], list[str]]:
    """A completion function offering those of `choices` that start with what is typed
    (`choices` may be a function, called only when the shell asks)."""

    def complete(incomplete: str) -> list[str]:
        found = choices() if callable(choices) else choices
        return [choice for choice in found if choice.startswith(incomplete.lower())]

    return complete


def formats_of(module: str) -> Callable[[], Sequence[str]]:
    """The `FORMATS` an app module offers, imported only when completing."""
    return lambda: tuple(importlib.import_module(module).FORMATS)


#: The largest count an option takes (--limit): anything above is a typing slip.
MAX_COUNT = 1_000_000_000
#: The furthest ahead `rec remind --within` looks: a century of days.
MAX_DAYS = 36_500

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
StatusOption = Annotated[
    list[str] | None,
    typer.Option(
        "--status", help="Only this status (repeatable).", autocompletion=_complete_statuses
    ),
]


def one_of(value: str, choices: Sequence[str], *, option: str) -> str:
    """`value` (lower-cased) if it is one of `choices`, else a usage error naming them."""
    if value.lower() not in choices:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(choices)}", param_hint=option)
    return value.lower()


#: (parameter, annotation, default) of every list filter, in the order help shows them.
_FILTERS: tuple[tuple[str, Any, Any], ...] = (
    ("statuses", StatusOption, None),
    ("owner", Annotated[str | None, typer.Option("--owner", help="Only this owner.")], None),
    ("overdue", Annotated[bool, typer.Option("--overdue", help="Only overdue ones.")], False),
    ("open_only", Annotated[
        bool, typer.Option("--unresolved", help="Only those not in a final status.")], False),
    ("report", Annotated[str | None, typer.Option(
        "--report", help="Only from reports matching this text.")], None),
    ("grep", Annotated[str | None, typer.Option(
        "--grep", help="Only those whose text or comments contain this.")], None),
    ("slipped", Annotated[bool, typer.Option(
        "--slipped", help="Only those whose due date has moved.")], False),
    ("as_at", Annotated[str | None, typer.Option(
        "--as-at", help="As it stood on this date, by its events' dates.")], None),
    ("as_recorded", Annotated[str | None, typer.Option(
        "--as-recorded", help="Exactly as committed at this commit, tag or date.")], None),
)  # fmt: skip

Command = TypeVar("Command", bound=Callable[..., None])


#: `--open`, the old spelling of `--unresolved`, kept hidden on `rec list` and `rec stats`
#: (`rec site --open` opens the browser).
_OPEN_ALIAS = ("legacy_open", Annotated[bool, typer.Option(
    "--open", hidden=True, help="Old spelling of --unresolved.")], False)  # fmt: skip


def with_filters(command: Command) -> Command:
    """Give `command` the list filters as options; it is called with `rec_filter` and `when`."""
    return _with(command, _FILTERS)


def with_filters_and_open(command: Command) -> Command:
    """`with_filters`, also accepting the hidden `--open` for `--unresolved`."""
    return _with(command, (*_FILTERS, _OPEN_ALIAS))


def _with(command: Command, filters: tuple[tuple[str, Any, Any], ...]) -> Command:
    signature = inspect.signature(command, eval_str=True)
    kept = [p for p in signature.parameters.values() if p.name not in ("rec_filter", "when")]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=hint)
        for name, hint, default in filters
    ]

    @functools.wraps(command)
    def wrapper(**options: Any) -> None:
        given = {name: options.pop(name) for name, _, _ in filters}
        when = PointInTime(as_at=given.pop("as_at"), as_recorded=given.pop("as_recorded"))
        given["statuses"] = tuple(given["statuses"] or ())
        legacy_open = given.pop("legacy_open", False)
        given["open_only"] = given["open_only"] or legacy_open
        command(**options, rec_filter=RecFilter(**given), when=when)

    parameters = [*kept, *added]
    wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
    return wrapper  # type: ignore[return-value]
