"""`rec show`: a recommendation's header, then every event in order."""

from __future__ import annotations

import datetime as dt

from rich.console import Console, RenderableType
from rich.text import Text

from rectrack.app.views import LedgerView
from rectrack.domain.codec import json_value
from rectrack.domain.dates import format_long
from rectrack.domain.events import Comment, Event, EvidenceAdded, FieldChange, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.text import printable, printable_line
from rectrack.domain.workflow import Workflow
from rectrack.render.console import console, indented, indented_text, print_lines, verbatim
from rectrack.render.status import status_badge


def show(rec: Recommendation, *, workflow: Workflow, today: dt.date, out: Console) -> None:
    """A recommendation: its header, then every event in order."""
    # One print of many lines: rich's per-print overhead was most of `rec show` at 200 events.
    width = out.width
    lines: list[RenderableType] = [
        Text.assemble((f"Recommendation {rec.id}: ", "bold"), (printable_line(rec.title), "bold")),
        Text.assemble("Status: ", status_badge(rec.status, workflow=workflow)),
        *_due_lines(rec, workflow=workflow, today=today, width=width),
        *_field_lines(rec, width=width),
    ]
    text = rec.state.get("text")
    if text:
        lines += [Text(), indented(printable(str(text)), indent=2, width=width)]
    lines += [Text(), Text(f"Timeline ({len(rec.events)} events)", style="bold underline")]
    plain = not out.is_terminal
    for event in rec.events:
        fast = _plain_event_lines(event, width=width) if plain else None
        lines += fast or _event_lines(event, workflow=workflow, width=width)
    print_lines(out, lines)


def _plain_event_lines(event: Event, *, width: int) -> list[RenderableType] | None:
    """Off a terminal, a status or comment event as the plain lines `_event_lines` would
    give, without building rich Text (~20 us a line: most of a 100,000-event `rec show`);
    None when they would not be plain ASCII within the width."""
    start = f"{event.date.isoformat()}  {printable_line(event.by)}  "
    if isinstance(event, StatusChange):
        head = verbatim(f"{start}status  {printable_line(event.status)} ", width=width)
        return None if head is None else [head]
    if isinstance(event, Comment):
        head = verbatim(f"{start}comment", width=width)
        text = indented_text(printable(event.text.strip("\n")), indent=4, width=width)
        body = verbatim(text, width=width)
        return None if head is None or body is None else [head, body]
    return None


def _due_lines(
    rec: Recommendation, *, workflow: Workflow, today: dt.date, width: int
) -> list[RenderableType]:
    due = rec.due
    lines: list[RenderableType] = []
    if due is not None:
        overdue = rec.is_overdue(today=today, final=workflow.final)
        label = f"{due.isoformat()} ({format_long(due)})" + (" OVERDUE" if overdue else "")
        lines.append(Text.assemble("Due:    ", (label, "bold red" if overdue else "")))
    original = rec.original_due
    if original is None or original == due:
        return lines
    moves = len(rec.due_moves)
    lines.append(
        f"        originally {original.isoformat()}; moved {moves} time{'s' * (moves != 1)}"
    )
    for move in rec.due_moves:
        new = move.new.isoformat() if move.new else "(cleared)"
        line = (
            f"{move.date.isoformat()} {move.old.isoformat()} -> {new}: "
            f"{printable(move.reason or '(no reason recorded)')} ({printable_line(move.by)})"
        )
        lines.append(indented(line, indent=10, width=width))
    return lines


def _field_lines(rec: Recommendation, *, width: int) -> list[RenderableType]:
    lines: list[RenderableType] = []
    for name in ("owner", "report", "number", "tags"):
        value = rec.state.get(name)
        if value:
            shown = ", ".join(value) if isinstance(value, tuple) else str(value)
            lines.append(Text.assemble(f"{name.capitalize() + ':':<8}", printable_line(shown)))
    if rec.evidence:
        lines.append("Evidence:")
        for item in rec.evidence:
            where = item.url or f"{item.size} bytes"
            line = printable_line(f"{item.name} ({where}, sha256 {item.sha256[:16]}…)")
            lines.append(indented(line, indent=2, width=width))
    return lines


def _event_lines(event: Event, *, workflow: Workflow, width: int) -> list[RenderableType]:
    by = printable_line(event.by)
    head = Text.assemble((event.date.isoformat(), "cyan"), "  ", (by, "dim"), "  ")
    if isinstance(event, StatusChange):
        head.append("status ")
        head.append_text(status_badge(event.status, workflow=workflow))
        return [head]
    if isinstance(event, Comment):
        head.append("comment", style="italic")
        return [head, indented(printable(event.text.strip("\n")), indent=4, width=width)]
    if isinstance(event, FieldChange):
        value = json_value(event.value)
        shown = ", ".join(value) if isinstance(value, list) else value
        head.append(f"set {printable_line(event.field)} = ")
        head.append("(cleared)" if shown is None else printable_line(str(shown)), style="bold")
        if event.reason:
            reason = printable(event.reason)
            return [head, indented(f"reason: {reason}", indent=4, width=width)]
        return [head]
    assert isinstance(event, EvidenceAdded)
    head.append("evidence ", style="italic")
    head.append(printable_line(event.name), style="bold")
    return [head]


def show_view(view: LedgerView, *, rec_id: str) -> None:
    """`rec show`: which point in time (if not now), then the recommendation."""
    out = console()
    note(view.note, out=out)
    for rec in view.recs:
        show(rec, workflow=view.workflow, today=view.today, out=out)
    if not view.recs:
        out.print(f"Recommendation {rec_id} had not been raised by then.")


def note(text: str | None, *, out: Console) -> None:
    """Say which point in time a view shows (as at, as recorded), before the view."""
    if text:
        out.print(Text(f"({printable_line(text)})", style="italic"))
