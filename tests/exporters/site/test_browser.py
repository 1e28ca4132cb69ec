"""The built site in a real browser: renders, filters, links, stays inert, works served."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rectrack.domain.events import Comment, EvidenceAdded, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.workflow import DEFAULT_WORKFLOW
from rectrack.exporters.site import build_site
from tests.exporters.site.browser import Watched, links_resolved, require_chromium, serve, watch
from tests.exporters.site.factory import SOURCE, TODAY, seed_rec, synthetic
from tests.exporters.site.png import colour_census

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = pytest.mark.browser

SUB_PATH = "sub/path"
# The seed page's closing comment, exactly as the tracker printed it.
CLOSING = "Authorised for closure on the bases if recent insight activity."
HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(2)>'
EVIDENCE = b"Call audit, October 2025: 412 calls sampled.\n"


def ledger() -> list[Recommendation]:
    """Thirty synthetic recommendations, the seed page as 50, a hostile one as 60."""
    day = dt.date(2025, 3, 1)
    hostile = Recommendation(id=60, header={"title": f"Hostile {HOSTILE}", "owner": "DCI Smith",
                                            "report": "PEEL 2025"}, events=(
        StatusChange(date=day, by="A", status="awaiting-review"),
        Comment(date=day, by=f"by {HOSTILE}", text=f"Comment {HOSTILE}\nsecond line"),
        EvidenceAdded(date=day, by="A", name="call-audit.txt",
                      sha256=hashlib.sha256(EVIDENCE).hexdigest(), size=len(EVIDENCE)),
    ))  # fmt: skip
    return [*synthetic(30), seed_rec(50), hostile]


@pytest.fixture(scope="module")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site written under <tmp>/sub/path, the way `rec site` will write it."""
    require_chromium()
    root = tmp_path_factory.mktemp("served")
    files = build_site(recs=ledger(), workflow=DEFAULT_WORKFLOW, today=TODAY, title="Force X",
                       source=SOURCE, evidence={hashlib.sha256(EVIDENCE).hexdigest(): EVIDENCE})  # fmt: skip
    for path, content in files.items():
        target = root / SUB_PATH / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return root


@pytest.fixture(scope="module")
def site(site_root: Path) -> Path:
    return site_root / SUB_PATH


def visible_rows(tab: Watched) -> int:
    return tab.page.locator("#recs tbody tr:visible").count()


def test_index_and_a_recommendation_page_render(site: Path, tab: Watched) -> None:
    """Both pages draw with our stylesheet and script from file://; screenshots are not blank."""
    page = tab.page
    page.goto((site / "index.html").as_uri())
    assert page.locator("h1").inner_text() == "Force X"
    assert page.locator("#filters").is_visible(), "site.js ran and showed the filters"
    badge = page.locator("#recs .badge.s2").first
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(214, 243, 222)"
    colours, inked = colour_census(page.screenshot(full_page=False))
    assert colours > 100 and inked > 0.05, (colours, inked)
    page.goto((site / "recs" / "50.html").as_uri())
    assert page.get_by_text(CLOSING).is_visible()
    assert page.locator("ol.timeline > li").count() == 10
    colours, inked = colour_census(page.screenshot(full_page=True))
    assert colours > 50 and inked > 0.05, (colours, inked)
    assert tab.trouble() == []


def test_typing_in_the_filter_box_hides_rows_that_do_not_match(site: Path, tab: Watched) -> None:
    """Typing narrows the table at once; clearing the box brings every row back."""
    page = tab.page
    page.goto((site / "index.html").as_uri())
    assert visible_rows(tab) == 32
    page.fill("#filter-text", "organised crime")
    assert visible_rows(tab) == 1
    assert (
        page.locator("#recs tbody tr:visible a").first.inner_text().startswith("The responsibility")
    )
    assert page.locator("#filter-count").inner_text() == "Showing 1 of 32"
    page.fill("#filter-text", "")
    assert visible_rows(tab) == 32
    assert tab.trouble() == []


def test_status_and_owner_selects_filter_the_table(site: Path, tab: Watched) -> None:
    """Choosing a status shows just the rows in it; adding an owner narrows further."""
    recs = ledger()
    page = tab.page
    page.goto((site / "index.html").as_uri())
    page.select_option("#filter-status", label="complete")
    complete = [rec for rec in recs if rec.status == "complete"]
    assert 0 < visible_rows(tab) == len(complete) < len(recs)
    page.select_option("#filter-owner", label="DCI Smith")
    assert visible_rows(tab) == sum(rec.owner == "DCI Smith" for rec in complete)
    page.select_option("#filter-status", value="")
    assert visible_rows(tab) == sum(rec.owner == "DCI Smith" for rec in recs)
    assert tab.trouble() == []


