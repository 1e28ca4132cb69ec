"""`rec changes` as Markdown, HTML or JSON: text for a committee paper."""

from __future__ import annotations

import html
import json
from collections import Counter

from rectrack.domain.changes import ChangeSet
from rectrack.domain.events import (
    Amendment,
    Comment,
    Event,
    EvidenceAdded,
    FieldChange,
    Retraction,
    StatusChange,
)
from rectrack.domain.workflow import Workflow


def as_json(change_set: ChangeSet) -> str:
    return json.dumps([c.as_json() for c in change_set.changes], indent=2, ensure_ascii=False)


def summary(change_set: ChangeSet, *, workflow: Workflow) -> str:
    """One sentence counting what changed."""
    counts: Counter[str] = Counter()
    for change in change_set.changes:
        counts["new recommendations"] += change.new
        for event in change.events:
            counts[_category(event, workflow=workflow)] += 1
    singular = {"new recommendations": "new recommendation", "status changes": "status change",
                "closures": "closure", "comments": "comment", "due-date moves": "due-date move",
                "other field changes": "other field change", "evidence": "evidence",
                "corrections": "correction"}  # fmt: skip
    parts = [
        f"{counts[name]} {one if counts[name] == 1 else name}"
        for name, one in singular.items()
        if counts[name]
    ]
    return ", ".join(parts) if parts else "no changes"


def _category(event: Event, *, workflow: Workflow) -> str:
    if isinstance(event, StatusChange):
        return "closures" if workflow.is_final(event.status) else "status changes"
    if isinstance(event, Comment):
        return "comments"
    if isinstance(event, FieldChange):
        return "due-date moves" if event.field == "due" else "other field changes"
    if isinstance(event, Amendment | Retraction):
        return "corrections"
    return "evidence"


def describe(event: Event) -> str:
    """One plain-text line (a comment's text follows separately)."""
    if isinstance(event, StatusChange):
        return f"status -> {event.status}"
    if isinstance(event, Comment):
        return "comment"
    if isinstance(event, FieldChange):
        value = "(cleared)" if event.value is None else str(event.value)
        reason = f" (reason: {event.reason})" if event.reason else ""
        return f"{event.field} set to {value}{reason}"
    if isinstance(event, Amendment):
        return f"amended the text of event {event.event}"
    if isinstance(event, Retraction):
        return f"withdrew event {event.event} (reason: {event.reason})"
    assert isinstance(event, EvidenceAdded)
    where = event.url or f"{event.size} bytes"
    return f"evidence {event.name} ({where}, sha256 {event.sha256[:12]}…)"


def as_markdown(change_set: ChangeSet, *, workflow: Workflow) -> str:
    lines = [
        f"# Changes since {change_set.since}",
        "",
        f"Since {change_set.baseline}: {summary(change_set, workflow=workflow)}.",
    ]
    for change in change_set.changes:
        rec = change.rec
        flag = " (new)" if change.new else ""
        lines += [
            "",
            f"## {rec.id}. {_md(rec.title)}{flag}",
            "",
            f"Status now: **{rec.status}**",
            "",
        ]
        for event in change.events:
            lines.append(f"- {event.date.isoformat()}, {_md(event.by)}: {_md(describe(event))}")
            if isinstance(event, Comment | Amendment):
                lines += [f"  > {_md(line)}" if line else "  >" for line in event.text.splitlines()]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Escape Markdown's inline syntax so user text is shown, not interpreted."""
    return "".join("\\" + ch if ch in "\\`*_{}[]<>()#+!|" else ch for ch in text)


def as_html(change_set: ChangeSet, *, workflow: Workflow) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Changes since {e(change_set.since)}</title>",
        "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:50em;margin:2em auto;color:#222}"
        "h2{border-bottom:1px solid #ccc}blockquote{margin:.3em 0 .6em 1em;padding-left:.8em;"
        "border-left:3px solid #bbb;white-space:pre-wrap}.new{color:#06c}</style></head><body>",
        f"<h1>Changes since {e(change_set.since)}</h1>",
        f"<p>Since {e(change_set.baseline)}: {e(summary(change_set, workflow=workflow))}.</p>",
    ]
    for change in change_set.changes:
        rec = change.rec
        flag = " <span class='new'>(new)</span>" if change.new else ""
        parts.append(
            f"<h2>{rec.id}. {e(rec.title)}{flag}</h2><p>Status now: <b>{e(str(rec.status))}</b></p><ul>"
        )
        for event in change.events:
            parts.append(f"<li>{event.date.isoformat()}, {e(event.by)}: {e(describe(event))}")
            if isinstance(event, Comment | Amendment):
                parts.append(f"<blockquote>{e(event.text)}</blockquote>")
            parts.append("</li>")
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
