"""`build_site`: the whole static website of a ledger, as bytes keyed by relative path.

Pure: no file system, git or clock. Everything dated comes from the arguments, the
recommendations are put in ID order first, and every collection is sorted before it is
shown, so the same inputs always give byte-identical files.

Every link is relative, so the site works from file:// and under any sub-path. That holds
for feed.xml too: its links resolve against the feed's own address, so it must stay at
the site root beside index.html (as `build_site` places it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import jinja2
import markupsafe

from rectrack.domain.state import Recommendation
from rectrack.domain.stats import open_vs_closed
from rectrack.domain.workflow import Workflow
from rectrack.exporters.chart import svg_chart
from rectrack.exporters.json_export import export_json
from rectrack.exporters.site.catalogue import Catalogue, catalogue
from rectrack.exporters.site.changes import feed_id, latest_changes, utc
from rectrack.exporters.site.headline import by_status, figures
from rectrack.exporters.site.model import RecordedEvent, SiteSource
from rectrack.exporters.site.templating import environment, render, static_file

Progress = Callable[[int, int], None]


def _change_files(
    pages: _Pages, site: Catalogue, *, changes: Sequence[RecordedEvent] | None, source: SiteSource
) -> dict[str, bytes]:
    """changes.html and the Atom feed of the latest events."""
    by_id = {rec.id: rec for rec in site.recs}
    latest = latest_changes(by_id, recorded=changes, ledger_root=source.ledger_root)
    updated = max([utc(source.committed), *(change.updated for change in latest)])
    return {
        "changes.html": pages.page("changes.html", root="", changes=latest),
        "feed.xml": pages.page("feed.xml", root="", changes=latest, feed_updated=updated,
                               feed_id=feed_id(source.ledger_root)),
    }  # fmt: skip


def build_site(
    *,
    recs: Sequence[Recommendation],
    workflow: Workflow,
    today: dt.date,
    title: str,
    source: SiteSource,
    changes: Sequence[RecordedEvent] | None = None,
    evidence: Mapping[str, bytes] | None = None,
    progress: Progress | None = None,
) -> dict[str, bytes]:
    """Every file of the site: relative POSIX path -> bytes, in path order.

    `changes` says when git recorded events (orders the feed; None: by event date).
    `evidence` maps SHA-256 -> bytes of stored evidence files to publish beside the pages;
    only files some event cites are kept, and each must hash to its key. `progress` is
    called as (pages done, pages in all) after each page is rendered.
    """
    site = catalogue(recs, workflow=workflow, today=today, evidence=evidence)
    pages = _Pages(site=site, title=title, source=source, progress=progress)
    files: dict[str, bytes] = {
        "site.css": pages.render("site.css", root=""),
        "site.js": static_file("site.js"),
        "favicon.svg": static_file("favicon.svg"),
        "data.json": export_json(site.recs).encode("utf-8"),
    }
    groups = _by_report(site)
    files["index.html"] = pages.page("index.html", root="", groups=groups,
                                     **_index(site, workflow=workflow))  # fmt: skip
    template = environment().get_template("rec.html")
    for position, rec in enumerate(site.recs):
        files[f"recs/{rec.id}.html"] = pages.page(template, root="../", **_rec(site, position))
    for report in site.reports:
        files[report.href] = pages.page("report.html", root="../", report=report,
                                        recs=groups[report.key])  # fmt: skip
    files.update(_change_files(pages, site, changes=changes, source=source))
    for sha256, content in site.evidence.items():
        files[f"evidence/{sha256}"] = content
    return dict(sorted(files.items()))


class _Pages:
    """Renders templates with what every page shares, counting pages for `progress`."""

    def __init__(
        self, *, site: Catalogue, title: str, source: SiteSource, progress: Progress | None
    ) -> None:
        self.shared = {"site": site, "title": title, "source": source, "today": site.today}
        self.progress = progress
        self.done = 0
        self.total = len(site.recs) + len(site.reports) + 3  # index, changes, feed

    def render(self, template: str | jinja2.Template, *, root: str, **context: Any) -> bytes:
        return render(template, **self.shared, root=root, **context).encode("utf-8")

    def page(self, template: str | jinja2.Template, *, root: str, **context: Any) -> bytes:
        content = self.render(template, root=root, **context)
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)
        return content


def _index(site: Catalogue, *, workflow: Workflow) -> dict[str, Any]:
    points = open_vs_closed(site.recs, workflow=workflow, today=site.today)
    # One day of history draws a flat line that says nothing; the page says so instead.
    chart = markupsafe.Markup(svg_chart(points)) if len({p.date for p in points}) > 1 else None
    return {
        "figures": figures(site, workflow=workflow),
        "by_status": by_status(site),
        "chart": chart,
    }


def _rec(site: Catalogue, position: int) -> dict[str, Any]:
    recs = site.recs
    return {
        "rec": recs[position],
        "previous": recs[position - 1] if position > 0 else None,
        "next": recs[position + 1] if position + 1 < len(recs) else None,
    }


def _by_report(site: Catalogue) -> dict[int, list[Recommendation]]:
    """Each report's recommendations in ID order, in one pass (report key -> list)."""
    groups: dict[int, list[Recommendation]] = {report.key: [] for report in site.reports}
    for rec in site.recs:
        groups[site.report_of(rec).key].append(rec)
    return groups
