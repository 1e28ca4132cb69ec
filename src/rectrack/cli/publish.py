"""Publishing the ledger for people without `rec`: site."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rectrack.cli.base import app, open_ledger, report_skipped
from rectrack.cli.options import StrictOption, with_filters
from rectrack.domain.query import PointInTime, RecFilter


@app.command()
@with_filters
def site(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The folder (default: site/ in the ledger)."),
    ] = None,
    title: Annotated[str, typer.Option(help="The site's name, atop every page.")] = (
        "Recommendations"
    ),
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the site's index.html in a browser when done.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a folder holding files rec site did not write.")
    ] = False,
    strict: StrictOption = False,
    *,
    rec_filter: RecFilter,
    when: PointInTime,
) -> None:
    """Build a static website of the ledger for anyone to read.

    The site shows the ledger as committed (HEAD, or --as-recorded); see docs/site.md.

    Example: rec site --title "Force X: inspection recommendations" --as-recorded HEAD
    """
    from rectrack.app.site import publish_site
    from rectrack.render.console import progress
    from rectrack.render.site import built

    with progress("building the site") as tick:
        result = publish_site(open_ledger(ctx), output=output, rec_filter=rec_filter, when=when,
                              title=title, force=force, progress=tick)  # fmt: skip
    built(result)
    if open_browser:
        _open(result.index)
    report_skipped(result.skipped, strict=strict)


def _open(index: Path) -> None:
    """Hand index.html to the user's browser ($BROWSER, else the system's choice)."""
    import webbrowser

    if not webbrowser.open(index.as_uri()):
        typer.echo(f"rec: note: no browser could be started: open {index} yourself", err=True)
