"""`rec site` on the repository's own demo ledger, opened in Debian's Chromium.

The issue's bar: recommendation 5 reads as the seed tracker page does, with its ten dated
entries; the filter box narrows the table; every link of every page resolves.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rectrack.importers.tracker import parse_page
from tests.exporters.site.browser import Watched, links_resolved, require_chromium
from tests.exporters.site.png import colour_census
from tests.helpers import git, rec

if TYPE_CHECKING:
    pass

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "tests" / "data" / "tracker_seed_000.txt"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo ledger, cloned from the repository these tests run in, built by `rec site`."""
    require_chromium()
    clone = tmp_path_factory.mktemp("demo") / "ledger"
    git(REPO, "clone", "-q", str(REPO), str(clone))
    result = rec(clone, "site", "--title", "Demo ledger")
    assert result.exit_code == 0, result.output
    return clone / "site"


def test_recommendation_5_reads_as_the_seed_page_with_its_ten_entries(
    site: Path, tab: Watched
) -> None:
    """Each of the ten entries has the seed page's date (as printed there) and its status
    or comment text, in the page's order; the page is drawn, not blank."""
    seed_text = SEED.read_text(encoding="utf-8")
    seed = parse_page(seed_text, source=SEED.name)
    printed_dates = re.findall(r"\[on\](.+?) \[(?:status|comment)\]", seed_text)
    assert len(seed.events) == len(printed_dates) == 10
    page = tab.page
    page.goto((site / "recs" / "5.html").as_uri())
    assert page.locator("h1").inner_text().startswith("5. The responsibility for mapping")
    assert seed.text in page.locator("blockquote.text").inner_text()
    entries = page.locator("ol.timeline > li")
    assert entries.count() == 10
    for number, (event, printed) in enumerate(zip(seed.events, printed_dates, strict=True)):
        entry = entries.nth(number)
        when = entry.locator(".event-head time")
        assert when.get_attribute("datetime") == event.date.isoformat()
        assert when.inner_text() == printed
        if event.status is not None:
            assert entry.locator(".badge").inner_text() == event.status
        else:
            assert entry.locator(".text").inner_text() == event.comment
    closing = "Authorised for closure on the bases if recent insight activity."
    assert page.get_by_text(closing).is_visible()
    assert page.locator(".facts .badge").inner_text() == "complete"
    colours, inked = colour_census(page.screenshot(full_page=True))
    assert colours > 50 and inked > 0.05, (colours, inked)
    assert tab.trouble() == []


def test_the_filter_box_narrows_the_demo_table(site: Path, tab: Watched) -> None:
    """Typing keeps only the matching rows; clearing the box brings all four back."""
    page = tab.page
    page.goto((site / "index.html").as_uri())
    rows = page.locator("#recs tbody tr:visible")
    assert rows.count() == 4
    page.fill("#filter-text", "stop and search")
    assert rows.count() == 1
    assert rows.first.locator("a").first.inner_text().startswith("Publish a quarterly digest")
    page.fill("#filter-text", "")
    assert rows.count() == 4
    assert tab.trouble() == []


def test_every_link_of_the_demo_site_resolves(site: Path, tab: Watched) -> None:
    """Each href and src on every page, as the browser resolves it, is a file of the site
    (and the fragment an id on that page)."""
    pages, checked = links_resolved(site, tab)
    assert pages >= 8 and checked > 100
    assert tab.trouble() == []
