"""One event of `rec show`'s timeline: its numbered head line and what follows it.

Off a terminal, an untouched status or comment is written as plain lines without building
rich Text (~20 us a line: most of a 100,000-event `rec show`); everything else, and every
line on a terminal, goes through rich.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from rectrack.domain.codec import json_value
from rectrack.domain.corrections import Standing
from rectrack.domain.events import Amendment, Comment, EvidenceAdded, FieldChange, StatusChange
from rectrack.domain.text import printable, printable_line
from rectrack.domain.workflow import Workflow
from rectrack.render.console import indented, indented_text, verbatim
from rectrack.render.status import status_badge


def plain_event_lines(standing: Standing, *, width: int, pad: int) -> list[RenderableType] | None:
    """The plain lines `event_lines` would give an untouched status or comment; None when
    they would not be plain ASCII within the width, or the event carries a mark."""
    event = standing.event
    if standing.mark or standing.withdrawn is not None:
        return None
    start = f"{standing.number:>{pad}}  {event.date.isoformat()}  {printable_line(event.by)}  "
    if isinstance(event, StatusChange):
        head = verbatim(f"{start}status  {printable_line(event.status)} ", width=width)
        return None if head is None else [head]
    if isinstance(event, Comment):
        head = verbatim(f"{start}comment", width=width)
        text = indented_text(printable(event.text.strip("\n")), indent=4, width=width)
        body = verbatim(text, width=width)
        return None if head is None or body is None else [head, body]
    return None


def event_lines(
    standing: Standing, *, workflow: Workflow, width: int, pad: int, history: bool
) -> list[RenderableType]:
    """The event's head line and its body, corrections marked (`history`: as recorded)."""
    event = standing.event
    head = Text.assemble(
        (f"{standing.number:>{pad}}", "bold"), "  ", (event.date.isoformat(), "cyan"), "  ",
        (printable_line(event.by), "dim"), "  ",
    )  # fmt: skip
    gone = "strike" if standing.withdrawn is not None else ""
    body = _describe(standing, head, workflow=workflow, width=width, history=history, gone=gone)
    for line in body:
        if gone and isinstance(line, Text):
            line.stylize(gone)
    if standing.mark:  # on a line of its own: a reason can be long
        mark = indented(f"({printable(standing.mark)})", indent=4, width=width)
        mark.stylize("yellow")
        body.insert(0, mark)
    return [head, *body]


def _describe(
    standing: Standing, head: Text, *, workflow: Workflow, width: int, history: bool, gone: str
) -> list[RenderableType]:
    """Complete the head line for the event's kind; the lines under it."""
    event = standing.event
    body: list[RenderableType] = []
    if isinstance(event, StatusChange):
        head.append("status ")
        head.append_text(status_badge(event.status, workflow=workflow))
    elif isinstance(event, Comment):
        head.append("comment", style="italic")
        text = event.text if history else (standing.text or "")
        body.append(indented(printable(text.strip("\n")), indent=4, width=width))
    elif isinstance(event, FieldChange):
        value = json_value(event.value)
        shown = ", ".join(value) if isinstance(value, list) else value
        head.append(f"set {printable_line(event.field)} = ", style=gone)
        cleared = "(cleared)" if shown is None else printable_line(str(shown))
        head.append(cleared, style=f"bold {gone}")
        if event.reason:
            reason = printable(event.reason)
            body.append(indented(f"reason: {reason}", indent=4, width=width))
    elif isinstance(event, EvidenceAdded):
        head.append("evidence ", style=f"italic {gone}")
        head.append(printable_line(event.name), style=f"bold {gone}")
    else:
        head.append(printable_line(standing.describe()), style="italic")
        if isinstance(event, Amendment):
            body.append(indented(printable(event.text.strip("\n")), indent=4, width=width))
    return body
