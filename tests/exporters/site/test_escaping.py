"""Ledger text is data: no field of a recommendation can put markup or script on a page."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

from rectrack.domain.events import Comment, EvidenceAdded, FieldChange, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.workflow import DEFAULT_WORKFLOW
from rectrack.exporters.site import build_site
from tests.exporters.site.factory import SOURCE, TODAY
from tests.exporters.site.pages import html_pages

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "javascript:alert(3)",
    "{{ 7*7 }}",
    "</textarea><style>body{display:none}</style>",
    "]]> & <![CDATA[ x",
)
EVIL = " ".join(HOSTILE)
# Exactly the tags and attributes our templates write; anything else came from the data.
TAGS = {"html", "head", "meta", "title", "link", "body", "a", "header", "p", "nav", "ul", "li",
        "main", "h1", "h2", "span", "dl", "dt", "dd", "section", "div", "blockquote", "ol",
        "time", "strong", "footer", "code", "script", "table", "caption", "thead", "tr", "th",
        "tbody", "td", "form", "label", "input", "select", "option", "figure", "figcaption",
        "svg", "rect", "line", "text", "polyline"}  # fmt: skip


def hostile_rec() -> Recommendation:
    """Every text a user can type, each holding every hostile string."""
    day = dt.date(2025, 1, 1)
    header: dict[str, object] = {name: f"{name} {EVIL}" for name in
              ("title", "text", "report", "number", "owner", "section", "concern", "kind")}  # fmt: skip
    header["tags"] = [EVIL, "plain"]
    events = (
        StatusChange(date=day, by=f"by {EVIL}", status="awaiting-review"),
        Comment(date=day, by=EVIL, text=f"comment {EVIL}\nsecond line"),
        FieldChange(date=day, by=EVIL, field="owner", value=f"new {EVIL}", reason=f"why {EVIL}"),
        EvidenceAdded(
            date=day, by=EVIL, name=f"name {EVIL}", sha256="a" * 64, url=f"javascript:{EVIL}"
        ),
        StatusChange(date=day, by=EVIL, status=f"made-up {EVIL}"),
    )
    return Recommendation(id=1, header=header, events=events)


def hostile_site() -> dict[str, bytes]:
    return build_site(recs=[hostile_rec()], workflow=DEFAULT_WORKFLOW, today=TODAY,
                      title=f"Site {EVIL}", source=SOURCE)  # fmt: skip


def test_no_page_gets_a_tag_attribute_or_url_from_the_data() -> None:
    """Parsed back, every page has only our own tags, no event handlers, no javascript: URLs,
    and just the one script (site.js, on the index)."""
    for path, page in html_pages(hostile_site()).items():
        assert {tag for tag, _ in page.tags} <= TAGS, path
        for _, attrs in page.tags:
            assert not [name for name in attrs if name.startswith("on")], path
            assert not any((value or "").lower().lstrip().startswith("javascript:")
                           for name, value in attrs.items() if name in ("href", "src")), path  # fmt: skip
        scripts = [attrs for tag, attrs in page.tags if tag == "script"]
        assert scripts == ([{"src": "site.js"}] if path == "index.html" else []), path


def test_hostile_text_reads_back_literally_on_every_page() -> None:
    """Each hostile string shows as the very characters typed, on the pages that show it."""
    pages = html_pages(hostile_site())
    record = pages["recs/1.html"].all_text
    # The owner now is the one the set event gave ("new ..."), so "owner ..." is not shown.
    for label in ("title", "text", "report", "number", "section", "concern", "comment", "why",
                  "name", "new", "made-up"):  # fmt: skip
        assert f"{label} {EVIL}" in record, label
    (report,) = (path for path in pages if path.startswith("reports/"))
    for path in ("index.html", "changes.html", report):
        assert f"title {EVIL}" in pages[path].all_text, path
    assert "alert(3) 49 " not in record, "template syntax in data is never evaluated"


def test_feed_carries_hostile_text_as_text() -> None:
    """The feed parses as XML and gives back titles holding ]]>, & and markup unchanged."""
    feed = ET.fromstring(hostile_site()["feed.xml"])
    assert feed.findtext(f"{ATOM}title") == f"Site {EVIL}: latest changes"
    titles = [entry.findtext(f"{ATOM}title") or "" for entry in feed.iter(f"{ATOM}entry")]
    assert titles and all(title.startswith(f"1. title {EVIL}: ") for title in titles)
    contents = [entry.findtext(f"{ATOM}content") or "" for entry in feed.iter(f"{ATOM}entry")]
    assert any(content.endswith(f"comment {EVIL}\nsecond line") for content in contents)
    assert not list(feed.iter("script")) and not list(feed.iter("img"))


def test_control_characters_that_xml_cannot_hold_are_dropped_from_the_feed() -> None:
    """A comment with a NUL or escape byte still gives a feed that parses."""
    rec = Recommendation(id=1, header={"title": "bell\x07"}, events=(
        Comment(date=dt.date(2025, 1, 1), by="A", text="nul\x00 esc\x1b tab\t ok"),))  # fmt: skip
    files = build_site(recs=[rec], workflow=DEFAULT_WORKFLOW, today=TODAY, title="T", source=SOURCE)
    entry = ET.fromstring(files["feed.xml"]).find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}content", "").endswith("nul esc tab\t ok")


def test_data_json_round_trips_hostile_text() -> None:
    """data.json stays valid JSON and holds the hostile strings exactly."""
    data = json.loads(hostile_site()["data.json"])
    assert data["recommendations"][0]["title"] == f"title {EVIL}"
    assert data["recommendations"][0]["events"][1]["text"] == f"comment {EVIL}\nsecond line"


def test_css_holds_no_status_name() -> None:
    """Badge classes are numbered, so a status name never reaches the stylesheet."""
    css = hostile_site()["site.css"].decode()
    assert "made-up" not in css and "<" not in css and ".badge.s3 {" in css
