"""Saved web pages: the visible text, read as a tracker page.

The fixtures in tests/data/html-pages/ carry content from HMICFRS's public recommendations
tracker, Crown copyright, used under the Open Government Licence v3.0
(nationalarchives.gov.uk/doc/open-government-licence/version/3/).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectrack.errors import ImportFormatError
from rectrack.importers.html_page import html_text, parse_html_page, read_page
from rectrack.importers.tracker import TrackerPage, parse_page

DATA = Path(__file__).resolve().parent.parent / "data"
HTML = DATA / "html-pages"
TEXT = "The force should act."
STATUS = "[on]3rd March 2017 [status]awaiting-review[/status][/on]"
SAVED_AS = {
    "devon-and-cornwall_6989.html": "devon-and-cornwall_6989.txt",
    "theme-audit_7319.htm": "theme-audit_7319.txt",
    "Hampshire – HMICFRS.html": "hampshire_8787.txt",
}
FIELDS = (
    "kind",
    "number",
    "tracker_id",
    "force",
    "theme",
    "report",
    "section",
    "concern",
    "text",
    "progress",
)


def saved(name: str) -> TrackerPage:
    return parse_html_page((HTML / name).read_text(encoding="utf-8"), source=name)


def scraped(name: str) -> TrackerPage:
    return parse_page((DATA / "tracker-pages" / name).read_text(encoding="utf-8"), source=name)


def entries(page: TrackerPage) -> list[tuple[dt.date, str | None, str | None]]:
    return [(e.date, e.status, e.comment) for e in page.events]


def body(html: str) -> str:
    """A minimal page around some body markup."""
    return f"<!DOCTYPE html><html><head><title>t</title></head><body>{html}</body></html>"


@pytest.mark.parametrize(("html_name", "text_name"), SAVED_AS.items())
def test_saved_page_reads_like_the_scraped_text_of_the_same_page(
    html_name: str, text_name: str
) -> None:
    """Every field of a saved page equals the scraped page's; entries too, bar `<br>` lines."""
    page, text_page = saved(html_name), scraped(text_name)
    assert {f: getattr(page, f) for f in FIELDS} == {f: getattr(text_page, f) for f in FIELDS}
    if html_name.startswith("devon"):  # the scrape lost the comment's <br>s: words ran together
        assert (
            entries(page)[:4] + entries(page)[5:] == entries(text_page)[:4] + entries(text_page)[5:]
        )
    else:
        assert entries(page) == entries(text_page)


def test_saved_pages_take_force_and_id_from_their_address() -> None:
    """A browser's file name has no ID: the canonical link, og:url or saved-from comment gives it."""
    hampshire = saved("Hampshire – HMICFRS.html")
    assert (hampshire.tracker_id, hampshire.force) == ("8787", "hampshire")
    theme = saved("theme-audit_7319.htm")
    assert (theme.tracker_id, theme.theme, theme.force) == ("7319", "audit", None)
    comment_only = "<!-- saved from url=(0067)https://www.justiceinspectorates.gov.uk/hmicfrs/recommendation/kent/8712/ -->"
    page = parse_html_page(comment_only + body(f"<p>{TEXT}</p>"), source="Kent.html")
    assert (page.tracker_id, page.force) == ("8712", "kent")
    og = '<html><head><meta property="og:url" content="https://www.justiceinspectorates.gov.uk/hmicfrs/recommendation/essex/12/"></head>'
    page = parse_html_page(og + f"<body><p>{TEXT}</p></body></html>", source="Essex.html")
    assert (page.tracker_id, page.force) == ("12", "essex")


def test_line_breaks_inside_a_comment_are_kept() -> None:
    """`<br>` in a comment's paragraph is a line break, as the browser shows it."""
    assert entries(saved("devon-and-cornwall_6989.html"))[4] == (
        dt.date(2018, 2, 2), None,
        'Update from Richie Barber HMICFRS CDI team:\n\n"Completed\nVictims are clearly believed\n'
        "Call handlers have had additionjal training regarding the importance of recording all available info on a log and in passing this info to officers\n"
        "More multiple crimes are being recorded\n"
        "Croimes are now recorded before any ABE i/v or medical examination with supervisors looking for this\n"
        'Triage is now improved with regualr messaging to the public to prevent any seriojus crfimes being reported this way."',
    )  # fmt: skip


def test_scripts_navigation_banner_footer_and_hidden_text_are_dropped() -> None:
    """Nothing from scripts, styles, nav, header, footer, noscript, template or hidden parts."""
    text = html_text((HTML / "devon-and-cornwall_6989.html").read_text(encoding="utf-8"))
    for gone in ("fake", "dataLayer", "Our work", "Home", "Search", "Back to top", "Crown copyright",
                 "cookies", "Share this page", "googletagmanager", "skip-link", "Devon & Cornwall"):  # fmt: skip
        assert gone not in text, gone
    assert text.startswith(
        "https://www.justiceinspectorates.gov.uk/hmicfrs/recommendation/devon-and-cornwall/6989/\n\n"
    )
    hampshire = html_text((HTML / "Hampshire – HMICFRS.html").read_text(encoding="utf-8"))
    assert "Cookies on this site" not in hampshire and "Accept all" not in hampshire
    assert "Accessibility" not in hampshire and "tracking pixel" not in hampshire


def test_an_articles_own_header_is_kept() -> None:
    """A `<header>` inside `<article>` holds the report title and ID, so it stays."""
    assert (
        saved("theme-audit_7319.htm").report
        == "Merseyside Police: Crime Data Integrity inspection 2016"
    )


