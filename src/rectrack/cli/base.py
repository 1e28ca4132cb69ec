"""The `rec` application: the Typer app, its one error handler, and what every command shares.

`RecGroup.main` is the one place that turns failures into exit codes: a RectrackError is
one line on stderr and exit 1; a usage error is one line and exit 2.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from rectrack.app import writepath
from rectrack.errors import RectrackError
from rectrack.store.paths import Ledger


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
    from rectrack.launch import open_ledger  # recover a killed write; configure the driver

    return open_ledger(ctx.find_root().obj)


def _today() -> dt.date:
    return dt.date.today()


def _announce(result: writepath.WriteResult) -> None:
    typer.echo(f"{result.message} [{result.commit[:8]}]")


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
