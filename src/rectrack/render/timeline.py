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
from rectrack.domain.workflow import Workflow
from rectrack.render.console import console, indented, print_lines
from rectrack.render.status import status_badge


def show(rec: Recommendation, *, workflow: Workflow, today: dt.date, out: Console) -> None:
    """A recommendation: its header, then every event in order."""
    # One print of many lines: rich's per-print overhead was most of `rec show` at 200 events.
    width = out.width
    lines: list[RenderableType] = [
        Text.assemble((f"Recommendation {rec.id}: ", "bold"), (rec.title, "bold")),
        Text.assemble("Status: ", status_badge(rec.status, workflow=workflow)),
        *_due_lines(rec, workflow=workflow, today=today, width=width),
        *_field_lines(rec, width=width),
    ]
    text = rec.state.get("text")
    if text:
        lines += [Text(), indented(str(text), indent=2, width=width)]
    lines += [Text(), Text(f"Timeline ({len(rec.events)} events)", style="bold underline")]
    for event in rec.events:
        lines += _event_lines(event, workflow=workflow, width=width)
    print_lines(out, lines)


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
            f"{move.reason or '(no reason recorded)'} ({move.by})"
        )
        lines.append(indented(line, indent=10, width=width))
    return lines


def _field_lines(rec: Recommendation, *, width: int) -> list[RenderableType]:
    lines: list[RenderableType] = []
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
            lines.append(indented(line, indent=2, width=width))
    return lines


def _event_lines(event: Event, *, workflow: Workflow, width: int) -> list[RenderableType]:
    head = Text.assemble((event.date.isoformat(), "cyan"), "  ", (event.by, "dim"), "  ")
    if isinstance(event, StatusChange):
        head.append("status ")
        head.append_text(status_badge(event.status, workflow=workflow))
        return [head]
    if isinstance(event, Comment):
        head.append("comment", style="italic")
        return [head, indented(event.text.strip("\n"), indent=4, width=width)]
    if isinstance(event, FieldChange):
        value = json_value(event.value)
        shown = ", ".join(value) if isinstance(value, list) else value
        head.append(f"set {event.field} = ")
        head.append("(cleared)" if shown is None else str(shown), style="bold")
        if event.reason:
            return [head, indented(f"reason: {event.reason}", indent=4, width=width)]
        return [head]
    assert isinstance(event, EvidenceAdded)
    head.append("evidence ", style="italic")
    head.append(event.name, style="bold")
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
        out.print(Text(f"({text})", style="italic"))
