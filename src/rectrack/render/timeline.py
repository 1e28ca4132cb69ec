"""`rec show`: a recommendation's header, then every event in order, numbered.

Corrections are shown on the events they correct: an amended comment with its current
text and a mark, a withdrawn event struck through with who withdrew it and why. With
`history` every event is shown as it was recorded, the corrections among them. Ledger text
is data: control characters and escape sequences are shown escaped, never obeyed.
"""

from __future__ import annotations

import datetime as dt

from rich.console import Console, RenderableType
from rich.text import Text

from rectrack.app.views import LedgerView
from rectrack.domain.dates import format_long
from rectrack.domain.state import Recommendation
from rectrack.domain.text import printable, printable_line
from rectrack.domain.workflow import Workflow
from rectrack.render.console import console, indented, print_lines
from rectrack.render.status import status_badge
from rectrack.render.timeline_events import event_lines, plain_event_lines


def show(
    rec: Recommendation, *, workflow: Workflow, today: dt.date, out: Console, history: bool = False
) -> None:
    """A recommendation: its header, then every event in order (`history`: as recorded)."""
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
    pad = len(str(rec.standings[-1].number)) if rec.standings else 1
    plain = not out.is_terminal
    corrected = False
    for standing in rec.standings:
        if standing.is_correction and not history:
            corrected = True
            continue
        fast = plain_event_lines(standing, width=width, pad=pad) if plain else None
        lines += fast or event_lines(
            standing, workflow=workflow, width=width, pad=pad, history=history
        )
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
        out.print(Text(f"({printable_line(text)})", style="italic"))
