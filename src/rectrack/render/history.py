"""`rec log`: who changed what, when."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from rectrack.domain.text import printable_line
from rectrack.render.console import console, indented
from rectrack.vcs.log import CommitInfo


def history(commits: Sequence[CommitInfo]) -> None:
    """`rec log`: who changed what, when."""
    out = console()
    if not commits:
        out.print("No history yet.")
        return
    for commit in commits:
        subject = printable_line(commit.message.splitlines()[0]) if commit.message else ""
        head = Text.assemble(
            (commit.sha[:8], "yellow"),
            "  ",
            (commit.date.strftime("%Y-%m-%d %H:%M"), "cyan"),
            "  ",
            (printable_line(f"{commit.author} <{commit.email}>"), "dim"),
        )
        out.print(head, no_wrap=True, overflow="ellipsis")
        out.print(indented(subject, indent=10, width=out.width))
