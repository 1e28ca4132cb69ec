"""`rec show`: a recommendation's header, then every event in order, numbered.

Corrections are shown on the events they correct: an amended comment with its current
text and a mark, a withdrawn event struck through with who withdrew it and why. With
`history` every event is shown as it was recorded, the corrections among them.
"""

from __future__ import annotations

import datetime as dt

from rich.console import Console, RenderableType
from rich.text import Text

from rectrack.app.views import LedgerView
from rectrack.domain.codec import json_value
from rectrack.domain.corrections import Standing
from rectrack.domain.dates import format_long
from rectrack.domain.events import Amendment, Comment, EvidenceAdded, FieldChange, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.workflow import Workflow
from rectrack.render.console import console, indented, print_lines
from rectrack.render.status import status_badge


def show(
    rec: Recommendation, *, workflow: Workflow, today: dt.date, out: Console, history: bool = False
) -> None:
    """A recommendation: its header, then every event in order (`history`: as recorded)."""
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
    pad = len(str(rec.standings[-1].number)) if rec.standings else 1
    corrected = False
    for standing in rec.standings:
        if standing.is_correction and not history:
            corrected = True
            continue
        lines += _event_lines(standing, workflow=workflow, width=width, pad=pad, history=history)
    if corrected:
        note = (
            f"(corrections are marked; `rec show {rec.id} --history` shows the record as written)"
        )
        lines += [Text(), Text(note, style="dim")]
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


def _event_lines(
    standing: Standing, *, workflow: Workflow, width: int, pad: int, history: bool
) -> list[RenderableType]:
    event = standing.event
    head = Text.assemble(
        (f"{standing.number:>{pad}}", "bold"), "  ", (event.date.isoformat(), "cyan"), "  ",
        (event.by, "dim"), "  ",
    )  # fmt: skip
    gone = "strike" if standing.withdrawn is not None else ""
    body: list[RenderableType] = []
    if isinstance(event, StatusChange):
        head.append("status ")
        head.append_text(status_badge(event.status, workflow=workflow))
    elif isinstance(event, Comment):
        head.append("comment", style="italic")
        text = event.text if history else (standing.text or "")
        body.append(indented(text.strip("\n"), indent=4, width=width))
    elif isinstance(event, FieldChange):
        value = json_value(event.value)
        shown = ", ".join(value) if isinstance(value, list) else value
        head.append(f"set {event.field} = ", style=gone)
        head.append("(cleared)" if shown is None else str(shown), style=f"bold {gone}")
        if event.reason:
            body.append(indented(f"reason: {event.reason}", indent=4, width=width))
    elif isinstance(event, EvidenceAdded):
        head.append("evidence ", style=f"italic {gone}")
        head.append(event.name, style=f"bold {gone}")
    else:
        head.append(standing.describe(), style="italic")
        if isinstance(event, Amendment):
            body.append(indented(event.text.strip("\n"), indent=4, width=width))
    for line in body:
        if gone and isinstance(line, Text):
            line.stylize(gone)
    if standing.mark:  # on a line of its own: a reason can be long
        mark = indented(f"({standing.mark})", indent=4, width=width)
        mark.stylize("yellow")
        body.insert(0, mark)
    return [head, *body]


def show_view(view: LedgerView, *, rec_id: str, history: bool = False) -> None:
    """`rec show`: which point in time (if not now), then the recommendation."""
    out = console()
    note(view.note, out=out)
    for rec in view.recs:
        show(rec, workflow=view.workflow, today=view.today, out=out, history=history)
    if not view.recs:
        out.print(f"Recommendation {rec_id} had not been raised by then.")


def note(text: str | None, *, out: Console) -> None:
    """Say which point in time a view shows (as at, as recorded), before the view."""
    if text:
        out.print(Text(f"({text})", style="italic"))
