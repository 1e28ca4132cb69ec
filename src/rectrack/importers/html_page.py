"""A browser's saved page (`.html`, `.htm`) read as a tracker page.

The visible text is taken with a real HTML parser (BeautifulSoup over Python's own
html.parser, so entities, unclosed tags and stray markup are handled as a browser would),
laid out as `html_text.visible_text` describes, then read exactly like a scraped text
page. The page's own address (`<link rel=canonical>`, `og:url`, or the `saved from url=`
comment browsers write) is put first, on a line of its own, where the text reader looks
for force and ID.
"""

from __future__ import annotations

import re
import warnings
from typing import TYPE_CHECKING

from rectrack.errors import ImportFormatError
from rectrack.importers.html_text import MARKERS, visible_text
from rectrack.importers.tracker import TrackerPage, parse_page

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(https?://\S+)", re.I)
_LINE_NUMBER = re.compile(r"^line (\d+):")
_HTML_NAME = re.compile(r"\.x?html?$", re.I)
_HTML_START = re.compile(r"\ufeff?\s*(?:<!doctype html|<html|<\?xml|<!-- saved from url)", re.I)


def read_page(text: str, *, source: str, name: str | None = None) -> TrackerPage:
    """A saved tracker page, text or HTML: HTML by its name (`.html`, `.htm`, `.xhtml`)
    or by how it starts (`<!DOCTYPE html`, `<html`, an XML declaration)."""
    if _HTML_NAME.search(source if name is None else name) or _HTML_START.match(text):
        return parse_html_page(text, source=source, name=name)
    return parse_page(text, source=source, name=name)


def parse_html_page(html: str, *, source: str, name: str | None = None) -> TrackerPage:
    """The tracker page a saved web page shows; line numbers in errors count its text."""
    try:
        return parse_page(html_text(html), source=source, name=name)
    except ImportFormatError as error:
        detail = _LINE_NUMBER.sub(r"line \1 of its visible text:", str(error.details["detail"]))
        raise ImportFormatError(source=source, detail=detail) from None


def html_text(html: str) -> str:
    """The visible text of a web page, its address (if it names one) on the first line."""
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

    for marker in MARKERS:
        html = html.replace(marker, "")
    with warnings.catch_warnings():
        # A short page that looks like a file name, or a saved XHTML page, is still a page.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(html, "html.parser")
    address = _address(soup)
    text = visible_text(soup)
    return f"{address}\n\n{text}" if address else text


def _address(soup: BeautifulSoup) -> str | None:
    from bs4 import Comment, Tag

    candidates: list[object] = []
    if isinstance(link := soup.find("link", rel="canonical"), Tag):
        candidates.append(link.get("href"))
    if isinstance(meta := soup.find("meta", attrs={"property": "og:url"}), Tag):
        candidates.append(meta.get("content"))
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        if match := _SAVED_FROM.search(str(comment)):
            candidates.append(match.group(1))
    return next(
        (c.strip() for c in candidates if isinstance(c, str) and c.strip().startswith("http")),
        None,
    )
