"""`rec export --format html`: one self-contained page to publish or print.

Inline CSS and an inline SVG chart; no scripts, fonts or images from anywhere (a
Content-Security-Policy says so to the browser too). Every piece of user text goes
through `html.escape`.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence

from rectrack.domain.codec import json_value
from rectrack.domain.corrections import Standing
from rectrack.domain.dates import format_long
from rectrack.domain.events import Comment, EvidenceAdded, FieldChange, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.stats import Point, compute, open_vs_closed
from rectrack.domain.workflow import Workflow
from rectrack.exporters.chart import svg_chart
from rectrack.exporters.palette import NO_STATUS, badge_colours

CSS = """
:root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --open: #d4622a; --done: #1a7f37;
  --late: #b42318; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  max-width: 60rem; margin: 0 auto; padding: 1.5rem; background: #fff; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; }
.meta, .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { background: #f6f8fa; }
td.num, th.num { text-align: right; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: .6rem; font-size: .85rem;
  white-space: nowrap; border: 1px solid currentColor; }
.overdue { color: var(--late); font-weight: 600; }
td.zero, .zero { color: var(--muted); }
tr.late td { background: #fff5f5; }
td.date { white-space: nowrap; }
.figures { display: flex; gap: 2rem; flex-wrap: wrap; align-items: flex-start; }
.figures table { width: auto; min-width: 14rem; }
figure { margin: 0; }
figcaption { color: var(--muted); font-size: .9rem; }
article { border: 1px solid var(--line); border-radius: .4rem; padding: 0 1rem 1rem;
  margin: 1rem 0; break-inside: avoid-page; }
article h2 { border: 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; }
blockquote { margin: .75rem 0; padding: .25rem 1rem; border-left: 4px solid var(--line); }
ol.timeline { list-style: none; padding: 0; margin: 0; border-left: 2px solid var(--line); }
ol.timeline li { margin: 0 0 .6rem; padding-left: 1rem; position: relative; }
ol.timeline li::before { content: ""; position: absolute; left: -6px; top: .55rem; width: 10px;
  height: 10px; border-radius: 50%; background: var(--line); }
ol.timeline li.status::before { background: var(--open); }
.when { font-variant-numeric: tabular-nums; font-weight: 600; }
.by { color: var(--muted); }
.comment p { margin: .25rem 0; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  article { border: 0; border-top: 1px solid var(--line); border-radius: 0; padding: 0; }
  a { color: inherit; text-decoration: none; }
}
"""
_LATE = '<br><span class="overdue">overdue</span>'
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def e(value: object) -> str:
    """Escaped text for HTML content and attribute values."""
    return html.escape(str(value), quote=True)


def export_html(
    recs: Sequence[Recommendation], *, workflow: Workflow, today: dt.date, title: str
) -> str:
    """The whole page."""
    stats = compute(recs, workflow=workflow, today=today)
    points: list[Point] = open_vs_closed(recs, workflow=workflow, today=today)
    overdue = f"{stats.overdue} overdue"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title><style>{CSS}{badge_css(workflow)}</style></head><body>",
        f'<header><h1>{e(title)}</h1><p class="meta">{stats.total} recommendation(s) '
        f"on {e(format_long(today))}: {stats.open} open, {stats.closed} closed, "
        + (f'<span class="overdue">{overdue}</span>' if stats.overdue else overdue)
        + ".</p></header>",
        '<section id="summary"><h2>Summary</h2><div class="figures">',
        _counts_table(stats.by_status, workflow=workflow),
        f"<figure>{svg_chart(points)}<figcaption>Open and closed recommendations over time"
        "</figcaption></figure></div>",
        _summary_table(recs, workflow=workflow, today=today),
        '</section><section id="recommendations">',
        *(_article(rec, workflow=workflow, today=today) for rec in recs),
        '</section><footer class="muted"><p>Exported by rectrack.</p></footer></body></html>',
    ]
    return "\n".join(parts) + "\n"


def badge_css(workflow: Workflow) -> str:
    """A neutral `.badge`, then one rule per status of the workflow (`.badge.s0`, ...), each
    its own colour pair (exporters/palette.py: distinct, and AA contrast)."""
    pairs = badge_colours(workflow.statuses, final=workflow.final)
    rules = [f".badge {{ color: {NO_STATUS.text}; background: {NO_STATUS.background}; }}"]
    rules += [
        f".badge.s{index} {{ color: {pair.text}; background: {pair.background}; }}"
        for index, pair in enumerate(pairs)
    ]
    return "\n".join(rules) + "\n"


def _badge(status: str | None, *, workflow: Workflow) -> str:
    if status is None or status not in workflow.statuses:
        return f'<span class="badge">{e(status or "no status")}</span>'
    return f'<span class="badge s{workflow.statuses.index(status)}">{e(status)}</span>'


def _counts_table(counts: dict[str, int], *, workflow: Workflow) -> str:
    rows = "".join(
        f"<tr><td>{_badge(status, workflow=workflow)}</td>"
        f'<td class="num{"" if count else " zero"}">{count}</td></tr>'
        for status, count in counts.items()
    )
    return (
        '<table class="counts"><thead><tr><th>Status</th><th class="num">Count</th></tr>'
        f"</thead><tbody>{rows}</tbody></table>"
    )


def _summary_table(recs: Sequence[Recommendation], *, workflow: Workflow, today: dt.date) -> str:
    """Every recommendation, overdue ones first."""

    def late(rec: Recommendation) -> bool:
        return rec.is_overdue(today=today, final=workflow.final)

    rows = []
    for rec in sorted(recs, key=lambda rec: (not late(rec), rec.id)):
        due = rec.due.isoformat() if rec.due else ""
        last = rec.state.last_activity
        rows.append(
            f'<tr{" class=late" if late(rec) else ""}><td class="num">{rec.id}</td>'
            f'<td><a href="#rec-{rec.id}">{e(rec.title)}</a></td>'
            f"<td>{_badge(rec.status, workflow=workflow)}</td><td>{e(rec.owner or '')}</td>"
            f'<td class="date">{due}{_LATE if late(rec) else ""}</td>'
            f'<td class="date">{last.isoformat() if last else ""}</td></tr>'
        )
    return (
        '<table class="list"><thead><tr><th class="num">ID</th><th>Title</th><th>Status</th>'
        "<th>Owner</th><th>Due</th><th>Last activity</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _article(rec: Recommendation, *, workflow: Workflow, today: dt.date) -> str:
    facts = [("Status", _badge(rec.status, workflow=workflow))]
    for name in ("report", "number", "kind", "section", "owner"):
        if value := rec.state.get(name):
            facts.append((name.capitalize(), e(value)))
    if rec.due:
        late = rec.is_overdue(today=today, final=workflow.final)
        shown = e(format_long(rec.due)) + (' <span class="overdue">overdue</span>' if late else "")
        facts.append(("Due", shown))
    facts_html = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in facts)
    text = rec.state.get("text")
    body = f"<blockquote>{_paragraphs(str(text))}</blockquote>" if text else ""
    events = "".join(
        _event(standing, workflow=workflow) for standing in rec.standings
        if not standing.is_correction  # shown as marks on the events they correct
    )  # fmt: skip
    return (
        f'<article id="rec-{rec.id}"><h2>{rec.id}. {e(rec.title)}</h2><dl>{facts_html}</dl>'
        f'{body}<h3>Timeline</h3><ol class="timeline">{events}</ol></article>'
    )


def _event(standing: Standing, *, workflow: Workflow) -> str:
    event = standing.event
    head = (
        f'<time class="when" datetime="{event.date.isoformat()}">'
        f'{e(format_long(event.date))}</time> <span class="by">{e(event.by)}</span> '
    )
    if isinstance(event, StatusChange):
        kind, body = "status", f"status {_badge(event.status, workflow=workflow)}"
    elif isinstance(event, Comment):
        kind, body = "comment", f'<div class="comment">{_paragraphs(standing.text or "")}</div>'
    elif isinstance(event, EvidenceAdded):
        where = e(event.url) if event.url else f"{event.size} bytes"
        kind = "evidence"
        body = f"evidence <b>{e(event.name)}</b> ({where}, sha256 <code>{e(event.sha256)}</code>)"
    else:
        assert isinstance(event, FieldChange)
        value = json_value(event.value)
        shown = ", ".join(value) if isinstance(value, list) else value
        reason = f" ({e(event.reason)})" if event.reason else ""
        kind, body = "set", f"set {e(event.field)} to <b>{e(shown or '(cleared)')}</b>{reason}"
    if standing.withdrawn is not None:
        body = f"<del>{body}</del>"
    mark = f' <span class="mark">({e(standing.mark)})</span>' if standing.mark else ""
    return f'<li class="{kind}">{head}{body}{mark}</li>'


def _paragraphs(text: str) -> str:
    """Paragraphs (blank-line separated) as <p>, single line breaks as <br>."""
    blocks = [block.strip("\n") for block in re.split(r"\n\s*\n", text.strip("\n"))]
    return "".join(f"<p>{e(block).replace(chr(10), '<br>')}</p>" for block in blocks if block)
