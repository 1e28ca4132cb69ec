"""Terminal views: a recommendation's timeline, the list table, the history.

The only module that imports rich. Colour and styles appear on a terminal only; piped
output and NO_COLOR get plain text that still reads well in 80 columns.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.text import Text

from rectrack import listview
from rectrack.domain.codec import json_value
from rectrack.domain.dates import format_long
from rectrack.domain.events import Comment, EvidenceAdded, FieldChange, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.summary import RecSummary
from rectrack.domain.workflow import Workflow
from rectrack.vcs.log import CommitInfo

_STATUS_STYLES = {
    "awaiting-review": "bold black on yellow",
    "being-progressed": "bold white on blue",
    "complete": "bold white on green",
}


def console(*, width: int | None = None) -> Console:
    return Console(highlight=False, width=width)


def status_badge(status: str | None, *, workflow: Workflow) -> Text:
    if status is None:
        return Text("(no status)", style="dim")
    style = _STATUS_STYLES.get(status)
    if style is None:
        style = "bold white on green" if workflow.is_final(status) else "bold white on magenta"
    return Text(f" {status} ", style=style)


def show(rec: Recommendation, *, workflow: Workflow, today: dt.date, out: Console) -> None:
    """A recommendation: its header, then every event in order."""
    # One print of a Group: rich's per-print overhead was most of `rec show` at 200 events.
    lines: list[RenderableType] = []
    lines.append(Text.assemble((f"Recommendation {rec.id}: ", "bold"), (rec.title, "bold")))
    status_line = Text.assemble("Status: ", status_badge(rec.status, workflow=workflow))
    lines.append(status_line)
    due = rec.due
    if due is not None:
        overdue = rec.is_overdue(today=today, final=workflow.final)
        label = f"{due.isoformat()} ({format_long(due)})" + (" OVERDUE" if overdue else "")
        lines.append(Text.assemble("Due:    ", (label, "bold red" if overdue else "")))
    original = rec.original_due
    if original is not None and original != due:
        moves = len(rec.due_moves)
        lines.append(
            f"        originally {original.isoformat()}; moved {moves} time{'s' * (moves != 1)}"
        )
        for move in rec.due_moves:
            new = move.new.isoformat() if move.new else "(cleared)"
            lines.append(
                _indented(
                    f"{move.date.isoformat()} {move.old.isoformat()} -> {new}: "
                    f"{move.reason or '(no reason recorded)'} ({move.by})",
                    indent=10,
                    width=out.width,
                )
            )
    for name in ("owner", "report", "number", "tags"):
        value = rec.state.get(name)
        if value:
            shown = ", ".join(value) if isinstance(value, tuple) else str(value)
            lines.append(Text.assemble(f"{name.capitalize() + ':':<8}", shown))
    if rec.evidence:
        lines.append("Evidence:")
        for item in rec.evidence:
            where = item.url or f"{item.size} bytes"
            line = f"{item.name} ({where}, sha256 {item.sha256[:16]}…)"
            lines.append(_indented(line, indent=2, width=out.width))
    text = rec.state.get("text")
    if text:
        lines.append(Text())
        lines.append(_indented(str(text), indent=2, width=out.width))
    lines.append(Text())
    lines.append(Text(f"Timeline ({len(rec.events)} events)", style="bold underline"))
    for event in rec.events:
        head = Text.assemble((event.date.isoformat(), "cyan"), "  ", (event.by, "dim"), "  ")
        if isinstance(event, StatusChange):
            head.append("status ")
            head.append_text(status_badge(event.status, workflow=workflow))
            lines.append(head)
        elif isinstance(event, Comment):
            head.append("comment", style="italic")
            lines.append(head)
            lines.append(_indented(event.text.strip("\n"), indent=4, width=out.width))
        elif isinstance(event, FieldChange):
            value = json_value(event.value)
            shown = ", ".join(value) if isinstance(value, list) else value
            head.append(f"set {event.field} = ")
            head.append("(cleared)" if shown is None else str(shown), style="bold")
            lines.append(head)
            if event.reason:
                lines.append(_indented(f"reason: {event.reason}", indent=4, width=out.width))
        elif isinstance(event, EvidenceAdded):
            head.append("evidence ", style="italic")
            head.append(event.name, style="bold")
            lines.append(head)
    _print_lines(out, lines)


def _print_lines(out: Console, lines: list[RenderableType]) -> None:
    """Print the lines in order, as if one rich Group. Off a terminal there are no styles,
    and a line of plain ASCII that fits the width comes out of rich exactly as it is: such
    lines are written as they are, skipping rich's render pass (most of `rec show`); runs
    of any other lines go to rich together."""
    if out.is_terminal:
        out.print(Group(*lines))
        return
    pending: list[RenderableType] = []
    for line in lines:
        if not _verbatim(line, width=out.width):
            pending.append(line)
            continue
        if pending:
            out.print(Group(*pending))
            pending = []
        out.file.write(f"{_plain(line)}\n")
    if pending:
        out.print(Group(*pending))
    out.file.flush()


def _plain(line: RenderableType) -> str:
    return line.plain if isinstance(line, Text) else str(line)


def _verbatim(line: RenderableType, *, width: int) -> bool:
    if isinstance(line, str):
        # A str goes through rich's markup and :emoji: codes: only if it has neither.
        if "[" in line or line.count(":") > 1:
            return False
    elif not isinstance(line, Text):
        return False
    return all(
        len(part) <= width and part.isascii() and part.isprintable()
        for part in _plain(line).split("\n")
    )


def table(
    recs: Sequence[Recommendation | RecSummary], *, workflow: Workflow, today: dt.date, out: Console
) -> None:
    """The `rec list` table: fixed columns, the title takes what width is left."""
    if not recs:
        out.print(listview.NO_MATCH)
        return
    grid = listview.layout(recs, workflow=workflow, today=today, width=out.width)
    widths = grid.widths
    out.print(Text(grid.line(grid.headers), style="bold"), no_wrap=True, crop=False)
    for row in grid.rows:
        line = Text(grid.line(row))
        status_at = sum(widths[:2]) + 4
        line.stylize(_STATUS_STYLES.get(row[2], "bold"), status_at, status_at + len(row[2]))
        if row[4].endswith("!"):
            due_at = sum(widths[:4]) + 8
            line.stylize("bold red", due_at, due_at + len(row[4]))
        out.print(line, no_wrap=True, crop=False)
    out.print(Text(listview.footer(len(recs)), style="dim"))


def _indented(text: str, *, indent: int, width: int) -> Text:
    """Text wrapped to the width with every line indented (rich's Padding pads lines with spaces)."""
    prefix = " " * indent
    lines: list[str] = []  # blank lines stay blank, without the indent
    for line in text.splitlines() or [""]:
        wrapped = textwrap.wrap(
            line, width=max(20, width - indent), replace_whitespace=False, drop_whitespace=True
        )
        lines.extend((prefix + part).rstrip() for part in wrapped or [""])
    joined = "\n".join(lines)
    # Printable ASCII lines that fit the width come out of rich's own wrapping unchanged, so
    # rich is told not to wrap them again (that second wrap was a third of `rec show`).
    fits = all(len(line) <= width and line.isascii() and line.isprintable() for line in lines)
    return Text(joined, no_wrap=fits or None)


def history(commits: Sequence[CommitInfo], *, out: Console) -> None:
    """`rec log`: who changed what, when."""
    if not commits:
        out.print("No history yet.")
        return
    for commit in commits:
        subject = commit.message.splitlines()[0] if commit.message else ""
        head = Text.assemble(
            (commit.sha[:8], "yellow"),
            "  ",
            (commit.date.strftime("%Y-%m-%d %H:%M"), "cyan"),
            "  ",
            (f"{commit.author} <{commit.email}>", "dim"),
        )
        out.print(head, no_wrap=True, overflow="ellipsis")
        out.print(_indented(subject, indent=10, width=out.width))


def note(text: str | None, *, out: Console) -> None:
    """Say which point in time a view shows (as at, as recorded), before the view."""
    if text:
        out.print(Text(f"({text})", style="italic"))
