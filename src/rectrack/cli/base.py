"""The typer application, its error handling, and what every command shares.

`RecGroup.main` turns click's own failures into our errors and runs everything inside
`exits.exit_codes`, the one handler both front ends use; `RecGroup.format_commands`
lists every command on one line, plumbing (what git runs) in a section of its own.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Sequence
from typing import Annotated, Any, NoReturn

import typer
from typer._click import Context, HelpFormatter
from typer.core import TyperGroup

from rectrack.app.writepath import WriteResult
from rectrack.cli.exits import UsageError, closed_pipe, exit_codes
from rectrack.domain.skipped import SkippedFile
from rectrack.domain.text import printable_line
from rectrack.errors import RectrackError
from rectrack.store.paths import Ledger


class RecGroup(TyperGroup):
    """Typer's group, its failures routed through rectrack's one exit handler."""

    def main(self, *args: Any, **kwargs: Any) -> NoReturn:
        kwargs["standalone_mode"] = False
        from typer._click import exceptions as click_errors

        with exit_codes():
            given = kwargs.get("args", args[0] if args else None)
            if any("\x00" in str(arg) for arg in (sys.argv[1:] if given is None else given)):
                # A shell cannot pass one (C strings); only a caller in this process can.
                raise UsageError(detail="an argument holds a NUL character, which none takes")
            try:
                code = super().main(*args, **kwargs)
            except click_errors.NoArgsIsHelpError as error:
                typer.echo(error.ctx.get_help() if error.ctx else "", err=True)
                sys.exit(2)
            except click_errors.UsageError as error:
                hint = f" (see `{error.ctx.command_path} --help`)" if error.ctx else ""
                raise UsageError(detail=f"{error.format_message()}{hint}") from None
            except click_errors.ClickException as error:
                raise _ClickFailure(detail=error.format_message()) from None
            except typer.Abort:
                raise KeyboardInterrupt from None
        sys.exit(code if isinstance(code, int) else 0)

    # click answers a closed pipe with exit 1 itself: stop it there, and end quietly with 0.
    def make_context(self, *args: Any, **kwargs: Any) -> Context:
        try:
            return super().make_context(*args, **kwargs)  # prints --help
        except BrokenPipeError:
            closed_pipe()

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            closed_pipe()

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """Each command on one line, never cut short; `rich_help_panel` names its section
        (typer keeps the panel name even without rich, which is all this needs)."""
        sections: dict[str, list[tuple[str, str]]] = {}
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            panel = getattr(command, "rich_help_panel", None) or "Commands"
            sections.setdefault(panel, []).append((name, command.get_short_help_str(limit=200)))
        width = max((len(name) for rows in sections.values() for name, _ in rows), default=0)
        for panel, rows in sections.items():
            with formatter.section(panel):
                for name, line in rows:
                    formatter.write(f"{'':>{formatter.current_indent}}{name:<{width}}  {line}\n")


class FilesSkipped(RectrackError):
    """--strict, and a report left out files it could not read (each was warned about)."""

    template = (
        "{count} file(s) under recs/ could not be read and were left out of the output above "
        "(--strict)"
    )


class _ClickFailure(RectrackError):
    """Another failure click reported (a file it could not open, say)."""

    template = "{detail}"


app = typer.Typer(
    cls=RecGroup,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="rectrack: an append-only, git-backed ledger of inspection recommendations.",
)


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


def open_ledger(ctx: typer.Context) -> Ledger:
    """The ledger this invocation names (recovered and ready; see app/ledger.py)."""
    from rectrack.app.ledger import open_ledger as open_found

    return open_found(ctx.find_root().obj)


def today() -> dt.date:
    return dt.date.today()


def announce(result: WriteResult) -> None:
    """What a write prints: its commit message and the commit's short hash."""
    typer.echo(f"{printable_line(result.message)} [{result.commit[:8]}]")


def print_json(data: object) -> None:
    """JSON with non-ASCII text as it is, but every control character escaped (json
    escapes C0 itself; C1 and the bidirectional overrides are escaped here)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    typer.echo(text if text.isascii() else _JSON_UNSAFE.sub(_json_escape, text))


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def report_skipped(skipped: Sequence[SkippedFile], *, strict: bool) -> None:
    """After a report: one warning per file it left out; with --strict, exit 1 for them."""
    from rectrack.render.warnings import warn_skipped

    warn_skipped(skipped)
    if strict and skipped:
        raise FilesSkipped(count=len(skipped))
