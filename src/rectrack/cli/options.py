"""Arguments and options shared by several commands, declared once, with completion.

The list filters (`--status`, `--owner`, `--tag`, `--field`, ... `--as-recorded`) are one
decorator, `with_filters`: a command it wraps receives them already built, as `rec_filter`
and `when`, so `rec list`, `export`, `stats` and `site` all take exactly the same filters.
`with_order` does the same for `--sort` and `--reverse` (as `order`).

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

from rectrack.domain.identifiers import FIELD_NAME
from rectrack.domain.order import SORT_KEYS, RecOrder
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


def format_option(module: str, *, help: str, short: bool = False) -> Any:
    """`--format` (and `-f` with `short`): case-insensitive, completing the FORMATS of the
    app module that makes the document, so the choices are named in one place."""
    flags = ("--format", "-f") if short else ("--format",)
    return typer.Option(
        *flags, help=help, case_sensitive=False, autocompletion=complete_from(formats_of(module))
    )


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


OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write here (default: stdout).")
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace the --output file if it exists.")
]
OpenOption = Annotated[
    bool, typer.Option("--open", help="Open the HTML page in your browser once written.")
]
StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Exit 1 if any file under recs/ could not be read (the output is still given).",
    ),
]

#: (parameter, annotation, default) of every list filter, in the order help shows them.
_FILTERS: tuple[tuple[str, Any, Any], ...] = (
    ("statuses", StatusOption, None),
    ("owner", Annotated[str | None, typer.Option("--owner", help="Only this owner.")], None),
    ("tags", Annotated[list[str] | None, typer.Option(
        "--tag", help="Only those with this tag (repeatable: all must be there).")], None),
    ("fields", Annotated[list[str] | None, typer.Option(
        "--field", metavar="NAME=VALUE", help="Only those whose header field NAME is VALUE, "
        "ignoring case, e.g. force=kent (repeatable: all must hold).")], None),
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
_ORDER: tuple[tuple[str, Any, Any], ...] = (
    ("sort", Annotated[str, typer.Option(
        "--sort", help="Order by id (the default), due, status, owner or last activity.",
        autocompletion=complete_from(SORT_KEYS),
        show_default=False)], "id"),
    ("reverse", Annotated[bool, typer.Option("--reverse", help="Reverse the order.")], False),
)  # fmt: skip

Command = TypeVar("Command", bound=Callable[..., None])


#: `--open`, the old spelling of `--unresolved`, kept hidden on `rec list` and `rec stats`
#: (`rec export --open` and `rec site --open` open the browser).
_OPEN_ALIAS = ("legacy_open", Annotated[bool, typer.Option(
    "--open", hidden=True, help="Old spelling of --unresolved.")], False)  # fmt: skip


def with_filters(command: Command) -> Command:
    """Give `command` the list filters as options; it is called with `rec_filter` and `when`."""
    return _with_options(command, _FILTERS, _build_filter, produces=("rec_filter", "when"))


def with_filters_and_open(command: Command) -> Command:
    """`with_filters`, also accepting the hidden `--open` for `--unresolved`."""
    options = (*_FILTERS, _OPEN_ALIAS)
    return _with_options(command, options, _build_filter, produces=("rec_filter", "when"))


def with_order(command: Command) -> Command:
    """Give `command` `--sort KEY` and `--reverse`; it is called with `order` (a RecOrder)."""
    return _with_options(
        command, _ORDER, lambda given: {"order": _order(**given)}, produces=("order",)
    )


def _build_filter(given: dict[str, Any]) -> dict[str, Any]:
    when = PointInTime(as_at=given.pop("as_at"), as_recorded=given.pop("as_recorded"))
    legacy_open = given.pop("legacy_open", False)
    given["open_only"] = given["open_only"] or legacy_open
    given["statuses"] = tuple(given["statuses"] or ())
    given["tags"] = tuple(given["tags"] or ())
    given["fields"] = tuple(_field_condition(text) for text in given["fields"] or ())
    return {"rec_filter": RecFilter(**given), "when": when}


def _order(*, sort: str, reverse: bool) -> RecOrder:
    return RecOrder(key=one_of(sort, SORT_KEYS, option="--sort"), reverse=reverse)


def _field_condition(text: str) -> tuple[str, str]:
    """`force=kent` as ("force", "kent"); a usage error if it is not NAME=VALUE."""
    name, equals, value = text.partition("=")
    name = name.strip().lower()
    if not equals or not FIELD_NAME.fullmatch(name):
        raise typer.BadParameter(
            f"{text!r} is not NAME=VALUE with a field name such as owner", param_hint="--field"
        )
    return name, value


def _with_options(
    command: Command,
    options: tuple[tuple[str, Any, Any], ...],
    build: Callable[[dict[str, Any]], dict[str, Any]],
    *,
    produces: tuple[str, ...],
) -> Command:
    """`command` with `options` in its signature (for typer) instead of the parameters
    `produces`; on a call `build` turns the options into those keyword arguments."""
    signature = inspect.signature(command, eval_str=True)
    names = [name for name, _, _ in options]
    kept = [p for p in signature.parameters.values() if p.name not in produces]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=hint)
        for name, hint, default in options
    ]

    @functools.wraps(command)
    def wrapper(**given: Any) -> None:
        chosen = {name: given.pop(name) for name in names}
        command(**given, **build(chosen))

    parameters = [*kept, *added]
    wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
    return wrapper  # type: ignore[return-value]