def test_every_link_on_every_page_reaches_a_file(site: Path, tab: Watched) -> None:
    """Each href and src the browser resolves, on every page, is a built file (and anchor)."""
    _, checked = links_resolved(site, tab)
    assert checked > 500
    assert tab.trouble() == []


def test_hostile_comment_shows_as_text_and_runs_nothing(site: Path, tab: Watched) -> None:
    """A comment holding <script> and onerror markup reads literally; no dialog ever opens."""
    page = tab.page
    for path in ("recs/60.html", "index.html", "changes.html"):
        page.goto((site / path).as_uri())
        page.wait_for_timeout(200)
        assert page.locator("img").count() == 0
    page.goto((site / "recs" / "60.html").as_uri())
    assert page.locator("script").count() == 0
    comment = page.locator("li.comment .text")
    assert comment.inner_text() == f"Comment {HOSTILE}\nsecond line"
    assert page.get_by_text(f"Hostile {HOSTILE}").count() >= 1
    assert tab.dialogs == [] and tab.trouble() == []


def test_the_site_works_served_over_http_under_a_sub_path(site_root: Path, tab: Watched) -> None:
    """Served from /sub/path/, pages, styles, script, feed, data and evidence all load."""
    page = tab.page
    statuses: list[tuple[int, str]] = []
    page.on("response", lambda response: statuses.append((response.status, response.url)))
    with serve(site_root) as origin:
        base = f"{origin}/{SUB_PATH}/"
        page.goto(base + "index.html")
        assert page.locator("#filters").is_visible()
        page.fill("#filter-text", "organised crime")
        page.locator("#recs tbody tr:visible a").first.click()
        page.wait_for_url(base + "recs/50.html")
        assert page.get_by_text(CLOSING).is_visible()
        assert (
            page.locator(".badge").first.evaluate("e => getComputedStyle(e).borderRadius") != "0px"
        )
        page.goto(base + "recs/60.html")
        # The page's CSP forbids fetch(); ask for the link's target as a download would.
        href = page.locator("a.evidence").evaluate("a => a.href")
        assert href.startswith(base + "evidence/")
        assert page.request.get(href).body() == EVIDENCE
        for name in ("feed.xml", "data.json", "changes.html"):
            assert page.goto(base + name).status == 200  # type: ignore[union-attr]
    assert statuses and all(status < 400 for status, _ in statuses), statuses
    assert all(url.startswith(f"{origin}/{SUB_PATH}/") for _, url in statuses), statuses
    # Shown a feed or JSON file (no <link rel=icon>), Chromium may ask the server root for
    # /favicon.ico: outside the sub-path, so no site can answer it. Anything else is trouble.
    root_icon = f"'url': '{origin}/favicon.ico'"
    assert [problem for problem in tab.trouble() if root_icon not in problem] == []


def test_print_layout_hides_controls_and_keeps_timeline_entries_whole(
    site: Path, tab: Watched
) -> None:
    """In print media the filters and navigation go, entries avoid page breaks, a PDF comes out."""
    page = tab.page
    page.emulate_media(media="print")
    page.goto((site / "index.html").as_uri())
    assert not page.locator("#filters").is_visible()
    assert not page.locator(".site-header nav").is_visible()
    assert page.locator("#recs").is_visible()
    page.goto((site / "recs" / "50.html").as_uri())
    entry = page.locator("ol.timeline > li").first
    assert entry.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    assert not page.locator("nav.pager").is_visible()
    assert page.pdf()[:5] == b"%PDF-"
    assert tab.trouble() == []


def test_a_large_table_filters_after_a_pause_in_typing(
    tmp_path: Path, browser: BrowserContext
) -> None:
    """On 2,500 rows (where the script waits for a pause in typing) the filter still narrows
    the table to the matches, and a status choice applies at once."""
    recs = synthetic(2500, events=2)
    files = build_site(
        recs=recs, workflow=DEFAULT_WORKFLOW, today=TODAY, title="Big", source=SOURCE
    )
    for path, content in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(content)
    tab = watch(browser)
    tab.page.goto((tmp_path / "index.html").as_uri())
    tab.page.fill("#filter-text", "recommendation 1234:")
    # A function, not a string: the page's CSP rightly forbids eval.
    tab.page.wait_for_function(
        "() => document.getElementById('filter-count').textContent === 'Showing 1 of 2500'"
    )
    assert visible_rows(tab) == 1
    tab.page.select_option("#filter-status", label="complete")
    assert tab.page.locator("#filter-count").inner_text() == (
        "Showing 1 of 2500" if recs[1233].status == "complete" else "Showing 0 of 2500"
    )
    assert tab.trouble() == []
    tab.page.close()
