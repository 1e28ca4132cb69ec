"""Links: relative only, and every one of them lands on a file (and anchor) the build wrote."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from rectrack.domain.workflow import AUDIT_WORKFLOW
from rectrack.exporters.site import build_site
from tests.exporters.site.factory import SOURCE, TODAY, seed_rec, synthetic
from tests.exporters.site.pages import html_pages, resolve

ABSOLUTE = re.compile(r"^([a-z][a-z0-9+.-]*:|/)", re.I)


def site() -> dict[str, bytes]:
    return build_site(recs=[seed_rec(50), *synthetic(12, workflow=AUDIT_WORKFLOW)],
                      workflow=AUDIT_WORKFLOW, today=TODAY, title="T", source=SOURCE)  # fmt: skip


def test_every_link_is_relative() -> None:
    """No href or src has a scheme or starts at a server root, on any page or in the feed."""
    files = site()
    for path, page in html_pages(files).items():
        absolute = [link for link in page.links() if ABSOLUTE.match(link)]
        assert absolute == [], path
    feed = ET.fromstring(files["feed.xml"])
    hrefs = [
        element.get("href") or "" for element in feed.iter() if element.get("href") is not None
    ]
    assert hrefs and not [href for href in hrefs if ABSOLUTE.match(href)]


def test_every_internal_link_resolves_to_a_built_file_and_anchor() -> None:
    """Crawling every href/src of every page finds the file, and the element an #anchor names."""
    files = site()
    pages = html_pages(files)
    checked = 0
    for path, page in pages.items():
        for link in page.links():
            target, fragment = resolve(path, link)
            assert target in files, f"{path}: {link} -> {target}"
            if fragment:
                assert fragment in pages[target].ids, f"{path}: {link}"
            checked += 1
    assert checked > 200


def test_pages_below_the_root_link_back_up() -> None:
    """A recommendation page reaches the index, stylesheet and feed through ../."""
    links = html_pages(site())["recs/50.html"].links()
    assert {"../index.html", "../site.css", "../feed.xml", "../changes.html"} <= set(links)
