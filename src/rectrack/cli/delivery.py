"""Where a document goes: standard output, a file (`--output`), and a browser (`--open`).

`--open` writes the page first (to `--output`, or else a new temporary folder, since a
browser needs a file) and then hands its address to Python's `webbrowser`, which honours
the BROWSER environment variable.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import typer

from rectrack.app.documents import Document
from rectrack.cli.base import report_skipped
from rectrack.cli.exits import UsageError


def output_for(
    *, fmt: str, output: Path | None, open_browser: bool, binary: bool = False
) -> Path | None:
    """Where to write: `output`, or with --open and no --output a new temporary file; a
    binary document (xlsx) is refused for a terminal."""
    if binary and output is None and sys.stdout.isatty():
        raise UsageError(detail=f"an {fmt} file is not for a terminal: give --output FILE")
    if not open_browser:
        return output
    if fmt != "html":
        raise typer.BadParameter("opens HTML only: add --format html", param_hint="--open")
    if output is not None:
        return output
    return Path(tempfile.mkdtemp(prefix="rec-export-")) / "recommendations.html"


def deliver(document: Document, *, strict: bool, open_browser: bool = False) -> None:
    """Print the document (or say where it was written) and its aside, open it, then the
    warnings about files it left out."""
    if document.written is None:
        if isinstance(document.text, bytes):
            sys.stdout.buffer.write(document.text)
        else:
            sys.stdout.write(document.text)
        sys.stdout.flush()
    else:
        typer.echo(f"wrote {document.written}", err=True)
    if document.aside is not None:
        typer.echo(document.aside, err=True)
    if open_browser and document.written is not None:
        open_in_browser(document.written)
    report_skipped(document.skipped, strict=strict)


def open_in_browser(path: Path) -> None:
    """Show `path` in the user's browser ($BROWSER, else the system's default)."""
    import webbrowser

    if not webbrowser.open(path.resolve().as_uri()):
        typer.echo(f"rec: warning: no browser could be started: open {path} yourself", err=True)
