"""`rec export --format md`: a summary table and each recommendation's timeline.

Meant to be pasted into a board paper: plain CommonMark plus a GitHub-style table. User
text is escaped so a `*`, `|` or `<` in a comment shows as itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from rectrack.domain.codec import json_value
from rectrack.domain.corrections import Standing
from rectrack.domain.dates import format_long
from rectrack.domain.events import (
    Comment,
    EvidenceAdded,
    FieldChange,
    StatusChange,
)
from rectrack.domain.state import Recommendation
from rectrack.domain.stats import compute
from rectrack.domain.workflow import Workflow

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(#?\w+;)")
# At a line's start these make a heading, list, quote or underline.
_LINE_START = re.compile(r"(?m)^([ \t]*)([-+=#]|\d+[.)](?=\s|$))")


def escape(text: str) -> str:
    """Markdown-inert text on one line or several (line breaks kept)."""
    text = _SPECIAL.sub(r"\\\1", text)
    text = _ENTITY.sub(r"&amp;\1", text)
    return _LINE_START.sub(lambda m: f"{m.group(1)}{_escape_start(m.group(2))}", text)


def _escape_start(marker: str) -> str:
    # "1." becomes "1\." (the dot makes the list, not the digit); "-" becomes "\-".
    return f"{marker[:-1]}\\{marker[-1]}" if marker[0].isdigit() else "\\" + marker


def cell(text: str) -> str:
    """Escaped text for a table cell: one line."""
    return escape(" ".join(text.split()))


def export_markdown(
    recs: Sequence[Recommendation], *, workflow: Workflow, today: dt.date, title: str
) -> str:
    """The whole document."""
    stats = compute(recs, workflow=workflow, today=today)
    counts = ", ".join(f"{count} {escape(status)}" for status, count in stats.by_status.items())
    lines = [
        f"# {escape(title)}",
        "",
        f"{stats.total} recommendation(s) on {format_long(today)}: {counts or 'none'}; "
        f"{stats.overdue} overdue.",
        "",
        "| ID | Title | Status | Owner | Due | Last activity |",
        "|---:|---|---|---|---|---|",
    ]
    for rec in recs:
        overdue = rec.is_overdue(today=today, final=workflow.final)
        due = (rec.due.isoformat() + (" **overdue**" if overdue else "")) if rec.due else ""
        last = rec.state.last_activity
        lines.append(
            f"| {rec.id} | {cell(rec.title)} | {cell(rec.status or '')} | "
            f"{cell(rec.owner or '')} | {due} | {last.isoformat() if last else ''} |"
        )
    for rec in recs:
        lines += ["", *_section(rec, workflow=workflow, today=today)]
    return "\n".join(lines) + "\n"


def _section(rec: Recommendation, *, workflow: Workflow, today: dt.date) -> list[str]:
    lines = [f"## {rec.id}. {escape(rec.title)}", ""]
    facts = [("Status", rec.status or "(none)")]
    for name in ("report", "number", "kind", "owner"):
        if value := rec.state.get(name):
            facts.append((name.capitalize(), str(value)))
    if rec.due:
        overdue = rec.is_overdue(today=today, final=workflow.final)
        facts.append(("Due", rec.due.isoformat() + (" (overdue)" if overdue else "")))
    lines += [f"- **{label}:** {cell(value)}" for label, value in facts]
    if text := rec.state.get("text"):
        lines += ["", *_quote(str(text))]
    lines += ["", "### Timeline", ""]
    for standing in rec.standings:
        if not standing.is_correction:  # shown as marks on the events they correct
            lines += _entry(standing)
    while lines[-1] == "":
        lines.pop()
    return lines


def _entry(standing: Standing) -> list[str]:
    """One timeline entry: struck through when withdrawn, a comment as amended, marked."""
    event = standing.event
    text: list[str] = []
    if isinstance(event, StatusChange):
        what = f"status *{escape(event.status)}*"
    elif isinstance(event, Comment):
        what = "comment"
        text = ["", *("  " + line for line in _quote(standing.text or "")), ""]
    elif isinstance(event, FieldChange):
        value = json_value(event.value)
        shown = ", ".join(value) if isinstance(value, list) else value
        reason = f" ({escape(event.reason)})" if event.reason else ""
        what = f"set {escape(event.field)} to {cell(str(shown or '(cleared)'))}{reason}"
    else:
        assert isinstance(event, EvidenceAdded)
        where = escape(event.url) if event.url else f"{event.size} bytes"
        what = f"evidence {escape(event.name)} ({where}, sha256 `{event.sha256}`)"
    entry = f"**{event.date.isoformat()}** {escape(event.by)}: {what}"
    if standing.withdrawn is not None:
        entry = f"~~{entry}~~"
    mark = f" *({escape(standing.mark)})*" if standing.mark else ""
    return [f"- {entry}{mark}", *text]


def _quote(text: str) -> list[str]:
    return [f"> {line}".rstrip() for line in escape(text.strip("\n")).splitlines()] or [">"]