def test_entities_become_their_characters() -> None:
    """`&amp;`, `&nbsp;` and `&#8217;` read as &, a space and ’."""
    text = html_text(body("<p>Fire&nbsp;&amp; Rescue&#8217;s&#160;plan</p>"))
    assert text == "Fire & Rescue’s plan"


def test_block_elements_and_breaks_become_lines() -> None:
    """Paragraphs and divs are paragraphs, `<br>` and list items lines, nested items sub-bullets."""
    html = body(
        "<div>One<br>two</div><p>Three\n   four</p><ul><li>a<ul><li>a1</li></ul></li><li>• b</li></ul>"
        "<pre>x\n  y</pre><table><tr><td>c1</td><td>c2</td></tr></table>"
    )
    assert html_text(html) == "One\ntwo\n\nThree four\n\n• a\n◦ a1\n• b\n\nx\ny\n\nc1 c2"


def test_inline_markup_does_not_break_words() -> None:
    """`<b>`, `<a>` and `<span>` inside a sentence leave it whole."""
    assert html_text(
        body("<p>The <b>force</b> should <a href='#'>act</a><span>now</span>.</p>")
    ) == ("The force should actnow.")


def test_empty_saved_page_is_refused() -> None:
    """A page with nothing visible: the empty-page error."""
    with pytest.raises(ImportFormatError) as raised:
        parse_html_page(body("<script>var x = 1;</script><nav>Menu</nav>"), source="e.html")
    assert str(raised.value) == "e.html: the page is empty"


def test_errors_name_the_line_of_the_visible_text() -> None:
    """A bad date is named with its line in the page's text (the HTML's lines differ)."""
    html = body(f"<p>{TEXT}</p><p>[on]31st February 2019 [status]complete[/status][/on]</p>")
    with pytest.raises(ImportFormatError) as raised:
        parse_html_page(html, source="b.html")
    assert str(raised.value).startswith(
        "b.html: line 3 of its visible text: invalid date '31st February 2019'"
    )


def test_text_that_is_not_html_is_read_as_a_text_page() -> None:
    """A `.html` file holding plain tracker text still reads (the parser keeps the text)."""
    page = parse_html_page(f"{TEXT}\n\n{STATUS}", source="kent_8.html")
    assert (page.text, page.tracker_id, entries(page)) == (
        TEXT,
        "8",
        [(dt.date(2017, 3, 3), "awaiting-review", None)],
    )


_markup = st.lists(
    st.one_of(
        st.sampled_from(["<p>", "</p>", "<br>", "<div>", "</div>", "<li>", "<ul>", "<script>", "</script>",
                         "<!--", "-->", "&amp;", "&nbsp;", "&#8217;", "&#0;", "&#xD800;", "<", ">", "\x00",
                         "[on]3rd March 2017 ", "[status]complete[/status][/on]", "Cause of concern ",
                         f"<p>{TEXT}</p>"]),
        st.text(max_size=10),
    ),
    max_size=30,
).map("".join)  # fmt: skip


@given(_markup)
def test_random_markup_is_read_or_refused_cleanly(html: str) -> None:
    """Any markup gives a page or an ImportFormatError, never another exception."""
    try:
        page = parse_html_page(html, source="r.html", name="kent_1.html")
    except ImportFormatError as error:
        assert str(error).startswith("r.html: ")
        return
    assert page.text and "[on]" not in page.text


def test_deeply_nested_markup_does_not_overflow() -> None:
    """Thousands of nested elements (a broken page) are read without a recursion error."""
    html = "<div>" * 5000 + f"<p>{TEXT}</p>" + "</div>" * 5000
    assert html_text(html) == TEXT


@pytest.mark.parametrize(("module", "library"), [("rectrack.importers.html_page", "bs4")])
def test_the_parser_library_is_loaded_only_when_a_page_is_read(module: str, library: str) -> None:
    """Importing the reader does not import its library: start-up time stays low."""
    code = f"import sys, {module}; print({library!r} in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_long_saved_page_reads_in_linear_time() -> None:
    """A page of 15,000 paragraphs reads in seconds (the tree is walked once, not edited)."""
    import time

    html = body(
        f"<p>{TEXT}</p>" + "<p>[on]1st May 2019 [comment]</p><p>x</p><p>[/comment][/on]</p>" * 5_000
    )
    started = time.perf_counter()
    assert len(parse_html_page(html, source="kent_1.html").events) == 5_000
    assert time.perf_counter() - started < 15  # about 1 s; editing the tree took minutes


def test_read_page_picks_html_by_name_or_by_its_start() -> None:
    """`.html`/`.htm` names and pages starting `<!DOCTYPE html` are HTML; others are text."""
    html = (HTML / "theme-audit_7319.htm").read_text(encoding="utf-8")
    by_name = read_page(html, source="theme-audit_7319.htm")
    by_start = read_page(html, source="upload", name="page.txt")
    assert by_name == by_start == parse_html_page(html, source="theme-audit_7319.htm")
    assert by_name.text.startswith("Within six months, the force should review")
    text = (DATA / "tracker-pages" / "kent_8712.txt").read_text(encoding="utf-8")
    assert read_page(text, source="kent_8712.txt") == parse_page(text, source="kent_8712.txt")
    assert read_page(f"<p>{TEXT}</p>", source="kent_3.HTML").text == TEXT
