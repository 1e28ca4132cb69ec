"""Status badges: each status in its own colour, always with its name as text."""

from __future__ import annotations

from rich.text import Text

from rectrack.domain.text import printable_line
from rectrack.domain.workflow import Workflow

STATUS_STYLES = {
    "awaiting-review": "bold black on yellow",
    "being-progressed": "bold white on blue",
    "complete": "bold white on green",
}


def status_badge(status: str | None, *, workflow: Workflow) -> Text:
    if status is None:
        return Text("(no status)", style="dim")
    style = STATUS_STYLES.get(status)
    if style is None:
        style = "bold white on green" if workflow.is_final(status) else "bold white on magenta"
    return Text(f" {printable_line(status)} ", style=style)
